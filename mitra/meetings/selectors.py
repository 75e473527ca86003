"""Reads of meetings and follow-ups: internal to the government roles.

Visibility comes from the role (core.permissions): the ministry's roles read every meeting
("internal.view"), a coordination member those about an agreement shared with their organisation
and, for an embassy, those with its partner country ("shared.view"); every selector takes
the `user`, every `<entity>_get` raises NotFound for a missing record and for one the user may
not see alike, and the reads that other pages compose return nothing for a role that may not
read meetings. The one exception is named `system_…` and is for the measures only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from mitra.accounts.models import Unit
from mitra.core.errors import NotFound
from mitra.core.permissions import can, unit_scoped
from mitra.core.validators import unknown_code
from mitra.meetings import rules
from mitra.meetings.models import FollowUp, Meeting, Participant
from mitra.sharing import selectors as sharing_selectors


def _visible(user: Any) -> bool:
    return can(user, "internal.view") or can(user, "shared.view")


def audience(user: Any) -> str:
    """What of meetings this user reads ("internal": all of them; "shared": those shared with a
    coordination member's organisation; "": none), for a page that keeps what it computed per
    audience rather than per user."""
    if can(user, "internal.view"):
        return "internal"
    return "shared" if can(user, "shared.view") else ""


def visible_to(user: Any, qs: QuerySet[Meeting] | None = None) -> QuerySet[Meeting]:
    """The meetings of `qs` this user reads: all for the ministry's roles; for a coordination
    member those about a shared agreement or (an embassy) with its partner country."""
    qs = Meeting.objects.all() if qs is None else qs
    if can(user, "internal.view"):
        return qs
    if not can(user, "shared.view"):
        return qs.none()
    from mitra.agreements import selectors as agreement_selectors

    shared = Meeting.objects.filter(agreements__in=agreement_selectors.visible_to(user))
    country = sharing_selectors.partner_country(user)
    if country:
        shared = shared | Meeting.objects.filter(partners__code=country)
    return qs.filter(pk__in=shared.values("pk"))


def followups_visible_to(user: Any, qs: QuerySet[FollowUp] | None = None) -> QuerySet[FollowUp]:
    """The follow-ups of `qs` whose meeting this user reads."""
    qs = FollowUp.objects.all() if qs is None else qs
    if can(user, "internal.view"):
        return qs
    return qs.filter(meeting__in=visible_to(user, Meeting.objects.all()))


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


def kind_choices() -> list[tuple[str, Any]]:
    """Meeting kinds as (code, label)."""
    return list(Meeting.Kind.choices)


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
    user: Any,
    q: str = "",
    kind: str = "",
    partner: str = "",
    year: int | None = None,
    archived: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Any]:
    """Meetings for the list page, newest first, undated last, with their open follow-ups."""
    _require_visible(user)
    qs = visible_to(user, Meeting.objects.archived() if archived else Meeting.objects.active())
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
            visible_to(user, Meeting.objects.all())
            .select_related("organiser")
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
    return (
        visible_to(user, Meeting.objects.active())
        .filter(agreements=agreement)
        .order_by("-date", "-pk")
    )


def meetings_with_partner(*, user: Any, partner: Any) -> QuerySet[Meeting]:
    """A partner's meetings, newest first, undated last; none for a role that may not read
    meetings."""
    if not _visible(user):
        return Meeting.objects.none()
    return (
        visible_to(user, Meeting.objects.active())
        .filter(partners=partner)
        .order_by(F("date").desc(nulls_last=True), "-pk")
    )


def followups_of(*, user: Any, meetings: list[Any], today: dt.date | None = None) -> QuerySet[Any]:
    """The follow-ups of these meetings, each with `overdue`; none for a role that may not read
    meetings."""
    if not _visible(user):
        return FollowUp.objects.none()
    return (
        followups_visible_to(user, FollowUp.objects.active())
        .filter(meeting__in=meetings)
        .annotate(overdue=rules.overdue_flag(today))
    )


def open_followups_with_partner(
    *, user: Any, partner: Any, today: dt.date | None = None
) -> QuerySet[Any]:
    """Open follow-ups of a partner's meetings, soonest due first, each with `overdue`; none for
    a role that may not read meetings."""
    if not _visible(user):
        return FollowUp.objects.none()
    return (
        followups_visible_to(user, FollowUp.objects.active())
        .filter(
            meeting__partners=partner,
            meeting__archived_at__isnull=True,
            status=FollowUp.Status.OPEN,
        )
        .annotate(overdue=rules.overdue_flag(today))
        .select_related("meeting", "owner_unit")
        .order_by("due_date", "pk")
    )


def overdue_followups(
    *, user: Any, today: dt.date | None = None, unit: Any = None
) -> QuerySet[FollowUp]:
    """Open follow-ups past their due date, oldest first (optionally one unit's); none for a
    role that may not read meetings."""
    if not _visible(user):
        return FollowUp.objects.none()
    qs = followups_visible_to(user, FollowUp.objects.active()).filter(
        rules.overdue_q(today), meeting__archived_at__isnull=True
    )
    if unit is not None:
        qs = qs.filter(owner_unit=unit)
    return qs.select_related("meeting", "owner_unit").order_by("due_date", "pk")


def undated_followups(*, user: Any) -> QuerySet[FollowUp]:
    """Open follow-ups still without a due date (someone must set it); none for a role that may
    not read meetings."""
    if not _visible(user):
        return FollowUp.objects.none()
    return followups_visible_to(user, FollowUp.objects.active()).filter(
        meeting__archived_at__isnull=True, status=FollowUp.Status.OPEN, due_date__isnull=True
    )


def dated_meetings(*, user: Any) -> QuerySet[Meeting]:
    """Meetings with a known date (for the calendar feed); none for a role that may not read
    meetings."""
    if not _visible(user):
        return Meeting.objects.none()
    qs = visible_to(user, Meeting.objects.active())
    return qs.filter(date__isnull=False).order_by("date", "pk")


def followups_due(*, user: Any) -> QuerySet[FollowUp]:
    """Open follow-ups with a due date that concern the user (for the calendar feed): a unit's
    focal point gets the follow-ups their unit owns, the other government roles all of them;
    none for a role that may not read meetings."""
    if not _visible(user):
        return FollowUp.objects.none()
    qs = followups_visible_to(user, FollowUp.objects.active()).filter(
        status=FollowUp.Status.OPEN, due_date__isnull=False, meeting__archived_at__isnull=True
    )
    if unit_scoped(user, "followup.change"):
        qs = qs.filter(owner_unit_id=user.unit_id)
    return qs.select_related("owner_unit").order_by("due_date", "pk")


def system_recent_meeting_q(*, since: dt.date, today: dt.date, agreement_ref: OuterRef) -> Q:
    """SYSTEM-LEVEL, for insights.measures only (never to show meetings): whether a meeting in
    [since, today] discussed the agreement `agreement_ref` points at, or was held with one of
    its parties.

    Not filtered by user on purpose: whether an agreement is dormant is a fact about the
    agreement, the same whoever asks (a viewer's public agreement is not "dormant" because the
    viewer may not read the meeting that discussed it), and the answer shows no meeting.
    """
    meetings = Meeting.objects.active().filter(date__gte=since, date__lte=today)
    about_it = meetings.filter(agreements=agreement_ref)
    with_a_party = meetings.filter(partners__agreement_parties__agreement=agreement_ref)
    return Q(Exists(about_it)) | Q(Exists(with_a_party))


def followup_get(*, user: Any, pk: int) -> FollowUp:
    """One follow-up with its meeting and owner unit, `overdue` set; else NotFound."""
    followup = None
    if _visible(user):
        followup = (
            followups_visible_to(user, FollowUp.objects.all())
            .select_related("meeting", "owner_unit")
            .filter(pk=pk)
            .first()
        )
    if followup is None:
        raise NotFound(_("No follow-up with number %(pk)s is visible to you.") % {"pk": pk})
    followup.overdue = rules.is_overdue(followup)  # type: ignore[attr-defined]
    return followup


def followup_list(
    *,
    user: Any,
    unit: Any = None,
    status: str = FollowUp.Status.OPEN,
    overdue_only: bool = False,
    undated_only: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Any]:
    """Follow-ups, soonest due first; for one unit when given ("my follow-ups")."""
    _require_visible(user)
    qs = followups_visible_to(user, FollowUp.objects.active()).filter(
        meeting__archived_at__isnull=True
    )
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
