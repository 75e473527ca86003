"""Imports started from a page run here, in `mitra worker`, each a task that takes a job's id.

Each wraps the same service the command line calls (which stays synchronous, with its
progress on the terminal); the job runner (jobs.services.job_run) keeps the import and the
job's "done" in one transaction.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_tasks import task

from mitra.jobs import services as job_services
from mitra.jobs.progress import TerminalProgress
from mitra.jobs.services import Outcome

ROW_PROBLEM = gettext_lazy("%(table)s, row %(row)s: %(message)s")
ROW_COLUMN_PROBLEM = gettext_lazy("%(table)s, row %(row)s, %(column)s: %(message)s")


@task()
def iati_import(job_id: int) -> str:
    return job_services.job_run(job_id=job_id, work=_iati_work)


def _iati_work(job: job_services.Job) -> Outcome:
    from mitra.interop import iati

    (path,) = job.input_paths()
    summary = iati.import_file(
        user=job.started_by, path=path, dry_run=False, progress=TerminalProgress(job.pk)
    )
    return Outcome(summary=summary)


@task()
def spreadsheet_import(job_id: int) -> str:
    return job_services.job_run(job_id=job_id, work=_spreadsheet_work)


def _spreadsheet_work(job: job_services.Job) -> Outcome:
    from mitra.interop import spreadsheets

    (path,) = job.input_paths()
    params = job.params
    tables = spreadsheets.read_tables(path.read_bytes(), path.name, params.get("table", ""))
    # JSON keeps a mapping's column numbers as strings.
    mappings = {
        name: {int(index): key for index, key in chosen.items()}
        for name, chosen in (params.get("mappings") or {}).items()
    }
    report = spreadsheets.import_tables(
        user=job.started_by,
        tables=tables,
        mappings=mappings or None,
        valid_only=bool(params.get("valid_only")),
    )
    details = [
        (ROW_COLUMN_PROBLEM if p.column else ROW_PROBLEM)
        % {
            "table": spreadsheets.TABLE_LABELS.get(p.table, p.table),
            "row": p.row,
            "column": p.column,
            "message": p.message,
        }
        for p in report.problems
    ]
    created = ", ".join(f"{name}: {n}" for name, n in report.created.items()) or "0"
    updated = ", ".join(f"{name}: {n}" for name, n in report.updated.items()) or "0"
    if report.problems and not report.created and not report.updated:
        summary = ngettext(
            "Nothing was imported: %(n)s problem in the file (listed below).",
            "Nothing was imported: %(n)s problems in the file (listed below).",
            len(report.problems),
        ) % {"n": len(report.problems)}
    else:
        summary = _("Imported %(rows)s rows. New records — %(new)s; updated — %(old)s.") % {
            "rows": report.rows,
            "new": created,
            "old": updated,
        }
    return Outcome(summary=summary, details=details, processed=report.rows)


EXPORTS = {"xlsx": "mitra.xlsx", "iati": "mitra-iati-activities.xml"}


@task()
def registry_export(job_id: int) -> str:
    return job_services.job_run(job_id=job_id, work=_export_work)


def _export_work(job: job_services.Job) -> Outcome:
    """The whole registry the starter may read, as XLSX (one sheet per table) or IATI XML."""
    from mitra.interop import iati, spreadsheets

    fmt = job.params.get("format", "xlsx")
    if fmt == "iati":
        data = iati.export_activities(user=job.started_by)
        summary = _("IATI 2.03 activities file ready to download.")
    else:
        tables = spreadsheets.export_tables(job.started_by)
        data = spreadsheets.write_xlsx(tables)
        summary = _("Spreadsheet ready to download: %(counts)s.") % {
            "counts": ", ".join(
                f"{spreadsheets.TABLE_LABELS[name]} {len(rows)}" for name, rows in tables.items()
            )
        }
    output = job_services.job_output(job=job, name=EXPORTS[fmt], data=data)
    return Outcome(summary=summary, output=output)
