"""“My week” (/inbox/ and the dashboard): what is due for this user, by role, each item with the
link where it is done. A composite read model built from the other apps' selectors and rules.

Scope: a focal point sees what their unit owns (follow-ups, reports, obligations) and the
agreements their unit is responsible for; an officer sees the bureau's whole portfolio (the
bureau keeps the registry) plus the results and proposals waiting for review; other roles have
nothing due.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitra.agreements import rules as agreement_rules
from mitra.agreements import selectors as agreement_selectors
from mitra.core import freshness
from mitra.core.permissions import can, unit_scoped
from mitra.insights.dashboard import readers_key
from mitra.meetings import selectors as meeting_selectors
from mitra.plans import selectors as plan_selectors
from mitra.workflow import inbox_sources
from mitra.workflow import rules as workflow_rules
from mitra.workflow import selectors as workflow_selectors

LIMIT = 20
WINDOWS = (30, 90, 180)
SHOWN = ("pk", "title", "title_en", "date_expiry")  # what an agreement's line shows


@dataclass
class Item:
    text: str
    url: str
    day: dt.date | None = None
    days: int | None = None  # days left; negative when past
    action: Any = ""  # what to do there, e.g. "set a due date"

    @property
    def overdue(self) -> bool:
        return self.days is not None and self.days < 0

    @property
    def overdue_days(self) -> int:
        return -self.days if self.days is not None and self.days < 0 else 0

    @property
    def is_today(self) -> bool:
        return self.days == 0

    @property
    def ahead(self) -> bool:
        return self.days is not None and self.days > 0


@dataclass
class Section:
    key: str
    title: Any
    items: list[Item] = field(default_factory=list)
    more: bool = False  # more than those listed (each section reads at most LIMIT + 1 rows)


@dataclass
class Week:
    sections: list[Section]

    @property
    def count(self) -> int:
        return sum(len(s.items) for s in self.sections)


def _section(key: str, title: Any, items: list[Item]) -> Section:
    return Section(key, title, items[:LIMIT], len(items) > LIMIT)


def _first(qs: Any) -> list[Any]:
    """The first rows a section shows, and one more to know there are more: a registry with
    266,000 overdue follow-ups must not build them all for a page."""
    return list(qs[: LIMIT + 1])


def _left(day: dt.date | None, today: dt.date) -> int | None:
    return None if day is None else (day - today).days


# Funding at risk as My week lists it, per data version, for the readers who see the same
# agreements (what they may read, their unit's share for a focal point, the day).
_funding = freshness.Memo(size=32)


def my_week(*, user: Any, today: dt.date | None = None) -> Week:
    """The sections due for this user; empty ones are left out."""
    today = today or timezone.localdate()
    # My week is for those who act: what they may change (a focal point: their unit's share).
    scoped = unit_scoped(user, "followup.change")
    if not (scoped or can(user, "followup.change")):
        return Week([])
    unit = user.unit if scoped else None
    sections: list[Section] = []

    followups = meeting_selectors.followup_list(user=user, unit=unit).filter(
        due_date__lte=today + dt.timedelta(days=30)
    )
    items = [
        Item(f.description[:160], f.get_absolute_url(), f.due_date, _left(f.due_date, today))
        for f in _first(followups.order_by("due_date", "pk"))
    ]
    sections.append(_section("followups", _("Follow-ups due in 30 days or overdue"), items))
    undated = meeting_selectors.followup_list(user=user, unit=unit, undated_only=True)
    sections.append(
        _section(
            "undated",
            _("Follow-ups without a due date"),
            [
                Item(f.description[:160], f.get_absolute_url(), action=_("set a due date"))
                for f in _first(undated)
            ],
        )
    )

    if can(user, "result.review"):
        results = plan_selectors.results_to_review(user=user)
        sections.append(
            _section(
                "review",
                _("Results waiting for my review"),
                [
                    Item(
                        f"{r.indicator.name}: {r.value} "
                        f"({r.period_start:%d/%m/%Y}–{r.period_end:%d/%m/%Y})",
                        r.indicator.plan.get_absolute_url() + f"#indicator-{r.indicator_id}",
                        action=_("review"),
                    )
                    for r in _first(results)
                ],
            )
        )

    reports = plan_selectors.overdue_reports(user=user, today=today, unit=unit)
    sections.append(
        _section(
            "reports",
            _("Indicator reports owed"),
            [
                Item(i.name, i.plan.get_absolute_url() + f"#indicator-{i.pk}", action=_("report"))
                for i in _first(reports)
            ],
        )
    )

    agreements = agreement_selectors.visible_to(user).filter(archived_at__isnull=True)
    if unit is not None:
        agreements = agreements.filter(responsible_unit=unit)
    horizon = today + dt.timedelta(days=max(WINDOWS))
    binding = agreements.filter(status__in=agreement_rules.BINDING)
    candidates = binding.filter(date_expiry__gte=today, date_expiry__lte=horizon).only(*SHOWN)
    expiring = [
        Item(str(a), a.get_absolute_url(), a.date_expiry, _left(a.date_expiry, today))
        for a in _first(candidates.order_by("date_expiry", "pk"))
    ]
    sections.append(_section("expiring", _("Expiring in 180 days"), expiring))
    # Notice deadlines are worked out, filtered and ordered by the database, from its index:
    # only the first ones are loaded.
    notices = [
        Item(str(a), a.get_absolute_url(), a.notice, _left(a.notice, today))
        for a in _first(agreement_rules.notice_between(binding, today, horizon).only(*SHOWN))
    ]
    sections.append(_section("notice", _("Notice deadlines in 180 days"), notices))

    occurrences = workflow_selectors.open_occurrences(
        user=user, until=today + dt.timedelta(days=30)
    )
    sections.append(
        _section(
            "obligations",
            _("Obligations due in 30 days or overdue"),
            [
                Item(
                    f"{o.obligation.title} — {o.obligation.subject}",
                    o.get_absolute_url(),
                    o.due_date,
                    _left(o.due_date, today),
                    action=_("mark done"),
                )
                for o in _first(occurrences)
            ],
        )
    )

    # Funding and sustainability (issue 15 §4): plans' named rule, on the agreements in sight.
    # It looks at every signed or in-force agreement (seconds at scale 100), and is the same for
    # every reader of the same agreements: kept per data version, like the board; only the
    # first ones, which the section shows (tens of thousands at scale: tens of MB each).
    risks = _funding.get(
        (*readers_key(user), unit.pk if unit is not None else None, today),
        lambda: plan_selectors.funding_at_risk(user=user, agreements=binding, today=today)[
            : LIMIT + 1
        ],
    )
    sections.append(
        _section(
            "funding",
            _("Funding ending within 12 months, with no successor or sustainability note"),
            [
                Item(
                    str(r.agreement),
                    r.agreement.get_absolute_url() + "#funding",
                    r.ends_on,
                    _left(r.ends_on, today),
                    action=_("record the next funding or a sustainability note"),
                )
                for r in risks
            ],
        )
    )

    # The agreements my unit is responsible for (the portfolio's are on the dashboard, kept
    # with the board; computing them per user on every page would cost seconds at scale).
    if user.unit_id is not None:
        mine = agreement_selectors.visible_to(user).filter(responsible_unit_id=user.unit_id)
        dormant = _first(workflow_rules.dormant_among(mine, today))
        sections.append(
            _section(
                "dormant",
                _("Dormant agreements of my unit"),
                [Item(str(a), a.get_absolute_url()) for a in dormant],
            )
        )
    for key, title, rows in inbox_sources.collect(user=user):
        sections.append(
            _section(key, title, [Item(text, url, action=act) for text, url, act in rows])
        )
    return Week([s for s in sections if s.items])
