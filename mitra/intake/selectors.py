"""Reads of the review queue."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mitra.core.permissions import can
from mitra.intake.models import Proposal


def inbox_section(user: Any) -> tuple[str, Any, list[tuple[str, str, Any]]] | None:
    """“Proposals waiting in the review queue” for “My week” (reviewers only)."""
    if not can(user, "intake.review"):
        return None
    n = Proposal.objects.filter(status=Proposal.Status.PENDING).count()
    if not n:
        return None
    text = ngettext(
        "%(n)d proposal waiting for review", "%(n)d proposals waiting for review", n
    ) % {"n": n}
    return (
        "proposals",
        _("Proposals in the review queue"),
        [(text, reverse("intake:review"), _("review"))],
    )
