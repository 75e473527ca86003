"""Reads of clearance: the page's read model (steps, decisions, versions, what this user may do)
and the difference between two versions of the text."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitra.accounts.models import User
from mitra.agreements import selectors as agreement_selectors
from mitra.agreements.models import Agreement
from mitra.clearance import rules
from mitra.clearance.models import Clearance, ClearanceStep, StepDecision, TextVersion
from mitra.core.permissions import can, role_of

NOT_FOUND = _("No such agreement.")
NO_SUCH_VERSION = _("No such version of the text.")
# A diff of very long texts would take seconds; the page compares at most this many lines.
MAX_DIFF_LINES = 5000

# Inside the bureau every role reads a clearance; a coordination member (another ministry) reads
# one only where a step is theirs to decide (the Kemenlu consultation); a viewer never.
_READERS = frozenset({User.Role.ADMIN, User.Role.OFFICER, User.Role.FOCAL})


@dataclass
class StepView:
    step: ClearanceStep
    assignee: str
    decisions: list[StepDecision]
    is_current: bool
    is_skipped: bool
    is_approved: bool
    overdue: bool
    due_at: dt.datetime | None


@dataclass
class DiffLine:
    op: str  # "added", "removed", "same" or "gap"
    text: str

    @property
    def added(self) -> bool:
        return self.op == "added"

    @property
    def removed(self) -> bool:
        return self.op == "removed"

    @property
    def gap(self) -> bool:
        return self.op == "gap"


@dataclass
class Diff:
    old: TextVersion
    new: TextVersion
    lines: list[DiffLine]
    truncated: bool


@dataclass
class ClearancePage:
    agreement: Agreement
    clearance: Clearance | None
    steps: list[StepView] = field(default_factory=list)
    earlier: list[Clearance] = field(default_factory=list)
    versions: list[TextVersion] = field(default_factory=list)
    current: StepView | None = None
    may_start: bool = False
    may_resubmit: bool = False
    may_decide: bool = False
    locked: bool = False
    is_returned: bool = False
    is_approved: bool = False
    return_targets: list[ClearanceStep] = field(default_factory=list)
    diff: Diff | None = None


def _may_read(user: Any, agreement: Agreement) -> bool:
    role = role_of(user)
    if role in _READERS:
        return True
    if role != User.Role.COORDINATION:
        return False
    steps = ClearanceStep.objects.filter(clearance__agreement=agreement).exclude(
        state=ClearanceStep.State.SKIPPED
    )
    return any(rules.is_assignee(user, s) for s in steps)


def agreement_for_clearance(*, user: Any, pk: int) -> Agreement:
    """The agreement whose clearance this user may read; 404 alike for a missing one and one
    whose clearance is not theirs to see."""
    agreement = agreement_selectors.agreement_get(user=user, pk=pk)
    if not _may_read(user, agreement):
        raise Http404(NOT_FOUND)
    return agreement


def _decisions() -> Prefetch[Any]:
    return Prefetch(
        "decisions",
        queryset=StepDecision.objects.select_related("user", "version").order_by("decided_at"),
    )


def clearance_page(
    *, user: Any, pk: int, old: int | None = None, new: int | None = None
) -> ClearancePage:
    """Everything the clearance page shows of one agreement, for this user."""
    agreement = agreement_for_clearance(user=user, pk=pk)
    clearances = list(
        Clearance.objects.filter(agreement=agreement)
        .select_related("template", "started_by")
        .order_by("-started_at", "-pk")
    )
    clearance = clearances[0] if clearances else None
    versions = versions_of(agreement)
    page = ClearancePage(
        agreement=agreement, clearance=clearance, earlier=clearances[1:], versions=versions
    )
    draft = agreement.status in (Agreement.Status.EXPLORING, Agreement.Status.NEGOTIATING)
    page.may_start = clearance is None and draft and can(user, "clearance.start", agreement)
    page.locked = rules.text_locked(agreement, clearance)
    if clearance is not None:
        now = timezone.now()
        steps = clearance.steps.select_related("unit").prefetch_related(_decisions())
        for step in steps.order_by("order"):
            view = StepView(
                step=step,
                assignee=rules.assignee_label(step),
                decisions=list(step.decisions.all()),
                is_current=step.state == ClearanceStep.State.CURRENT,
                is_skipped=step.state == ClearanceStep.State.SKIPPED,
                is_approved=step.state == ClearanceStep.State.APPROVED,
                overdue=bool(
                    step.state == ClearanceStep.State.CURRENT and step.due_at and step.due_at < now
                ),
                due_at=step.due_at if step.state == ClearanceStep.State.CURRENT else None,
            )
            page.steps.append(view)
            if view.is_current:
                page.current = view
        page.is_returned = clearance.status == Clearance.Status.RETURNED
        page.is_approved = clearance.status == Clearance.Status.APPROVED
        page.may_resubmit = page.is_returned and can(user, "clearance.start", agreement)
        if page.current is not None and clearance.status == Clearance.Status.IN_PROGRESS:
            page.may_decide = can(user, "clearance.decide", agreement) and rules.is_assignee(
                user, page.current.step
            )
            page.return_targets = [
                v.step
                for v in page.steps
                if not v.is_skipped and v.step.order <= page.current.step.order
            ]
    page.diff = _diff_of(versions, old, new)
    return page


def _diff_of(versions: list[TextVersion], old: int | None, new: int | None) -> Diff | None:
    """The asked-for pair, or the last two versions; None with fewer than two."""
    by_number = {v.number: v for v in versions}
    if old is None and new is None:
        if len(versions) < 2:
            return None
        return version_diff(versions[-2], versions[-1])
    if old not in by_number or new not in by_number:
        raise Http404(NO_SUCH_VERSION)
    return version_diff(by_number[old], by_number[new])


def version_diff(old: TextVersion, new: TextVersion) -> Diff:
    """What changed between the extracted texts of two versions, line by line (the documents
    app extracted the text of a DOCX, PDF or text file when it was stored)."""
    a = old.document.text.splitlines()
    b = new.document.text.splitlines()
    truncated = len(a) > MAX_DIFF_LINES or len(b) > MAX_DIFF_LINES
    a, b = a[:MAX_DIFF_LINES], b[:MAX_DIFF_LINES]
    lines: list[DiffLine] = []
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(2):
        if lines:
            lines.append(DiffLine("gap", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [DiffLine("same", line) for line in a[i1:i2]]
                continue
            lines += [DiffLine("removed", line) for line in a[i1:i2]]
            lines += [DiffLine("added", line) for line in b[j1:j2]]
    return Diff(old=old, new=new, lines=lines, truncated=truncated)


def versions_of(agreement: Agreement) -> list[TextVersion]:
    """The numbered drafts of an agreement the caller has already been allowed to read."""
    return list(
        TextVersion.objects.filter(agreement=agreement)
        .select_related("document", "added_by")
        .order_by("number")
    )


def clearance_of(*, user: Any, pk: int) -> Clearance | None:
    """The agreement's latest clearance, with its steps and decisions (for the API)."""
    agreement = agreement_for_clearance(user=user, pk=pk)
    return (
        Clearance.objects.filter(agreement=agreement)
        .select_related("agreement", "template")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=ClearanceStep.objects.select_related("unit")
                .prefetch_related(_decisions())
                .order_by("order"),
            )
        )
        .order_by("-started_at", "-pk")
        .first()
    )
