"""Named rules on agreements, in queryset form and single-object form, for every reader.

Selectors, services, pages, the API and exports all call these, so a service refuses what a
page hides and "active" or "renewable" means one thing everywhere.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, F, Q, QuerySet, Value, When
from django.utils import timezone

from mitra.agreements.models import Agreement, NoticeDate

S = Agreement.Status

# The statuses in which an agreement binds its parties (until its expiry date).
BINDING = frozenset({S.SIGNED, S.IN_FORCE})
# Renewal starts a successor of an agreement that ran; one still being explored, negotiated,
# merely signed or ended early has nothing to renew.
RENEWABLE = frozenset({S.IN_FORCE, S.EXPIRED})
# What the public portal may ever show: agreements that exist on paper.
PUBLISHABLE = frozenset({S.SIGNED, S.IN_FORCE, S.EXPIRED})


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def current_status_expression(today: dt.date | None = None) -> Case:
    """The status as of today: a signed or in-force agreement past its expiry date is expired.

    An agreement is valid through its expiry date and expired from the day after.
    """
    return Case(
        When(status__in=BINDING, date_expiry__lt=_today(today), then=Value(S.EXPIRED.value)),
        default=F("status"),
    )


def current_status(agreement: Agreement, today: dt.date | None = None) -> str:
    """The same rule for one agreement (uses the annotation when the selector set it)."""
    annotated = getattr(agreement, "current_status", None)
    if annotated:
        return str(annotated)
    expiry = agreement.date_expiry
    if agreement.status in BINDING and expiry is not None and expiry < _today(today):
        return S.EXPIRED.value
    return str(agreement.status)


def renewable(agreement: Agreement, today: dt.date | None = None) -> bool:
    """Whether a successor may be started: only for an agreement in force or expired."""
    return current_status(agreement, today) in RENEWABLE


def active_q(prefix: str = "", today: dt.date | None = None) -> Q:
    """Agreements (through `prefix`) that bind today: signed or in force, not past expiry."""
    return (
        Q(**{f"{prefix}status__in": BINDING})
        & (
            Q(**{f"{prefix}date_expiry__isnull": True})
            | Q(**{f"{prefix}date_expiry__gte": _today(today)})
        )
        & Q(**{f"{prefix}archived_at__isnull": True})
    )


def expiring_q(days: int, today: dt.date | None = None) -> Q:
    """Binding agreements whose expiry falls within the next `days` days (today included)."""
    today = _today(today)
    return Q(
        status__in=BINDING,
        date_expiry__gte=today,
        date_expiry__lte=today + dt.timedelta(days=days),
    )


def notice_between(qs: QuerySet[Agreement], start: dt.date, end: dt.date) -> QuerySet[Agreement]:
    """The agreements of `qs` whose last day to give notice of not renewing (the expiry date
    less the notice period) falls from `start` to `end`, each with that day as `notice`,
    soonest first. The database works it out and reads it from its index
    (`agreement_notice_date`), so a reader can order and page on it without loading every
    agreement that has a notice period."""
    return (
        qs.filter(notice_period_days__gt=0)
        .annotate(notice=NoticeDate())
        .filter(notice__gte=start, notice__lte=end)
        .order_by("notice", "date_expiry", "pk")
    )


def notice_date(agreement: Agreement) -> dt.date | None:
    """The last day to give notice of not renewing one agreement (`notice_between`'s day)."""
    if agreement.date_expiry is None or not agreement.notice_period_days:
        return None
    return agreement.date_expiry - dt.timedelta(days=agreement.notice_period_days)


def expiring(agreement: Agreement, days: int, today: dt.date | None = None) -> bool:
    """The same rule for one agreement."""
    today = _today(today)
    expiry = agreement.date_expiry
    return (
        agreement.status in BINDING
        and expiry is not None
        and today <= expiry <= today + dt.timedelta(days=days)
    )


def publishable(agreement: Agreement) -> bool:
    """Whether the agreement may reach the public portal: marked public and on paper."""
    return bool(agreement.is_public) and current_status(agreement) in PUBLISHABLE


def publishable_q() -> Q:
    return Q(is_public=True, status__in=PUBLISHABLE, archived_at__isnull=True)


def in_force_since_q(cutoff: dt.date) -> Q:
    """In force since on or before `cutoff`, by the best date on record.

    The entry into force, else the signature, else the last day of the year signed. An agreement
    recorded as in force with no date at all (an old MoU found in the archive) is taken to have
    been in force long enough: better a false alarm than a silent dormant agreement.
    """
    year_ok = (
        Q(signed_year__lte=cutoff.year)
        if (cutoff.month, cutoff.day) == (12, 31)
        else Q(signed_year__lt=cutoff.year)
    )
    return (
        Q(date_in_force__lte=cutoff)
        | Q(date_in_force__isnull=True, date_signed__lte=cutoff)
        | (Q(date_in_force__isnull=True, date_signed__isnull=True) & year_ok)
        | Q(date_in_force__isnull=True, date_signed__isnull=True, signed_year__isnull=True)
    )
