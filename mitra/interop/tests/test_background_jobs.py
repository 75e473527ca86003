"""Imports started from the page run as background jobs (the tests' immediate backend runs
them at once): the page shows the job, which ends with the same summary as the command line."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mitra.interop import iati
from mitra.interop.models import IatiActivity
from mitra.interop.tests import iati_rules
from mitra.jobs.models import Job
from mitra.partners.models import Partner

pytestmark = pytest.mark.django_db
SAMPLE = iati_rules.shared("data", "iati", "activities", "dportal-covid19-sample-2.03.xml")


def _sample() -> bytes:
    if not SAMPLE.exists():
        pytest.skip("../shared/data/iati not present")
    return SAMPLE.read_bytes()


def test_an_iati_file_from_the_page_becomes_a_job_ending_in_the_summary(client, officer):
    client.force_login(officer)
    upload = SimpleUploadedFile(SAMPLE.name, _sample(), content_type="application/xml")
    response = client.post("/interop/iati/", {"file": upload})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.started_by, job.title) == ("iati_import", officer, SAMPLE.name)
    page = client.get(response["Location"]).content.decode()
    assert "401 kegiatan dibaca: 401 baru, 0 diperbarui (disimpan)" in page
    assert IatiActivity.objects.count() == 401
    # The source is the file's own name, as on the command line.
    assert set(IatiActivity.objects.values_list("source", flat=True)) == {SAMPLE.name}


def test_a_refused_iati_file_fails_its_job_with_the_reason_and_writes_nothing(client, officer):
    client.force_login(officer)
    body = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><iati-activities/>'
    client.post("/interop/iati/", {"file": SimpleUploadedFile("x.xml", body)})
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    with __import__("django").utils.translation.override("id"):
        assert job.error == str(iati.DOCTYPE_REFUSED)
    assert not IatiActivity.objects.exists()


def _mapped(client, body: bytes) -> str:
    response = client.post(
        "/interop/import/",
        {"file": SimpleUploadedFile("mitra.csv", body), "table": "partners"},
    )
    return response["Location"]


MAPPING = {"map-partners-0": "code", "map-partners-1": "kind", "map-partners-2": "name_id"}


def test_a_spreadsheet_import_runs_as_a_job_and_reports_what_it_wrote(client, officer):
    client.force_login(officer)
    url = _mapped(
        client, b"code,kind,name_id\nKAZ,country,Kazakhstan\nunicef,international,UNICEF\n"
    )
    # The check is a dry run on the page itself: nothing written, no job.
    page = client.post(url, {"action": "check", "table": "partners", **MAPPING})
    assert page.status_code == 200 and not Job.objects.exists()
    assert not Partner.objects.filter(code__in=["KAZ", "unicef"]).exists()
    response = client.post(url, {"action": "all", "table": "partners", **MAPPING})
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == Job.Status.DONE and job.summary.startswith("2 baris diimpor.")
    assert Partner.objects.filter(code__in=["KAZ", "unicef"]).count() == 2


def test_a_spreadsheet_with_a_bad_row_imports_nothing_and_lists_the_row(client, officer):
    client.force_login(officer)
    url = _mapped(client, b"code,kind,name_id\nKAZ,country,Kazakhstan\nxx,planet,Mars\n")
    client.post(url, {"action": "all", "table": "partners", **MAPPING})
    job = Job.objects.get()
    assert job.summary == "Tidak ada yang diimpor: 1 masalah dalam berkas (tercantum di bawah)."
    assert len(job.details) == 1 and job.details[0].startswith("Mitra, baris 3, kind:")
    assert not Partner.objects.filter(code="KAZ").exists()
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Mitra, baris 3, kind:" in page


def _export(client, user, fmt: str) -> Job:
    client.force_login(user)
    response = client.post("/interop/export/", {"format": fmt})
    job = Job.objects.filter(started_by=user).latest("pk")
    assert response["Location"] == f"/jobs/{job.pk}/" and job.status == Job.Status.DONE
    return job


def test_a_registry_export_is_a_job_whose_page_offers_the_file(client, officer, viewer, in_force):
    import io

    from openpyxl import load_workbook

    job = _export(client, officer, "xlsx")
    assert f'href="/jobs/{job.pk}/download/"' in client.get(f"/jobs/{job.pk}/").content.decode()
    response = client.get(f"/jobs/{job.pk}/download/")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert response["Content-Disposition"] == 'attachment; filename="mitra.xlsx"'
    assert book["agreements"].max_row == 2  # the header and the MoU
    # A viewer's export holds only what a viewer may read: no restricted agreement.
    mine = _export(client, viewer, "xlsx")
    response = client.get(f"/jobs/{mine.pk}/download/")
    assert (
        load_workbook(io.BytesIO(b"".join(response.streaming_content)))["agreements"].max_row == 1
    )
    # Nor may the viewer fetch the officer's file.
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_an_iati_export_job_gives_a_file_that_validates(client, officer, p2p_activity):
    from lxml import etree

    job = _export(client, officer, "iati")
    data = b"".join(client.get(f"/jobs/{job.pk}/download/").streaming_content)
    assert iati.schema().validate(etree.fromstring(data))
    assert job.summary == "Berkas kegiatan IATI 2.03 siap diunduh."


def test_an_unknown_export_format_is_refused_with_a_message(client, officer):
    client.force_login(officer)
    page = client.post("/interop/export/", {"format": "pdf"}, follow=True).content.decode()
    assert "Pilih XLSX atau IATI." in page and not Job.objects.exists()
