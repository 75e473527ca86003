"""The country brief: everything with one partner, for the page and the PDF, in bounded queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from mitra.agreements import selectors as agreement_selectors
from mitra.insights import measures
from mitra.meetings import selectors as meeting_selectors
from mitra.plans import rules as plan_rules
from mitra.plans import selectors as plan_selectors
from mitra.trade import selectors as trade_selectors

LAST_MEETINGS = 5


@dataclass
class AreaWork:
    """One cooperation area and the activities done or under way in it."""

    area: Any
    activities: list[Any] = field(default_factory=list)


@dataclass
class Brief:
    partner: Any
    generated: dt.date
    agreements: list[tuple[Any, measures.Rate]]
    areas: list[AreaWork]
    plans: list[tuple[Any, measures.Progress]]
    indicators: list[Any]
    contacts: list[Any]
    meetings: list[Any] = field(default_factory=list)
    open_followups: list[Any] = field(default_factory=list)
    # Whether the reader sees everything (not only public agreements): meetings and follow-ups.
    internal: bool = False
    # A coordination member's brief: only what is shared with their organisation (meetings too).
    shared: bool = False
    trade: Any = None  # trade in health products, for a country and a reader of trade figures
    # Agreements whose funding ends within 12 months with nothing after it (issue 15 §4).
    funding_risks: list[Any] = field(default_factory=list)

    @property
    def title(self) -> str:
        """A country's brief or, for an organisation, a partner brief, in the active language."""
        if self.partner.is_country:
            return _("Country brief: %(name)s") % {"name": self.partner.name}
        return _("Partner brief: %(name)s") % {"name": self.partner.name}


def brief_label(partner: Any) -> str:
    """The name of the brief's link on the partner's page: a country brief, or a partner brief."""
    return _("Country brief") if partner.is_country else _("Partner brief")


def country_brief(*, user: Any, partner: Any, today: dt.date | None = None) -> Brief:
    """What one partner and the ministry agreed, did and still owe, as this user may see it.

    A viewer sees only public agreements and their plans, and no meetings or follow-ups.
    """
    today = today or timezone.localdate()
    agreements = list(agreement_selectors.partner_agreements(user=user, partner=partner))
    rates = measures.implementation_rates([a.pk for a in agreements], today=today)
    plans = list(plan_selectors.plans_for_partner(user=user, partner=partner))
    progress = measures.plan_progress([p.pk for p in plans], today=today)
    activities = list(plan_selectors.activities_of_plans(user=user, plans=plans, today=today))
    labels = dict(plan_selectors.activity_status_choices())
    areas = [
        AreaWork(area=a)
        for a in agreement_selectors.partner_areas(partner=partner, agreements=agreements)
    ]
    by_area = {w.area.pk: w for w in areas}
    unplaced = AreaWork(area=None)
    for act in activities:
        act.status_label = str(labels[act.current_status])
        work = by_area.get(act.area_id) or by_area.get(getattr(act.area, "parent_id", None))
        (work or unplaced).activities.append(act)
    if unplaced.activities:
        areas.append(unplaced)
    indicators = list(plan_selectors.indicators_of_plans(user=user, plans=plans))
    for indicator in indicators:
        indicator.attained = plan_rules.attainment(indicator, indicator.latest_value)
    brief = Brief(
        partner=partner,
        generated=today,
        agreements=[(a, rates[a.pk]) for a in agreements],
        areas=areas,
        plans=[(p, progress[p.pk]) for p in plans],
        indicators=indicators,
        contacts=list(partner.contacts.all()),  # active ones, prefetched by partner_get
    )
    # The meetings selectors decide: a role that may not read meetings gets none, and no query.
    brief.internal = meeting_selectors.audience(user) == "internal"
    brief.shared = meeting_selectors.audience(user) == "shared"
    brief.meetings = list(
        meeting_selectors.meetings_with_partner(user=user, partner=partner).prefetch_related(
            "participants"
        )[:LAST_MEETINGS]
    )
    # Each with `overdue` from meetings' rule: the page reads a flag, never compares dates.
    brief.open_followups = list(
        meeting_selectors.open_followups_with_partner(user=user, partner=partner, today=today)
    )
    if partner.is_country:
        brief.trade = trade_selectors.partner_trade(user=user, iso=partner.code, place=partner.name)
    current = agreement_selectors.visible_to(user).filter(
        pk__in=[a.pk for a in agreements], status__in=["signed", "in_force"]
    )
    brief.funding_risks = plan_selectors.funding_at_risk(user=user, agreements=current, today=today)
    return brief
