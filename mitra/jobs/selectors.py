"""Reads on jobs: a person sees the jobs they started; an administrator sees every job."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mitra.core.errors import NotFound
from mitra.core.permissions import ADMIN, role_of
from mitra.jobs.models import Job

NO_JOB = _("No background job with number %(pk)s.")


def jobs_visible_to(user: Any) -> QuerySet[Job]:
    role = role_of(user)
    if role is None:
        return Job.objects.none()
    jobs = Job.objects.select_related("started_by")
    return jobs if role == ADMIN else jobs.filter(started_by=user)


def job_get(*, user: Any, pk: int) -> Job:
    """The job, if the user may see it; 404 alike for a missing job and another's."""
    job = jobs_visible_to(user).filter(pk=pk).first()
    if job is None:
        raise NotFound(NO_JOB % {"pk": pk})
    return job


def jobs_recent(*, user: Any, kind: str | None = None, limit: int = 20) -> list[Job]:
    jobs = jobs_visible_to(user)
    if kind:
        jobs = jobs.filter(kind=kind)
    return list(jobs.order_by("-created_at", "-pk")[:limit])
