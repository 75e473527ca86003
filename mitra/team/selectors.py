"""Reads of the health globalisation team; nothing (404) for those who may not read it
(team.rules.may_read)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from mitra.accounts.models import Unit
from mitra.core import history
from mitra.core.errors import NotFound
from mitra.core.permissions import can
from mitra.meetings import selectors as meeting_selectors
from mitra.team import rules
from mitra.team.models import Member, Person, PolicyItem, Position


def require_readable(user: Any) -> None:
    """NotFound (404) for those who may not read the team: its existence does not leak."""
    if not rules.may_read(user):
        raise NotFound(rules.NOT_VISIBLE)


def members(*, user: Any) -> QuerySet[Member]:
    """The member organisations with their people."""
    require_readable(user)
    return (
        Member.objects.active()
        .select_related("unit")
        .prefetch_related(Prefetch("people", Person.objects.active().order_by("name", "pk")))
    )


def items(*, user: Any) -> QuerySet[PolicyItem]:
    require_readable(user)
    return PolicyItem.objects.active().prefetch_related(
        Prefetch("positions", Position.objects.select_related("member__unit"))
    )


# The team's latest meetings on its page; the rest are on the meetings list (kind "team"),
# paged: they grow with the registry (tens of thousands at scale 100, issue 18).
LATEST_MEETINGS = 20


@dataclass
class TeamPage:
    members: list[Member]
    meetings: list[Any]
    items: list[PolicyItem]
    meetings_total: int = 0

    @property
    def more_meetings(self) -> bool:
        return self.meetings_total > len(self.meetings)


def team_page(*, user: Any) -> TeamPage:
    """Members and their people, the team's latest meetings (those the reader may read) with
    how many there are in all, its items."""
    require_readable(user)
    meetings: list[Any] = []
    total = 0
    if meeting_selectors.audience(user):
        found = meeting_selectors.meeting_list(user=user, kind="team")
        meetings = list(found[:LATEST_MEETINGS])
        # Counted only when the first ones fill the list.
        total = found.count() if len(meetings) == LATEST_MEETINGS else len(meetings)
    return TeamPage(
        members=list(members(user=user)),
        meetings=meetings,
        items=list(items(user=user)),
        meetings_total=total,
    )


def item_get(*, user: Any, pk: int) -> PolicyItem:
    """One policy item with its positions, links and open actions; 404 if missing or hidden."""
    require_readable(user)
    item = (
        PolicyItem.objects.active()
        .select_related("source_meeting")
        .prefetch_related(
            Prefetch("positions", Position.objects.select_related("member__unit")),
            "agreements",
            "partners",
            "followups__owner_unit",
        )
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise NotFound(_("No policy item with number %(pk)s is visible to you.") % {"pk": pk})
    return item


def item_history(*, user: Any, item: PolicyItem) -> list[history.Entry]:
    if not can(user, "history.view") or not rules.may_read(user):
        return []
    return history.merged(
        history.entries(item.history.all(), str(_("Policy item"))),
        history.entries(Position.history.filter(item_id=item.pk), str(_("Position"))),
    )


def candidate_units() -> QuerySet[Unit]:
    """Ministries and agencies not yet members (for the officer's form)."""
    return (
        Unit.objects.active()
        .filter(kind__in=rules.MEMBER_KINDS)
        .exclude(team_membership__archived_at__isnull=True, team_membership__isnull=False)
        .order_by("name_id")
    )


def active_members() -> QuerySet[Member]:
    return Member.objects.active().select_related("unit")


def source_meetings(*, user: Any) -> QuerySet[Any]:
    """Meetings an item can be raised at: team meetings and workshops."""
    return meeting_selectors.meeting_list(user=user).filter(kind__in=["team", "workshop"])


def agreement_options(*, user: Any) -> QuerySet[Any]:
    return meeting_selectors.agreement_options(user=user)


def partner_options() -> QuerySet[Any]:
    return meeting_selectors.partner_options()


def followup_options(*, user: Any) -> QuerySet[Any]:
    """Open follow-ups an item's open actions can be."""
    return meeting_selectors.followup_list(user=user)
