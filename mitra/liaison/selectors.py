"""Reads of the liaison: the directory (every partner, with its contact points or none yet),
the notices, and what the escalation run has to do. Only the bureau and the focal points read
it (core.permissions "liaison.view"); anyone else gets nothing, without a query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from mitra.core.errors import NotFound
from mitra.core.permissions import can
from mitra.liaison import rules
from mitra.liaison.models import CommunicationTest, ContactPoint, Notice
from mitra.partners import selectors as partner_selectors


def audience(user: Any) -> str:
    """What of the liaison this user reads: "all" for the bureau and the focal points, else ""."""
    return "all" if can(user, "liaison.view") else ""


def _require_view(user: Any) -> None:
    if not can(user, "liaison.view"):
        raise NotFound


@dataclass
class DirectoryRow:
    partner: Any  # None for our own side
    contacts: list[ContactPoint] = field(default_factory=list)
    last_test: CommunicationTest | None = None

    @property
    def flagged(self) -> int:
        return sum(1 for c in self.contacts if c.verification_flag)

    @property
    def test_flag(self) -> str:
        return rules.test_flag(self.last_test)


def directory_partners(*, user: Any) -> QuerySet[Any]:
    """Every partner the directory lists, in name order (the key breaking ties), with its
    contact points and communication tests; a page of them is read with `directory`."""
    if not can(user, "liaison.view"):
        return partner_selectors.visible_to(user).none()
    return (
        partner_selectors.visible_to(user)
        .filter(archived_at__isnull=True)
        .order_by("name_id", "pk")
        .prefetch_related(
            Prefetch(
                "liaison_contacts",
                queryset=ContactPoint.objects.active(),
                to_attr="liaison_contact_list",
            ),
            Prefetch(
                "liaison_tests",
                queryset=CommunicationTest.objects.active(),
                to_attr="liaison_test_list",
            ),
        )
    )


def directory(*, user: Any, partners: Any = None) -> list[DirectoryRow]:
    """Our own side first, then every partner in name order, each with its contact points
    (a partner without any is listed too: the gap is what the bureau must fill); `partners`,
    a page of `directory_partners`, lists only those after our side."""
    if not can(user, "liaison.view"):
        return []
    contacts = ContactPoint.objects.active()
    own = DirectoryRow(partner=None, contacts=list(contacts.filter(partner__isnull=True)))
    if partners is None:
        partners = directory_partners(user=user)
    return [own] + [
        DirectoryRow(
            partner=p,
            contacts=p.liaison_contact_list,
            last_test=p.liaison_test_list[0] if p.liaison_test_list else None,
        )
        for p in partners
    ]


def contact_get(*, user: Any, pk: int) -> ContactPoint:
    _require_view(user)
    found = ContactPoint.objects.active().select_related("partner").filter(pk=pk).first()
    if found is None:
        raise NotFound
    return found


def contact_choices(*, user: Any, partner: Any = None) -> QuerySet[ContactPoint]:
    """Contact points a notice may name: ours and, given a partner, that partner's."""
    if not can(user, "liaison.view"):
        return ContactPoint.objects.none()
    qs = ContactPoint.objects.active().select_related("partner")
    if partner is not None:
        return qs.filter(partner__isnull=True) | qs.filter(partner=partner)
    return qs


def unverified_contacts(*, user: Any, today: dt.date | None = None) -> QuerySet[ContactPoint]:
    if not can(user, "liaison.view"):
        return ContactPoint.objects.none()
    today = today or timezone.localdate()
    return ContactPoint.objects.active().filter(rules.unverified_q(today))


def _notices() -> QuerySet[Notice]:
    return Notice.objects.select_related(
        "partner", "from_contact", "to_contact", "escalated_to", "corrects"
    )


def notice_list(*, user: Any, partner: Any = None, waiting: bool = False) -> QuerySet[Notice]:
    if not can(user, "liaison.view"):
        return Notice.objects.none()
    qs = _notices()
    if partner is not None:
        qs = qs.filter(partner=partner)
    if waiting:
        qs = qs.filter(acknowledged_at__isnull=True)
    return qs


def notice_get(*, user: Any, pk: int) -> Notice:
    _require_view(user)
    found = _notices().filter(pk=pk).first()
    if found is None:
        raise NotFound
    return found


def notice_corrections(*, notice: Notice) -> QuerySet[Notice]:
    return _notices().filter(corrects=notice).order_by("sent_at", "pk")


def escalation_due(*, now: dt.datetime) -> list[int]:
    """Ids of the notices the escalation run must escalate (the worker's read: no user asks)."""
    return list(
        Notice.objects.filter(rules.due_for_escalation_q(now))
        .order_by("ack_deadline", "pk")
        .values_list("pk", flat=True)
    )


def next_contact(*, contact: ContactPoint) -> ContactPoint | None:
    """Who comes after `contact` on the same side (the partner's, or ours)."""
    group = ContactPoint.objects.active().filter(partner_id=contact.partner_id)
    if contact.partner_id is None:
        group = ContactPoint.objects.active().filter(partner__isnull=True)
    return rules.next_in_line(contact, list(group.exclude(pk=contact.pk)))


def escalation_recipients(*, notice: Notice) -> list[Any]:
    """Who hears of an unanswered notice: the bureau (every active officer) and whoever
    logged it, once each."""
    from mitra.accounts.models import User

    people = list(User.objects.filter(is_active=True, role=User.Role.OFFICER).order_by("pk"))
    logger = notice.logged_by
    if logger is not None and logger.is_active and logger not in people:
        people.append(logger)
    return people


def tests_of(*, user: Any, partner: Any) -> QuerySet[CommunicationTest]:
    """A partner's communication tests, newest first."""
    if not can(user, "liaison.view"):
        return CommunicationTest.objects.none()
    return CommunicationTest.objects.active().filter(partner=partner).select_related("occurrence")
