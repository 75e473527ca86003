"""Named rules of the treaty record: what may be recorded when, and the foreign ministry's
deadlines counted in Indonesian working days (workdays.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from mitra.core import workdays
from mitra.treaty.models import Deadline, TreatyRecord

# The foreign ministry's deadlines, in working days from its request: an incomplete file is
# completed within 7, a certified copy of the original is sent within 3.
WORKING_DAYS = {Deadline.Kind.COMPLETE_FILE: 7, Deadline.Kind.CERTIFIED_COPY: 3}
# Statuses whose original exists (has been signed).
SIGNED_STATUSES = frozenset({"signed", "in_force", "expired", "terminated"})

NUMBERS_WITHOUT_INSTRUMENT = _(
    "An instrument number or State Gazette number is recorded only when the agreement is "
    "ratified by statute or by presidential regulation."
)
REFERENCE_WITHOUT_LODGING = _(
    "Give the date the original was lodged with the foreign ministry before its treaty-record "
    "reference."
)
LODGED_IN_FUTURE = _("The original cannot have been lodged on a date in the future.")
LODGED_BEFORE_SIGNATURE = _(
    "The original cannot have been lodged before the agreement was signed (%(date)s)."
)
LODGED_UNSIGNED = _("Only a signed agreement's original can be lodged with the foreign ministry.")
NOTE_IN_FUTURE = _("A diplomatic note cannot be dated in the future.")
NOTE_REFERENCE_REQUIRED = _("Give the note's reference number.")
REQUEST_IN_FUTURE = _("The foreign ministry's request cannot be dated in the future.")
NO_OWNER = _(
    "Set the agreement's responsible unit first: the deadline needs a unit to answer for it."
)


def validate_record(record: TreatyRecord, *, agreement: Any, today: dt.date) -> None:
    """Refuse numbers without an instrument, a reference without lodging, and a lodging date
    in the future, before the signature or of an agreement not signed."""
    errors: dict[str, list[Any]] = {}
    if not record.needs_ratification:
        for name in ("instrument_number", "gazette_number"):
            if getattr(record, name):
                errors.setdefault(name, []).append(NUMBERS_WITHOUT_INSTRUMENT)
    if record.treaty_reference and record.lodged_on is None:
        errors.setdefault("lodged_on", []).append(REFERENCE_WITHOUT_LODGING)
    if record.lodged_on is not None:
        if record.lodged_on > today:
            errors.setdefault("lodged_on", []).append(LODGED_IN_FUTURE)
        elif agreement.status not in SIGNED_STATUSES:
            errors.setdefault("lodged_on", []).append(LODGED_UNSIGNED)
        elif agreement.date_signed and record.lodged_on < agreement.date_signed:
            errors.setdefault("lodged_on", []).append(
                LODGED_BEFORE_SIGNATURE
                % {"date": formats.date_format(agreement.date_signed, "j F Y")}
            )
    if errors:
        raise ValidationError(errors)


def due_date(kind: str, requested_on: dt.date) -> dt.date:
    """The day the foreign ministry's deadline falls: its working days after the request."""
    return workdays.add_working_days(requested_on, WORKING_DAYS[Deadline.Kind(kind)])


def is_lodged(record: TreatyRecord | None) -> bool:
    return record is not None and record.lodged_on is not None
