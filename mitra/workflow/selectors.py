"""Reads: what is due to be reminded today, to whom; obligations and their occurrences.

Recipients (decided here, once): for an agreement (expiry, notice deadline, dormancy) every
active bureau officer plus the focal points of its responsible unit; for what a unit owns
(follow-ups, activities, indicator reports, obligations) the focal points and officers of that
unit, or the bureau's officers when the unit has nobody in Mitra — nothing is left unsent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from mitra.accounts.models import User
from mitra.agreements import rules as agreement_rules
from mitra.agreements import selectors as agreement_selectors
from mitra.agreements.models import Agreement
from mitra.core.errors import NotFound
from mitra.core.permissions import can, unit_scoped
from mitra.meetings.models import FollowUp
from mitra.notifications.models import Kind
from mitra.plans import rules as plan_rules
from mitra.plans.models import ActionPlan, Activity, Indicator, Result
from mitra.workflow import rules
from mitra.workflow.models import AgreementReminders, Mute, Obligation, Occurrence, Sent

S = Agreement.Status
OBLIGATION_THRESHOLDS = (30, 7, 0)
LEDGER_CHUNK = 5000
# A report for a period is due this many days after the period ends.
REPORT_DUE_AFTER_DAYS = 30
FREQUENCY_MONTHS = {
    Indicator.Frequency.QUARTERLY: 3,
    Indicator.Frequency.HALF_YEARLY: 6,
    Indicator.Frequency.YEARLY: 12,
}


@dataclass
class Due:
    """One reminder due today: an event at a threshold, for each of its recipients."""

    event: str  # the ledger key: what, which record, which date
    threshold: int
    kind: str
    item: str  # what a user mutes: "agreement:12", "followup:7"…
    url: str
    params: dict[str, Any]
    recipients: list[Any] = field(default_factory=list)


def _title(obj: Any, name: str = "title") -> dict[str, str]:
    out = {"title": str(getattr(obj, name))[:200]}
    if getattr(obj, "title_en", ""):
        out["title_en"] = obj.title_en
    return out


class _People:
    """Who is reminded, looked up once per run."""

    def __init__(self) -> None:
        users = list(
            User.objects.filter(is_active=True, role__in=[User.Role.OFFICER, User.Role.FOCAL])
            .select_related("unit")
            .order_by("pk")
        )
        self.officers = [u for u in users if u.role == User.Role.OFFICER]
        self.by_unit: dict[int, list[Any]] = {}
        for u in users:
            if u.unit_id is not None:
                self.by_unit.setdefault(u.unit_id, []).append(u)

    def unit(self, unit_id: int | None) -> list[Any]:
        return self.by_unit.get(unit_id or 0) or self.officers

    def agreement(self, unit_id: int | None) -> list[Any]:
        focal = [u for u in self.by_unit.get(unit_id or 0, []) if u.role == User.Role.FOCAL]
        return self.officers + focal


def _thresholds(agreements: Iterable[Agreement]) -> dict[int, tuple[tuple[int, ...], ...]]:
    rows = AgreementReminders.objects.filter(agreement__in=[a.pk for a in agreements])
    return {
        r.agreement_id: (
            rules.parse_thresholds(r.expiry_days),
            rules.parse_thresholds(r.notice_days),
        )
        for r in rows
    }


def _agreement_events(today: dt.date, people: _People) -> Iterator[Due]:
    default = rules.DEFAULT_THRESHOLDS
    earliest = today - dt.timedelta(days=rules.EXPIRY_GRACE_DAYS)
    agreements = list(
        Agreement.objects.active()
        .filter(status__in=[S.SIGNED, S.IN_FORCE, S.EXPIRED], date_expiry__gte=earliest)
        .order_by("pk")
    )
    own = _thresholds(agreements)
    for a in agreements:
        if a.date_expiry is None:
            continue
        expiry_t, notice_t = own.get(a.pk, (default, default))
        url = a.get_absolute_url()
        recipients = people.agreement(a.responsible_unit_id)
        dates = [(Kind.EXPIRY, a.date_expiry, expiry_t)]
        notice = agreement_rules.notice_date(a)
        if notice is not None and a.status != S.EXPIRED:
            dates.append((Kind.NOTICE, notice, notice_t))
        for kind, day, thresholds in dates:
            left = (day - today).days
            if left < -rules.EXPIRY_GRACE_DAYS:
                continue
            threshold = rules.due_threshold(left, thresholds)
            if threshold is None:
                continue
            yield Due(
                event=f"{kind}:{a.pk}:{day.isoformat()}",
                threshold=threshold,
                kind=kind,
                item=f"agreement:{a.pk}",
                url=url,
                params={**_title(a), "date": day.isoformat(), "days": left},
                recipients=recipients,
            )


def _dormant_events(today: dt.date, people: _People) -> Iterator[Due]:
    for a in rules.dormant_among(Agreement.objects.all(), today):
        yield Due(
            event=f"dormant:{a.pk}",
            threshold=0,
            kind=Kind.DORMANT,
            item=f"agreement:{a.pk}",
            url=a.get_absolute_url(),
            params=_title(a),
            recipients=people.agreement(a.responsible_unit_id),
        )


def _followup_events(today: dt.date, people: _People) -> Iterator[Due]:
    horizon = today + dt.timedelta(days=max(rules.DUE_THRESHOLDS))
    followups = FollowUp.objects.active().filter(
        status=FollowUp.Status.OPEN,
        due_date__isnull=False,
        due_date__lte=horizon,
        meeting__archived_at__isnull=True,
    )
    for f in followups.order_by("due_date", "pk"):
        assert f.due_date is not None  # filtered above; for the type checker
        left = (f.due_date - today).days
        threshold = rules.due_or_overdue_threshold(left)
        if threshold is None:
            continue
        yield Due(
            event=f"followup:{f.pk}:{f.due_date.isoformat()}",
            threshold=threshold,
            kind=Kind.FOLLOWUP,
            item=f"followup:{f.pk}",
            url=f.get_absolute_url(),
            params={"title": f.description[:200], "date": f.due_date.isoformat(), "days": left},
            recipients=people.unit(f.owner_unit_id),
        )


def report_periods(indicator: Indicator, plan: ActionPlan) -> Iterator[tuple[dt.date, dt.date]]:
    """The reporting periods of an indicator inside its plan's years (quarters, halves, years)."""
    months = FREQUENCY_MONTHS.get(indicator.frequency, 6)  # type: ignore[call-overload]
    start = plan.first_day
    while start <= plan.last_day:
        end = rules.add_months(start, months) - dt.timedelta(days=1)
        yield start, end
        start = end + dt.timedelta(days=1)


def _report_events(today: dt.date, people: _People) -> Iterator[Due]:
    indicators = (
        Indicator.objects.active()
        .filter(
            plan__archived_at__isnull=True,
            plan__status__in=[ActionPlan.Status.AGREED, ActionPlan.Status.IN_PROGRESS],
            # A plan that ended more than a year ago is no longer chased for reports.
            plan__end_year__gte=today.year - 1,
            plan__start_year__lte=today.year,
        )
        .exclude(plan__agreement__archived_at__isnull=False)
        .select_related("plan", "activity")
        .order_by("pk")
    )
    reported: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for ind_id, start, end in (
        Result.objects.active()
        .filter(
            indicator__in=indicators, status__in=[Result.Status.SUBMITTED, Result.Status.APPROVED]
        )
        .values_list("indicator_id", "period_start", "period_end")
    ):
        reported.setdefault(ind_id, []).append((start, end))
    for ind in indicators:
        created = timezone.localdate(ind.created_at)
        unit_id = ind.activity.owner_unit_id if ind.activity_id else None  # type: ignore[union-attr]
        for start, end in report_periods(ind, ind.plan):
            due = end + dt.timedelta(days=REPORT_DUE_AFTER_DAYS)
            left = (due - today).days
            if end < created or left > max(rules.DUE_THRESHOLDS):
                continue
            if any(s <= end and e >= start for s, e in reported.get(ind.pk, [])):
                continue
            threshold = rules.due_or_overdue_threshold(left)
            if threshold is None:
                continue
            yield Due(
                event=f"report:{ind.pk}:{start.isoformat()}:{end.isoformat()}",
                threshold=threshold,
                kind=Kind.REPORT,
                item=f"indicator:{ind.pk}",
                url=ind.plan.get_absolute_url() + f"#indicator-{ind.pk}",
                params={
                    "title": ind.name[:200],
                    "date": due.isoformat(),
                    "days": left,
                    "label": f"{start:%d/%m/%Y}–{end:%d/%m/%Y}",
                },
                recipients=people.unit(unit_id),
            )


def _delayed_events(today: dt.date, people: _People) -> Iterator[Due]:
    activities = (
        Activity.objects.active()
        .filter(plan_rules.delayed_q(today), plan__archived_at__isnull=True)
        .exclude(plan__agreement__archived_at__isnull=False)
        .order_by("pk")
    )
    for a in activities:
        yield Due(
            event=f"delayed:{a.pk}:{a.planned_start}:{a.planned_end}",
            threshold=0,
            kind=Kind.DELAYED,
            item=f"activity:{a.pk}",
            url=a.get_absolute_url(),
            params=_title(a),
            recipients=people.unit(a.owner_unit_id),
        )


def _open_occurrences(*, until: dt.date | None = None) -> QuerySet[Occurrence]:
    """Open occurrences of obligations still on the books (of agreements not archived), whoever
    asks: for the reminder run, which decides the recipients itself."""
    # A liaison duty has no agreement (and an agreement's no partner): the outer joins leave
    # those columns empty, which these conditions accept.
    qs = Occurrence.objects.active().filter(
        status=Occurrence.Status.OPEN,
        obligation__archived_at__isnull=True,
        obligation__agreement__archived_at__isnull=True,
        obligation__partner__archived_at__isnull=True,
    )
    if until is not None:
        qs = qs.filter(due_date__lte=until)
    return qs.select_related("obligation__agreement", "obligation__partner", "owner_unit").order_by(
        "due_date", "pk"
    )


def _obligation_events(today: dt.date, people: _People) -> Iterator[Due]:
    horizon = today + dt.timedelta(days=max(OBLIGATION_THRESHOLDS))
    for o in _open_occurrences(until=horizon):
        left = (o.due_date - today).days
        threshold = (
            rules.due_threshold(left, OBLIGATION_THRESHOLDS)
            if left >= 0
            else rules.due_or_overdue_threshold(left)
        )
        if threshold is None:
            continue
        yield Due(
            event=f"obligation:{o.pk}:{o.due_date.isoformat()}",
            threshold=threshold,
            kind=Kind.OBLIGATION,
            item=f"obligation:{o.obligation_id}",
            url=o.get_absolute_url(),
            params={
                "title": o.obligation.title[:200],
                "date": o.due_date.isoformat(),
                "days": left,
            },
            recipients=people.unit(o.owner_unit_id),
        )


def due_reminders(*, today: dt.date | None = None) -> list[Due]:
    """Everything due today, each with the recipients who have neither had it nor muted it."""
    today = today or timezone.localdate()
    people = _People()
    events: list[Due] = []
    for source in (
        _agreement_events,
        _dormant_events,
        _followup_events,
        _report_events,
        _delayed_events,
        _obligation_events,
    ):
        events.extend(source(today, people))
    if not events:
        return []
    # In chunks: SQLite takes at most 32,766 parameters in one statement, and a large registry
    # can have more events due (every overdue follow-up is one).
    keys = sorted({e.event for e in events})
    sent: set[tuple[str, int, int]] = set()
    for start in range(0, len(keys), LEDGER_CHUNK):
        sent.update(
            Sent.objects.filter(event__in=keys[start : start + LEDGER_CHUNK]).values_list(
                "event", "threshold", "recipient_id"
            )
        )
    muted = set(Mute.objects.values_list("user_id", "item"))
    out = []
    for e in events:
        e.recipients = [
            u
            for u in dict.fromkeys(e.recipients)
            if (e.event, e.threshold, u.pk) not in sent and (u.pk, e.item) not in muted
        ]
        if e.recipients:
            out.append(e)
    return out


def obligations_of(*, agreement: Agreement) -> list[tuple[Obligation, list[Occurrence]]]:
    """An agreement's obligations with their occurrences, for its page."""
    obligations = list(
        Obligation.objects.active().filter(agreement=agreement).select_related("owner_unit")
    )
    occurrences: dict[int, list[Occurrence]] = {}
    for o in (
        Occurrence.objects.active()
        .filter(obligation__in=obligations)
        .select_related("owner_unit", "evidence_meeting", "evidence_document")
    ):
        occurrences.setdefault(o.obligation_id, []).append(o)
    return [(ob, occurrences.get(ob.pk, [])) for ob in obligations]


def occurrence_get(*, user: Any, pk: int) -> Occurrence:
    """One occurrence, for those who may read its agreement — or, for a liaison duty, the
    liaison (404 otherwise)."""
    occurrence = (
        Occurrence.objects.active()
        .select_related(
            "obligation__agreement",
            "obligation__partner",
            "owner_unit",
            "evidence_meeting",
            "evidence_document",
        )
        .filter(pk=pk)
        .first()
    )
    if occurrence is None:
        raise NotFound
    if occurrence.obligation.is_liaison:
        if not can(user, "liaison.view"):
            raise NotFound
        return occurrence
    if (
        not agreement_selectors.visible_to(user)
        .filter(pk=occurrence.obligation.agreement_id, archived_at__isnull=True)
        .exists()
    ):
        raise NotFound
    return occurrence


def liaison_obligation(*, partner: Any, source: str) -> Obligation | None:
    """A partner directory's duty of one kind (confirmation, test), if it was set up."""
    return Obligation.objects.active().filter(partner=partner, source=source).first()


def liaison_occurrence_due(*, partner: Any, source: str, on: dt.date) -> Occurrence | None:
    """The open occurrence a liaison record made on `on` answers: the earliest still open whose
    period (one interval up to its due date) has begun — an overdue one first."""
    obligation = liaison_obligation(partner=partner, source=source)
    if obligation is None:
        return None
    occurrence = (
        Occurrence.objects.active()
        .filter(obligation=obligation, status=Occurrence.Status.OPEN)
        .order_by("due_date", "pk")
        .first()
    )
    if occurrence is None:
        return None
    begun = rules.add_months(occurrence.due_date, -obligation.interval_months) <= on
    return occurrence if begun else None


def is_muted(*, user: Any, item: str) -> bool:
    return Mute.objects.filter(user=user, item=item).exists()


def thresholds_of(*, agreement: Agreement) -> tuple[str, str]:
    """The agreement's thresholds as text (its own, or the defaults)."""
    row = AgreementReminders.objects.filter(agreement=agreement).first()
    if row is None:
        return rules.DEFAULT_THRESHOLDS_TEXT, rules.DEFAULT_THRESHOLDS_TEXT
    return row.expiry_days, row.notice_days


@dataclass
class CalendarReminders:
    """The alarms a user's calendar carries: each event's thresholds, none where muted."""

    thresholds: dict[int, tuple[tuple[int, ...], tuple[int, ...]]]
    muted: set[str]

    def expiry(self, agreement: Any) -> tuple[int, ...]:
        return self._agreement(agreement, 0)

    def notice(self, agreement: Any) -> tuple[int, ...]:
        return self._agreement(agreement, 1)

    def _agreement(self, agreement: Any, which: int) -> tuple[int, ...]:
        if f"agreement:{agreement.pk}" in self.muted:
            return ()
        own = self.thresholds.get(agreement.pk)
        return own[which] if own else rules.DEFAULT_THRESHOLDS

    def followup(self, followup: Any) -> tuple[int, ...]:
        return () if f"followup:{followup.pk}" in self.muted else rules.DUE_THRESHOLDS

    def obligation(self, occurrence: Any) -> tuple[int, ...]:
        muted = f"obligation:{occurrence.obligation_id}" in self.muted
        return () if muted else OBLIGATION_THRESHOLDS


def calendar_reminders(*, user: Any) -> CalendarReminders:
    """The user's thresholds for /calendar.ics (two queries)."""
    return CalendarReminders(
        thresholds={
            r.agreement_id: (
                rules.parse_thresholds(r.expiry_days),
                rules.parse_thresholds(r.notice_days),
            )
            for r in AgreementReminders.objects.all()
        },
        muted=set(Mute.objects.filter(user=user).values_list("item", flat=True)),
    )


def open_occurrences(*, user: Any, until: dt.date | None = None) -> QuerySet[Occurrence]:
    """Open obligations this user may read (due by `until`): a focal point's unit's, all of them
    for others who may read internal records; none for viewers. The liaison's duties only for
    those who may read the liaison."""
    if not can(user, "internal.view"):
        return Occurrence.objects.none()
    qs = _open_occurrences(until=until)
    if not can(user, "liaison.view"):
        qs = qs.filter(obligation__agreement__isnull=False)
    if unit_scoped(user, "obligation.complete"):
        qs = qs.filter(owner_unit_id=user.unit_id)
    return qs


def calendar_occurrences(*, user: Any) -> QuerySet[Occurrence]:
    """Open obligations for the user's calendar feed."""
    return open_occurrences(user=user)
