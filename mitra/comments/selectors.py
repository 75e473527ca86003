"""Reads of comments: a record's thread, one comment, the open questions (per partner).

A comment is read by whoever may read comments ("comment.read") and the record it is on, which
each domain's `<entity>_get` decides (so a coordination member reads the comments of what is
shared with their organisation, and of nothing else).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitra.agreements import selectors as agreement_selectors
from mitra.comments.models import EDIT_WINDOW, Comment, Kind
from mitra.core.errors import NotFound
from mitra.core.permissions import can
from mitra.meetings import selectors as meeting_selectors
from mitra.plans import selectors as plan_selectors

NO_SUCH_RECORD = _("No such record to comment on is visible to you.")
NO_SUCH_COMMENT = _("No comment with number %(pk)s is visible to you.")

_GETTERS = {
    Kind.AGREEMENT: agreement_selectors.agreement_get,
    Kind.PLAN: plan_selectors.plan_get,
    Kind.ACTIVITY: plan_selectors.activity_get,
    Kind.MEETING: meeting_selectors.meeting_get,
    Kind.FOLLOWUP: meeting_selectors.followup_get,
}


def target_get(*, user: Any, kind: str, pk: int) -> Any:
    """The record a thread is on, through its domain's `<entity>_get`; NotFound alike for an
    unknown kind, a missing record, one the user may not see, and for a role without comments."""
    getter = _GETTERS.get(kind)  # type: ignore[call-overload]
    if getter is None or not can(user, "comment.read"):
        raise NotFound(NO_SUCH_RECORD)
    return getter(user=user, pk=pk)


def may_read(*, user: Any, kind: str, pk: int) -> bool:
    """Whether this user may read the record's comments (an @mention needs it)."""
    try:
        target_get(user=user, kind=kind, pk=pk)
    except NotFound:
        return False
    return True


def title_of(kind: str, target: Any) -> str:
    """How a record is named in a notification or a list."""
    if kind == Kind.AGREEMENT:
        return str(target.display_title)
    if kind == Kind.FOLLOWUP:
        return str(target.description)[:120]
    return str(target.title)


def may_edit(comment: Comment, user: Any, now: dt.datetime | None = None) -> bool:
    """Its author may correct a comment for EDIT_WINDOW after posting; then it is locked."""
    now = now or timezone.now()
    return (
        comment.author_id == getattr(user, "pk", None) and now - comment.created_at <= EDIT_WINDOW
    )


def may_answer(comment: Comment, user: Any) -> bool:
    """An open question is marked answered by who asked it or by the bureau."""
    return comment.is_open_question and (
        comment.author_id == getattr(user, "pk", None) or can(user, "question.answer")
    )


def thread(*, user: Any, kind: str, target: Any) -> list[Comment]:
    """The record's comments that start a thread, oldest first, each with its replies; each
    says whether this user may correct it (`may_edit`) or mark it answered (`may_answer`)."""
    if not can(user, "comment.read"):
        return []
    replies = Comment.objects.active().select_related("author").order_by("created_at", "pk")
    comments = list(
        Comment.objects.active()
        .filter(**{kind: target}, parent=None)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies))
    )
    now = timezone.now()
    for comment in comments:
        for c in [comment, *comment.replies.all()]:
            c.may_edit = may_edit(c, user, now)  # type: ignore[attr-defined]
            c.may_answer = may_answer(c, user)  # type: ignore[attr-defined]
    return comments


def _visible_q(user: Any) -> Q:
    return (
        Q(agreement__in=agreement_selectors.visible_to(user))
        | Q(plan__in=plan_selectors.plans_visible_to(user))
        | Q(activity__in=plan_selectors.activities_visible_to(user))
        | Q(meeting__in=meeting_selectors.visible_to(user))
        | Q(followup__in=meeting_selectors.followups_visible_to(user))
    )


def comment_get(*, user: Any, pk: int) -> Comment:
    """One comment on a record the user may read; else NotFound."""
    comment = None
    if can(user, "comment.read"):
        comment = (
            Comment.objects.active()
            .filter(_visible_q(user), pk=pk)
            .select_related("author")
            .first()
        )
    if comment is None:
        raise NotFound(NO_SUCH_COMMENT % {"pk": pk})
    return comment


def open_questions(*, user: Any, partner: Any = None) -> QuerySet[Comment]:
    """Unanswered questions on records the user may read, newest first; with `partner`, those
    on its agreements, plans (and their activities), meetings and their follow-ups."""
    if not can(user, "comment.read"):
        return Comment.objects.none()
    qs = Comment.objects.active().filter(is_question=True, answered_at=None)
    if partner is not None:
        about = Comment.objects.filter(
            Q(agreement__parties__partner=partner)
            | Q(plan__partner=partner)
            | Q(plan__agreement__parties__partner=partner)
            | Q(activity__plan__partner=partner)
            | Q(activity__plan__agreement__parties__partner=partner)
            | Q(meeting__partners=partner)
            | Q(followup__meeting__partners=partner)
        )
        qs = qs.filter(pk__in=about.values("pk"))
    return (
        qs.filter(_visible_q(user))
        .select_related("author", "agreement", "plan", "activity", "meeting", "followup")
        .order_by("-created_at", "-pk")
    )
