"""Many files read into the review queue at once: one background job, each file listed with
what came of it; a file that cannot be read is named and the others go on."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mitra.intake.models import Submission
from mitra.interop.tests import iati_rules
from mitra.jobs.models import Job

pytestmark = pytest.mark.django_db
SEEDS = iati_rules.shared("corpus", "seeds")


def test_many_files_become_one_job_that_queues_each_for_review(client, officer, kazakhstan):
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus not present")
    seeds = [SEEDS / "001_d90302fa226230f5.txt", SEEDS / "002_7f8de734f38217f6.txt"]
    files = [SimpleUploadedFile(p.name, p.read_bytes()) for p in seeds]
    files.append(SimpleUploadedFile("kosong.txt", b""))
    client.force_login(officer)
    response = client.post("/review/upload/many/", {"files": files})
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.title, job.status) == ("ingest", "3 berkas", Job.Status.DONE)
    assert Submission.objects.count() == 2
    proposals = sum(s.proposals.count() for s in Submission.objects.all())
    assert job.summary == (
        f"3 berkas dibaca: {proposals} usulan masuk antrean tinjauan; 1 ditolak."
    )
    assert job.details[2].startswith("kosong.txt: ") and len(job.details) == 3
    assert job.details[0] == (
        f"{seeds[0].name}: "
        f"{Submission.objects.get(document__original_name=seeds[0].name).proposals.count()} "
        "usulan untuk ditinjau."
    )


def test_only_who_may_submit_can_start_it_and_an_empty_choice_is_a_message(client, officer, focal):
    client.force_login(focal)
    upload = SimpleUploadedFile("a.txt", b"Menteri Kesehatan bertemu Duta Besar Kazakhstan.")
    assert client.post("/review/upload/many/", {"files": [upload]}).status_code == 403
    client.force_login(officer)
    page = client.post("/review/upload/many/", {}, follow=True).content.decode()
    assert "Pilih satu berkas atau lebih." in page and not Job.objects.exists()
