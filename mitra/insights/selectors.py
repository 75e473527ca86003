"""Reads that bring several domains together: a partner's timeline, the home page's lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitra.agreements import rules as agreement_rules
from mitra.agreements import selectors as agreement_selectors
from mitra.meetings import selectors as meeting_selectors
from mitra.plans import selectors as plan_selectors


@dataclass(frozen=True)
class Event:
    """One dated line of a partner's timeline."""

    date: dt.date | None
    kind: str
    title: str
    url: str
    status: str = ""
    # Shown instead of a full date when only the year (or a period) is known.
    when: str = ""


def partner_timeline(*, user: Any, partner: Any, today: dt.date | None = None) -> list[Event]:
    """Agreements, plans, activities, meetings and follow-ups with one partner, newest first.

    Undated events (a meeting whose date the source does not give) come last. Five queries.
    """
    today = today or timezone.localdate()
    events: list[Event] = []
    statuses = dict(agreement_selectors.status_choices())
    activity_statuses = dict(plan_selectors.activity_status_choices())
    agreements = agreement_selectors.partner_agreements(
        user=user, partner=partner, today=today
    ).prefetch_related(None)  # the timeline shows no areas
    for a in agreements:
        date = a.date_signed or a.date_in_force
        when = str(a.signed_year) if date is None and a.signed_year else ""
        events.append(
            Event(
                date=date or (dt.date(a.signed_year, 1, 1) if a.signed_year else None),
                kind=str(_("Agreement")),
                title=a.display_title,
                url=a.get_absolute_url(),
                status=str(statuses[agreement_rules.current_status(a, today)]),
                when=when,
            )
        )
    plans = list(plan_selectors.plans_for_partner(user=user, partner=partner))
    for p in plans:
        events.append(
            Event(
                date=p.approved_on or p.first_day,
                kind=str(_("Action plan")),
                title=f"{p.title} ({p.period})",
                url=p.get_absolute_url(),
                status=p.get_status_display(),
                when="" if p.approved_on else p.period,
            )
        )
    for act in plan_selectors.activities_of_plans(user=user, plans=plans, today=today):
        events.append(
            Event(
                date=act.actual_start or act.planned_start,
                kind=str(_("Activity")),
                title=act.title,
                url=act.get_absolute_url(),
                status=str(activity_statuses[act.current_status]),
            )
        )
    meetings = list(meeting_selectors.meetings_with_partner(partner=partner, user=user))
    if meetings:
        for m in meetings:
            events.append(
                Event(
                    date=m.date,
                    kind=m.get_kind_display(),
                    title=m.title,
                    url=m.get_absolute_url(),
                    when="" if m.date else str(_("date not stated")),
                )
            )
        for f in meeting_selectors.followups_of(user=user, meetings=meetings, today=today):
            events.append(
                Event(
                    date=f.due_date,
                    kind=str(_("Follow-up")),
                    title=str(f),
                    url=f.get_absolute_url(),
                    status=str(_("Overdue")) if f.overdue else f.get_status_display(),
                    when="" if f.due_date else str(_("due date to be set")),
                )
            )
    dated = sorted((e for e in events if e.date), key=lambda e: e.date, reverse=True)  # type: ignore[arg-type, return-value]
    return dated + [e for e in events if not e.date]
