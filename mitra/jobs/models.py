"""Long work started from a page, run by `mitra worker`, and the claim on each day's run."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Job(models.Model):
    """One piece of long work (an import, an ingest, an export) and what became of it.

    The worker runs it through a django-tasks task that takes the job's id; the job keeps what
    a person needs to see: who started it, how far it is, and the summary or the error in the
    language of the person who started it.
    """

    class Kind(models.TextChoices):
        IATI_IMPORT = "iati_import", _("IATI import")
        SPREADSHEET_IMPORT = "spreadsheet_import", _("Spreadsheet import")
        INGEST = "ingest", _("Reading documents for review")
        EXPORT = "export", _("Export of the registry")

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for the worker")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    title = models.CharField(_("title"), max_length=300)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="jobs",
        verbose_name=_("started by"),
    )
    # The summary and the error are written in the starter's language at the time.
    language = models.CharField(_("language"), max_length=8, default="id")
    # What the work needs besides its input file (a CSV's table, a column mapping, a mode).
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # The stashed input file(s), relative to MITRA_DATA_DIR/jobs/; removed once the job is done.
    inputs = models.JSONField(_("input files"), default=list, blank=True)
    output = models.CharField(_("output file"), max_length=200, blank=True)
    attempt = models.PositiveIntegerField(_("attempt"), default=1)
    # The django-tasks task that runs it (its import path), so a retry enqueues the same one.
    task_path = models.CharField(_("task path"), max_length=200)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    # host:pid of the worker process running it: on the same host a dead pid is seen at once.
    worker = models.CharField(_("worker"), max_length=200, blank=True)
    processed = models.PositiveIntegerField(_("items done"), default=0)
    summary = models.TextField(_("summary"), blank=True)
    error = models.TextField(_("error"), blank=True)
    details = models.JSONField(_("details"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [
            # "My jobs", newest first (jobs list and the import pages).
            models.Index(fields=["started_by", "-created_at"], name="job_starter_recent_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(status__in=["done", "failed"]),
                name="job_finished_only_when_over",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    # Flags for the templates, which never compare status codes themselves.
    @property
    def is_queued(self) -> bool:
        return self.status == self.Status.QUEUED

    @property
    def is_running(self) -> bool:
        return self.status == self.Status.RUNNING

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def is_over(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def input_paths(self) -> list[Path]:
        return [Path(settings.MITRA_JOBS_DIR) / name for name in self.inputs]


class DailyRun(models.Model):
    """The claim on one day's scheduled run: the unique day means one worker runs it, however
    many workers are started or restarted that day."""

    day = models.DateField(_("day"), unique=True)
    worker = models.CharField(_("worker"), max_length=200)
    claimed_at = models.DateTimeField(_("claimed"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Per command: "ok", "missing" or the error's text.
    outcome = models.JSONField(_("outcome"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-day"]
        verbose_name = _("daily run")
        verbose_name_plural = _("daily runs")

    def __str__(self) -> str:
        return str(self.day)
