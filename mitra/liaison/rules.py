"""Named rules of the liaison: when a contact point counts as unverified, when a notice's
acknowledgement is due, late or overdue, and who is next in line when nobody answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The model procedure: contact points confirmed every year.
VERIFY_EVERY = dt.timedelta(days=365)
# The same procedure's duties, kept as workflow obligations of each partner's directory: the
# contact points confirmed every 12 months, a communication test every 6. Each is first due one
# interval after the directory's first contact point is added.
CONFIRM_EVERY_MONTHS = 12
TEST_EVERY_MONTHS = 6
CONFIRM_TITLE = _("Confirm the liaison contact points of %(partner)s")
TEST_TITLE = _("Communication test with %(partner)s")
LAST_TEST_FAILED = _("the last communication test failed")
# IHR: an event is notified, and answered, within 24 hours.
ACK_WINDOW = dt.timedelta(hours=24)

NEVER_VERIFIED = _("never verified")
VERIFIED_LONG_AGO = _("not verified for more than a year")


def verification_flag(last_verified: dt.date | None, today: dt.date) -> str:
    """Why a contact point is not to be trusted as it stands ("" when it was checked this year)."""
    if last_verified is None:
        return str(NEVER_VERIFIED)
    if today - last_verified > VERIFY_EVERY:
        return str(VERIFIED_LONG_AGO)
    return ""


def test_flag(last_test: Any) -> str:
    """Why the partner's channels are in doubt after its last test ("" when it got through)."""
    return str(LAST_TEST_FAILED) if last_test is not None and last_test.failed else ""


def unverified_q(today: dt.date) -> Q:
    """Contact points never verified, or not within the last year."""
    return unverified_since_q(today - VERIFY_EVERY)


def unverified_since_q(since: dt.date) -> Q:
    """Contact points not verified on or after `since` (a confirmation year's first day)."""
    return Q(last_verified__isnull=True) | Q(last_verified__lt=since)


def default_deadline(sent_at: dt.datetime) -> dt.datetime:
    return sent_at + ACK_WINDOW


def is_late(deadline: dt.datetime, acknowledged_at: dt.datetime) -> bool:
    """An acknowledgement after the deadline is late (and stays recorded as such)."""
    return acknowledged_at > deadline


def overdue_q(now: dt.datetime) -> Q:
    """Notices still waiting for an acknowledgement after their deadline."""
    return Q(acknowledged_at__isnull=True, ack_deadline__lt=now)


def due_for_escalation_q(now: dt.datetime) -> Q:
    """Overdue notices not escalated yet: each is escalated once."""
    return overdue_q(now) & Q(escalated_at__isnull=True)


def next_in_line(contact: Any, candidates: list[Any]) -> Any:
    """The contact point after `contact` in its group's order (rank, then first recorded);
    None when it is the last."""
    ordered = sorted(candidates, key=lambda c: (c.rank, c.pk))
    later = [c for c in ordered if (c.rank, c.pk) > (contact.rank, contact.pk)]
    return later[0] if later else None
