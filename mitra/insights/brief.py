"""The country brief: everything with one partner, for the page and the PDF, in bounded queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from mitra.agreements import selectors as agreement_selectors
from mitra.core.permissions import can
from mitra.insights import measures
from mitra.meetings import rules as meeting_rules
from mitra.meetings.models import FollowUp, Meeting
from mitra.partners.models import Partner
from mitra.plans import selectors as plan_selectors
from mitra.plans.models import Activity, Indicator

LAST_MEETINGS = 5


@dataclass
class AreaWork:
    """One cooperation area and the activities done or under way in it."""

    area: Any
    activities: list[Activity] = field(default_factory=list)


@dataclass
class Brief:
    partner: Partner
    generated: dt.date
    agreements: list[tuple[Any, measures.Rate]]
    areas: list[AreaWork]
    plans: list[tuple[Any, measures.Progress]]
    indicators: list[Indicator]
    contacts: list[Any]
    meetings: list[Meeting] = field(default_factory=list)
    open_followups: list[FollowUp] = field(default_factory=list)
    internal: bool = False

    @property
    def title(self) -> str:
        """A country's brief or, for an organisation, a partner brief, in the active language."""
        if self.partner.is_country:
            return _("Country brief: %(name)s") % {"name": self.partner.name}
        return _("Partner brief: %(name)s") % {"name": self.partner.name}


def brief_label(partner: Any) -> str:
    """The name of the brief's link on the partner's page: a country brief, or a partner brief."""
    return _("Country brief") if partner.is_country else _("Partner brief")


def country_brief(*, user: Any, partner: Partner, today: dt.date | None = None) -> Brief:
    """What one partner and the ministry agreed, did and still owe, as this user may see it.

    A viewer sees only public agreements and their plans, and no meetings or follow-ups.
    """
    today = today or timezone.localdate()
    agreements = list(agreement_selectors.partner_agreements(user=user, partner=partner))
    rates = measures.implementation_rates([a.pk for a in agreements], today=today)
    plans = list(plan_selectors.plans_for_partner(user=user, partner=partner))
    progress = measures.plan_progress([p.pk for p in plans], today=today)
    activities = list(
        plan_selectors.with_activity_status(
            Activity.objects.active().filter(plan__in=[p.pk for p in plans]), today
        )
        .select_related("area", "owner_unit", "plan")
        .order_by("planned_start", "pk")
    )
    areas = [
        AreaWork(area=a)
        for a in agreement_selectors.partner_areas(partner=partner, agreements=agreements)
    ]
    by_area = {w.area.pk: w for w in areas}
    unplaced = AreaWork(area=None)
    for act in activities:
        act.status_label = Activity.Status(act.current_status).label  # type: ignore[attr-defined]
        work = by_area.get(act.area_id) or by_area.get(getattr(act.area, "parent_id", None))
        (work or unplaced).activities.append(act)
    if unplaced.activities:
        areas.append(unplaced)
    indicators = list(
        Indicator.objects.active()
        .filter(plan__in=[p.pk for p in plans])
        .select_related("plan", "activity")
        .annotate(latest_value=plan_selectors.latest_approved_value())
    )
    for indicator in indicators:
        indicator.attained = measures.attainment(indicator, indicator.latest_value)  # type: ignore[attr-defined]
    brief = Brief(
        partner=partner,
        generated=today,
        agreements=[(a, rates[a.pk]) for a in agreements],
        areas=areas,
        plans=[(p, progress[p.pk]) for p in plans],
        indicators=indicators,
        contacts=list(partner.contacts.all()),  # active ones, prefetched by partner_get
    )
    if can(user, "internal.view"):
        brief.internal = True
        brief.meetings = list(
            Meeting.objects.active()
            .filter(partners=partner)
            .order_by(F("date").desc(nulls_last=True), "-pk")
            .prefetch_related("participants")[:LAST_MEETINGS]
        )
        brief.open_followups = list(
            FollowUp.objects.active()
            .filter(
                meeting__partners=partner,
                meeting__archived_at__isnull=True,
                status=FollowUp.Status.OPEN,
            )
            .select_related("meeting", "owner_unit")
            .order_by("due_date", "pk")
        )
        for f in brief.open_followups:
            # The page reads a flag, never compares dates: meetings' overdue rule says it.
            f.overdue = meeting_rules.is_overdue(f, today)  # type: ignore[attr-defined]
    return brief
