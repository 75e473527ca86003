"""Writes of the health globalisation team: member organisations and people, policy items
and each member's position on them. Every write names its author in the history."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from mitra.core import history
from mitra.core.permissions import require
from mitra.team import rules
from mitra.team.models import Member, Person, PolicyItem, Position
from mitra.team.schemas import PolicyItemIn


@transaction.atomic
def member_add(*, user: Any, unit: Any) -> Member:
    """Make a ministry or agency a member organisation of the team (again, if it had left)."""
    require(user, "team.change")
    if unit is None or unit.kind not in rules.MEMBER_KINDS:
        raise ValidationError({"unit": [rules.NOT_A_MINISTRY]})
    member = Member.objects.filter(unit=unit).first()
    if member is not None and member.archived_at is None:
        raise ValidationError({"unit": [rules.ALREADY_MEMBER % {"unit": unit}]})
    member = member or Member(unit=unit)
    member.archived_at = None
    history.stamp(member, by=user)
    member.save()
    return member


@transaction.atomic
def person_add(
    *, user: Any, member: Member, name: str, role_title: str = "", account: Any = None
) -> Person:
    """A person who sits on the team for a member organisation."""
    require(user, "team.change")
    if not (name or "").strip():
        raise ValidationError({"name": [rules.NAME_REQUIRED]})
    person = Person(member=member, name=name.strip(), role_title=role_title.strip(), user=account)
    person.full_clean()
    history.stamp(person, by=user)
    person.save()
    return person


def _check_item(data: PolicyItemIn) -> None:
    errors: dict[str, list[Any]] = {}
    if not (data.title or "").strip():
        errors["title"] = [rules.TITLE_REQUIRED]
    meeting = data.source_meeting
    if meeting is not None and meeting.kind not in ("team", "workshop"):
        errors["source_meeting"] = [rules.NOT_A_TEAM_MEETING]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def item_save(*, user: Any, data: PolicyItemIn, item: PolicyItem | None = None) -> PolicyItem:
    """Create a policy item, or change one: its issue, the agreed line, what it touches and its
    open actions (follow-ups)."""
    require(user, "team.change")
    _check_item(data)
    item = item or PolicyItem()
    item.title = data.title.strip()
    item.description = data.description.strip()
    item.agreed_line = data.agreed_line.strip()
    item.source_meeting = data.source_meeting
    item.full_clean()
    history.stamp(item, by=user)
    item.save()
    for name, wanted in (
        ("agreements", data.agreements),
        ("partners", data.partners),
        ("followups", data.followups),
    ):
        links = getattr(item, name)
        now = set(links.values_list("pk", flat=True))
        want = {obj.pk for obj in wanted}
        if want - now:
            history.stamp(item, by=user)
            links.add(*[obj for obj in wanted if obj.pk not in now])
        if now - want:
            history.stamp(item, by=user)
            links.remove(*(now - want))
    return item


@transaction.atomic
def position_set(*, user: Any, item: PolicyItem, member: Member | None, text: str) -> Position:
    """Record (or change) a member organisation's position on the item."""
    require(user, "team.change")
    errors: dict[str, list[Any]] = {}
    if member is None or member.archived_at is not None:
        errors["member"] = [rules.NOT_A_MEMBER]
    if not (text or "").strip():
        errors["text"] = [rules.POSITION_REQUIRED]
    if errors:
        raise ValidationError(errors)
    position = Position.objects.filter(item=item, member=member).first() or Position(
        item=item, member=member
    )
    position.text = text.strip()
    position.full_clean()
    history.stamp(position, by=user)
    position.save()
    return position
