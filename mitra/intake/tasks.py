"""Many files read into the review queue at once, as a background job (`mitra worker`)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy, ngettext
from django_tasks import task

from mitra.core.forms import errors_text
from mitra.jobs import progress
from mitra.jobs import services as job_services
from mitra.jobs.services import Outcome

FILE_REFUSED = gettext_lazy("%(name)s: %(message)s")
FILE_READ = gettext_lazy("%(name)s: %(n)s proposals to review.")


@task()
def ingest_files(job_id: int) -> str:
    return job_services.job_run(job_id=job_id, work=_ingest_work)


def _ingest_work(job: job_services.Job) -> Outcome:
    """Each file as the upload page reads one; a refused file is listed, the others go on."""
    from mitra.intake import services as intake_services

    paths = job.input_paths()
    details: list[str] = []
    proposals = refused = 0
    for done, path in enumerate(paths, start=1):
        name = Path(path).name
        upload = SimpleUploadedFile(name, path.read_bytes())
        try:
            submission = intake_services.text_submit(
                user=job.started_by, title=Path(name).stem, upload=upload
            )
        except ValidationError as exc:
            refused += 1
            details.append(str(FILE_REFUSED % {"name": name, "message": errors_text(exc)}))
        else:
            count = submission.proposals.count()
            proposals += count
            details.append(str(FILE_READ % {"name": name, "n": count}))
        progress.write(job.pk, count=done, percent=done * 100 // len(paths))
    summary = ngettext(
        "%(n)s file read: %(proposals)s proposals queued for review; %(refused)s refused.",
        "%(n)s files read: %(proposals)s proposals queued for review; %(refused)s refused.",
        len(paths),
    ) % {"n": len(paths), "proposals": proposals, "refused": refused}
    return Outcome(summary=summary, details=details, processed=len(paths))
