"""Writes of the treaty record: the record itself, diplomatic notes, and the foreign ministry's
deadlines (each a one-off obligation of the workflow, so its reminders come with it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from mitra.core import history
from mitra.core.permissions import require
from mitra.treaty import rules
from mitra.treaty.models import Deadline, DiplomaticNote, TreatyRecord
from mitra.treaty.schemas import NoteIn, TreatyIn
from mitra.workflow import services as workflow_services


def _record_of(agreement: Any) -> TreatyRecord:
    return TreatyRecord.objects.filter(agreement=agreement).first() or TreatyRecord(
        agreement=agreement
    )


@transaction.atomic
def treaty_record_set(*, user: Any, agreement: Any, data: TreatyIn) -> TreatyRecord:
    """Record (or correct) whether the agreement needs ratification, its instrument's numbers,
    and when its original was lodged with the foreign ministry under which reference."""
    require(user, "treaty.change", agreement)
    record = _record_of(agreement)
    record.ratification = data.ratification
    record.instrument_number = data.instrument_number.strip()
    record.gazette_number = data.gazette_number.strip()
    record.lodged_on = data.lodged_on
    record.treaty_reference = data.treaty_reference.strip()
    rules.validate_record(record, agreement=agreement, today=timezone.localdate())
    record.full_clean()
    history.stamp(record, by=user)
    record.save()
    return record


@transaction.atomic
def note_add(*, user: Any, agreement: Any, data: NoteIn) -> DiplomaticNote:
    """Add a diplomatic note exchanged about the agreement."""
    require(user, "treaty.change", agreement)
    errors: dict[str, list[Any]] = {}
    if not data.reference.strip():
        errors["reference"] = [rules.NOTE_REFERENCE_REQUIRED]
    if data.date > timezone.localdate():
        errors["date"] = [rules.NOTE_IN_FUTURE]
    if errors:
        raise ValidationError(errors)
    record = _record_of(agreement)
    if record.pk is None:
        history.stamp(record, by=user)
        record.save()
    note = DiplomaticNote(
        record=record,
        date=data.date,
        direction=data.direction,
        reference=data.reference.strip(),
        subject=data.subject.strip(),
    )
    note.full_clean()
    history.stamp(note, by=user)
    note.save()
    return note


@transaction.atomic
def deadline_add(*, user: Any, agreement: Any, kind: str, requested_on: dt.date) -> Deadline:
    """The foreign ministry asked for something by a deadline in working days: record it, with
    its due date across weekends, public holidays and collective leave, as an obligation of
    the agreement's responsible unit (reminded 7 days before, on the day, then weekly)."""
    require(user, "treaty.change", agreement)
    errors: dict[str, list[Any]] = {}
    if kind not in Deadline.Kind.values:
        errors["kind"] = [gettext("Choose what the foreign ministry asked for.")]
    if requested_on > timezone.localdate():
        errors["requested_on"] = [rules.REQUEST_IN_FUTURE]
    owner = agreement.responsible_unit or getattr(user, "unit", None)
    if owner is None:
        errors["kind"] = [rules.NO_OWNER]
    if errors:
        raise ValidationError(errors)
    due = rules.due_date(kind, requested_on)
    record = _record_of(agreement)
    if record.pk is None:
        history.stamp(record, by=user)
        record.save()
    label = Deadline.Kind(kind).label
    obligation = workflow_services.obligation_create(
        user=user,
        agreement=agreement,
        title=gettext("Foreign ministry: %(what)s") % {"what": label},
        start=due,
        interval_months=12,
        end=due,
        owner_unit=owner,
    )
    deadline = Deadline(
        record=record,
        kind=kind,
        requested_on=requested_on,
        working_days=rules.WORKING_DAYS[Deadline.Kind(kind)],
        due_date=due,
        obligation=obligation,
    )
    deadline.full_clean()
    history.stamp(deadline, by=user)
    deadline.save()
    return deadline
