"""Reads of meetings and follow-ups: internal to the government roles.

Visibility comes from the role alone (core.permissions "internal.view"); every `<entity>_get`
raises NotFound for a missing record and for one the user may not see alike.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from mitra.accounts.models import Unit
from mitra.core.errors import NotFound
from mitra.core.permissions import can
from mitra.core.validators import unknown_code
from mitra.meetings import rules
from mitra.meetings.models import FollowUp, Meeting, Participant

_ANY_USER: Any = object()


def _visible(user: Any) -> bool:
    # The dashboard counts follow-ups for users it has already let in; it passes no user.
    return user is _ANY_USER or can(user, "internal.view")


def _require_visible(user: Any) -> None:
    """Meetings are internal: for other roles the lists themselves do not exist (404)."""
    if not _visible(user):
        raise NotFound(_("Meetings are visible to government users only."))


def code_of(field: str, code: str, choices: Any) -> str:
    """A kind or status code (any case) → the stored value; unknown → 422 naming it."""
    if not code:
        return ""
    value = code.strip().lower()
    if value not in choices.values:
        raise unknown_code(field, code, list(choices.values))
    return str(value)


def unit_by_code(field: str, code: str) -> Unit:
    """A unit by its code, any case; unknown → 422 naming it."""
    unit = Unit.objects.filter(code__iexact=code.strip()).first()
    if unit is None:
        valid = list(Unit.objects.order_by("code").values_list("code", flat=True))
        raise unknown_code(field, code, valid)
    return unit


def units(*, user: Any) -> QuerySet[Unit]:
    """Units a follow-up can be given to."""
    return Unit.objects.order_by("name_id") if _visible(user) else Unit.objects.none()


def meeting_list(
    *,
    user: Any = _ANY_USER,
    q: str = "",
    kind: str = "",
    partner: str = "",
    year: int | None = None,
    archived: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Any]:
    """Meetings for the list page, newest first, undated last, with their open follow-ups."""
    _require_visible(user)
    qs = Meeting.objects.archived() if archived else Meeting.objects.active()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(place__icontains=q) | Q(summary__icontains=q))
    if kind:
        qs = qs.filter(kind=code_of("kind", kind, Meeting.Kind))
    if partner:
        qs = qs.filter(partners__code__iexact=partner).distinct()
    if year:
        qs = qs.filter(date__year=year)
    open_q = Q(followups__status=FollowUp.Status.OPEN, followups__archived_at__isnull=True)
    overdue = rules.overdue_q(today, prefix="followups__") & Q(followups__archived_at__isnull=True)
    return (
        qs.annotate(
            open_followups=Count("followups", filter=open_q, distinct=True),
            overdue_followups=Count("followups", filter=overdue, distinct=True),
        )
        .select_related("organiser")
        .prefetch_related("partners")
        .order_by(F("date").desc(nulls_last=True), "-pk")
    )


def meeting_get(*, user: Any, pk: int) -> Meeting:
    """One meeting with its participants, links and follow-ups; else NotFound."""
    meeting = None
    if _visible(user):
        meeting = (
            Meeting.objects.select_related("organiser")
            .prefetch_related(
                Prefetch(
                    "participants",
                    queryset=Participant.objects.select_related("partner", "unit"),
                ),
                Prefetch(
                    "followups",
                    queryset=FollowUp.objects.active()
                    .select_related("owner_unit")
                    .annotate(overdue=rules.overdue_flag()),
                ),
                "partners",
                "agreements",
                "areas",
                "documents",
            )
            .filter(pk=pk)
            .first()
        )
    if meeting is None:
        raise NotFound(_("No meeting with number %(pk)s is visible to you.") % {"pk": pk})
    return meeting


def meetings_about(*, user: Any, agreement: Any) -> QuerySet[Meeting]:
    """The meetings that discussed an agreement, newest first; none for a role that may not read
    meetings (a page that shows them beside public records stays a page)."""
    if not _visible(user):
        return Meeting.objects.none()
    return Meeting.objects.active().filter(agreements=agreement).order_by("-date", "-pk")


def meetings_with_partner(*, partner: Any, user: Any = _ANY_USER) -> QuerySet[Meeting]:
    if not _visible(user):
        return Meeting.objects.none()
    return Meeting.objects.active().filter(partners=partner).order_by("-date", "-pk")


def followup_get(*, user: Any, pk: int) -> FollowUp:
    """One follow-up with its meeting and owner unit, `overdue` set; else NotFound."""
    followup = None
    if _visible(user):
        followup = FollowUp.objects.select_related("meeting", "owner_unit").filter(pk=pk).first()
    if followup is None:
        raise NotFound(_("No follow-up with number %(pk)s is visible to you.") % {"pk": pk})
    followup.overdue = rules.is_overdue(followup)  # type: ignore[attr-defined]
    return followup


def followup_list(
    *,
    user: Any = _ANY_USER,
    unit: Any = None,
    status: str = FollowUp.Status.OPEN,
    overdue_only: bool = False,
    undated_only: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Any]:
    """Follow-ups, soonest due first; for one unit when given ("my follow-ups")."""
    _require_visible(user)
    qs = FollowUp.objects.active().filter(meeting__archived_at__isnull=True)
    if unit is not None:
        qs = qs.filter(owner_unit=unit)
    if status:
        qs = qs.filter(status=code_of("status", status, FollowUp.Status))
    if overdue_only:
        qs = qs.filter(rules.overdue_q(today))
    if undated_only:
        qs = qs.filter(status=FollowUp.Status.OPEN, due_date__isnull=True)
    return qs.annotate(overdue=rules.overdue_flag(today)).select_related("meeting", "owner_unit")


def _by_codes(field: str, codes: list[str], qs: QuerySet, key: str = "code") -> list[Any]:
    """The records for these codes, any case, in the given order; the first unknown → 422."""
    found = {str(getattr(o, key)).lower(): o for o in qs}
    for code in codes:
        if code.strip().lower() not in found:
            raise unknown_code(field, code, sorted(str(getattr(o, key)) for o in qs))
    return [found[c.strip().lower()] for c in codes]


def partners_by_codes(field: str, codes: list[str]) -> list[Any]:
    from mitra.partners.models import Partner

    return _by_codes(field, codes, Partner.objects.active()) if codes else []


def areas_by_codes(field: str, codes: list[str]) -> list[Any]:
    from mitra.taxonomy.models import CooperationArea

    return _by_codes(field, codes, CooperationArea.objects.all()) if codes else []


def agreements_by_ids(field: str, ids: list[int], *, user: Any) -> list[Any]:
    from mitra.agreements import selectors as agreement_selectors

    if not ids:
        return []
    return _by_codes(field, [str(i) for i in ids], agreement_selectors.visible_to(user), "pk")


def partner_options() -> QuerySet[Any]:
    """Partners a meeting can be linked to."""
    from mitra.partners.models import Partner

    return Partner.objects.active().order_by("name_id")


def unit_options() -> QuerySet[Unit]:
    """Units that organise meetings, take part and own follow-ups."""
    return Unit.objects.order_by("name_id")


def agreement_options(*, user: Any) -> QuerySet[Any]:
    """Agreements the user may read that a meeting can be linked to."""
    from mitra.agreements import selectors as agreement_selectors
    from mitra.agreements.models import Agreement

    return agreement_selectors.visible_to(user, Agreement.objects.active())
