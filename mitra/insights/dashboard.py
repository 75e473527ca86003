"""The dashboard's figures: one query (or two) per panel, whatever the size of the portfolio."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Count, Q, QuerySet, Window
from django.utils import timezone
from django.utils.translation import get_language

from mitra.agreements import selectors as agreement_selectors
from mitra.agreements.schemas import AgreementStatus
from mitra.core import freshness
from mitra.insights import measures
from mitra.meetings import selectors as meeting_selectors
from mitra.partners import countries
from mitra.plans import selectors as plan_selectors
from mitra.sharing import selectors as sharing_selectors

IN_FORCE = AgreementStatus.IN_FORCE.value  # type: ignore[attr-defined]
SIGNED = AgreementStatus.SIGNED.value  # type: ignore[attr-defined]
EXPIRY_WINDOWS = (30, 90, 180)
LIST_LIMIT = 10
SCORECARD_SORTS = ("rate", "-rate", "title", "expiry")


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    region: str = ""
    area: str = ""
    year_from: int | None = None
    year_to: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.kind or self.region or self.area or self.year_from or self.year_to)


def filtered_agreements(
    *, user: Any, filters: Filters, today: dt.date | None = None
) -> QuerySet[Any]:  # Agreements annotated with `current_status`, which the stubs cannot see
    """The agreements the dashboard counts: visible to the user, not archived, filtered.

    Partner and area filters are subqueries, so an agreement with two matching parties or areas
    is still counted once.
    """
    return agreement_selectors.with_current_status(_filtered(user=user, filters=filters), today)


def _filtered(*, user: Any, filters: Filters) -> QuerySet[Any]:
    qs = agreement_selectors.with_parties_of(
        agreement_selectors.active(user=user), kind=filters.kind, region=filters.region
    )
    if filters.area:
        qs = agreement_selectors.in_area(qs, filters.area)
    if filters.year_from:
        qs = qs.filter(signed_year__gte=filters.year_from)
    if filters.year_to:
        qs = qs.filter(signed_year__lte=filters.year_to)
    return qs


def countries_map(agreements: QuerySet[Any]) -> list[dict[str, Any]]:
    """Partner countries with how many of these agreements they are party to, for the map.

    `numeric` is the ISO 3166 numeric code that the world-atlas shapes are keyed by.
    """
    return [
        {**row, "numeric": countries.numeric(row["code"])}
        for row in agreement_selectors.country_counts(agreements)
    ]


@dataclass
class Dashboard:
    by_status: list[tuple[str, str, int]]
    by_year: list[tuple[int, int]]
    map: list[dict[str, Any]]
    coverage: list[dict[str, Any]]
    scorecards: list[dict[str, Any]]
    expiring: dict[int, int]
    expiring_list: list[Any]
    dormant: list[Any] = field(default_factory=list)
    dormant_total: int = 0
    overdue_followups: list[Any] = field(default_factory=list)
    overdue_followups_total: int = 0
    overdue_reports: list[Any] = field(default_factory=list)
    overdue_reports_total: int = 0
    delayed: list[Any] = field(default_factory=list)
    delayed_total: int = 0
    undated_followups: int = 0
    # Funding ending within 12 months with nothing after it (plans.rules.funding_at_risk).
    funding_risks: list[Any] = field(default_factory=list)
    funding_risks_total: int = 0
    total: int = 0


# A board at scale 100 holds 50,000 scorecards (tens of MB): few are kept per process.
_remembered = freshness.Memo(size=4)
# The lists of what needs attention read only plans, meetings and units for a reader of the
# whole registry, and they are the costliest part of the board: they are kept by the versions
# of those apps, so a change to an agreement or a partner does not count them again.
_attention = freshness.Memo(size=8)
ATTENTION_APPS = frozenset({"plans", "meetings", "accounts"})


def readers_key(user: Any) -> tuple[str, ...]:
    """What the board depends on of its reader: what they may read, as each domain's selectors
    name it, and the organisation a coordination member reads for. Readers with the same key
    see the same board; whatever keeps a board (or its page) keys it with this."""
    return (
        agreement_selectors.audience(user),
        plan_selectors.audience(user),
        meeting_selectors.audience(user),
        sharing_selectors.scope_key(user),
    )


def dashboard(
    *, user: Any, filters: Filters, sort: str = "rate", today: dt.date | None = None
) -> Dashboard:
    """Everything the dashboard shows, for this user and these filters.

    The board reads the whole portfolio, so it is computed once per data version and kept for
    the readers who see the same thing: the key is what the figures depend on (what the user
    may read, as each domain's selectors name it, the filters, the sort, the language and the
    day), never the user as such. Its lists of what needs attention are kept apart, by the
    versions of the apps they read (`attention`).
    """
    today = today or timezone.localdate()
    found = freshness.versions()
    audiences = readers_key(user)
    key = (*audiences, filters, sort, get_language(), today)
    board = _remembered.get(
        key,
        lambda: portfolio(user=user, filters=filters, sort=sort, today=today),
        version=found.get("", 0),
    )
    # Whoever reads less than the whole registry has lists that follow agreements and sharing
    # too (what they may read): their key is every app's version.
    internal = plan_selectors.audience(user) == meeting_selectors.audience(user) == "internal"
    reads = ATTENTION_APPS if internal else freshness.TRACKED_APPS
    lists = _attention.get(
        (*audiences, today),
        lambda: attention(user=user, today=today),
        version=freshness.of(found, reads),
    )
    return replace(board, **lists)


def compute(*, user: Any, filters: Filters, sort: str, today: dt.date) -> Dashboard:
    """The whole board computed from the data, nothing remembered (what the first look after a
    change to every app costs)."""
    return replace(
        portfolio(user=user, filters=filters, sort=sort, today=today),
        **attention(user=user, today=today),
    )


def attention(*, user: Any, today: dt.date) -> dict[str, Any]:
    """Overdue follow-ups and reports, delayed activities and undated follow-ups: the lists of
    what needs attention that the filters do not narrow, with their totals. Each domain's
    selectors decide what this user may read of it (a role that may not read meetings gets no
    follow-ups, without a query)."""
    followups = meeting_selectors.overdue_followups(user=user, today=today)
    reports, reports_total = first_with_total(
        plan_selectors.overdue_reports(user=user, today=today)
    )
    delayed, delayed_total = first_with_total(
        plan_selectors.delayed_activities(user=user, today=today)
    )
    return {
        "overdue_followups": list(followups[:LIST_LIMIT]),
        "overdue_followups_total": followups.count(),
        "overdue_reports": reports,
        "overdue_reports_total": reports_total,
        "delayed": delayed,
        "delayed_total": delayed_total,
        "undated_followups": meeting_selectors.undated_followups(user=user).count(),
    }


def first_with_total(qs: QuerySet[Any], n: int = LIST_LIMIT) -> tuple[list[Any], int]:
    """The first `n` of an ordered list and how many it holds, in one pass over it: keys and
    the total are read together (a window count), then only the `n` rows shown are loaded with
    their relations. The overdue reports and delayed activities run to tens of thousands at
    scale; sorting them as whole joined rows, then counting them again, was most of their cost.
    """
    first = list(qs.annotate(listed=Window(Count("pk"))).values_list("pk", "listed")[:n])
    if not first:
        return [], 0
    found = qs.in_bulk([pk for pk, _total in first])
    return [found[pk] for pk, _total in first], first[0][1]


def portfolio(*, user: Any, filters: Filters, sort: str, today: dt.date) -> Dashboard:
    """The figures the filters narrow, and the dormant agreements and funding at risk among
    them."""
    # Built once: the area filter reads the area's tree (a query), and dormancy is asked of
    # these agreements without the status annotation.
    filtered = _filtered(user=user, filters=filters)
    qs = agreement_selectors.with_current_status(filtered, today)

    counts = dict(
        qs.order_by()
        .values_list("current_status")
        .annotate(n=Count("pk"))
        .values_list("current_status", "n")
    )
    statuses = agreement_selectors.status_choices()
    by_status = [(value, str(label), counts.get(value, 0)) for value, label in statuses]
    by_year = [
        (int(year), n)
        for year, n in qs.filter(signed_year__isnull=False)
        .order_by("signed_year")
        .values_list("signed_year")
        .annotate(n=Count("pk"))
        .values_list("signed_year", "n")
    ]

    in_force = qs.filter(current_status=IN_FORCE)
    country_map = countries_map(in_force)
    coverage = measures.area_coverage(qs, today=today)

    # Rates and sorting work on plain rows; only the page shown loads agreement objects
    # (attach_agreements), so the cost per request does not grow with whole objects.
    rows = list(in_force.order_by().values_list("pk", "title", "title_en", "date_expiry"))
    rates = measures.implementation_rates(
        [row[0] for row in rows], today=today, among=in_force.values("pk")
    )
    english = get_language() == "en"
    scorecards = [
        {
            "pk": pk,
            "title": title_en if english and title_en else title,
            "date_expiry": expiry,
            "rate": rates[pk],
            "share": rates[pk].share,
        }
        for pk, title, title_en, expiry in rows
    ]
    scorecards.sort(key=_sort_key(sort))

    windows = {
        days: Count(
            "pk",
            filter=Q(date_expiry__gte=today, date_expiry__lte=today + dt.timedelta(days=days)),
        )
        for days in EXPIRY_WINDOWS
    }
    expiring_base = qs.filter(current_status__in=[SIGNED, IN_FORCE])
    expiring_counts = expiring_base.aggregate(**{f"d{d}": w for d, w in windows.items()})
    expiring_list = list(
        expiring_base.filter(
            date_expiry__gte=today, date_expiry__lte=today + dt.timedelta(days=EXPIRY_WINDOWS[-1])
        ).order_by("date_expiry")[:LIST_LIMIT]
    )

    board = Dashboard(
        by_status=by_status,
        by_year=by_year,
        map=country_map,
        coverage=coverage,
        scorecards=scorecards,
        expiring={d: expiring_counts[f"d{d}"] for d in EXPIRY_WINDOWS},
        expiring_list=expiring_list,
        total=sum(counts.values()),
    )
    # Asked of the filtered agreements themselves: as a filter on every dormant agreement's key
    # (`pk IN (…)`), PostgreSQL joined it row by row, 3 of its 4 s at scale 100.
    dormant = measures.dormant_among(filtered, today)
    board.dormant, board.dormant_total = first_with_total(dormant)
    # Tens of thousands at scale: the board keeps and shows the first, soonest ending.
    risks = plan_selectors.funding_at_risk(user=user, agreements=expiring_base, today=today)
    board.funding_risks, board.funding_risks_total = risks[:LIST_LIMIT], len(risks)
    return board


def with_agreements(cards: Any, *, user: Any) -> list[dict[str, Any]]:
    """Copies of the scorecards, each with its agreement and parties (one query and one
    prefetch); the remembered board itself keeps plain rows."""
    cards = list(cards)
    found = agreement_selectors.with_parties_by_ids(user=user, ids=[c["pk"] for c in cards])
    return [{**card, "agreement": found[card["pk"]]} for card in cards]


def _sort_key(sort: str) -> Any:
    if sort == "title":
        return lambda c: c["title"].lower()
    if sort == "expiry":
        return lambda c: (c["date_expiry"] is None, c["date_expiry"] or 0)
    # By rate, agreements without areas (no rate) last either way.
    sign = -1 if sort == "-rate" else 1
    return lambda c: (c["share"] is None, sign * (c["share"] or 0), c["pk"])
