"""The rules of an agreement's life: which step may follow which, and which dates make sense.

Messages are module constants so that tests assert on them and translations stay in one place.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitra.agreements import guards
from mitra.agreements.models import Agreement

S = Agreement.Status

# Which statuses each step may start from. Expiry follows from the date; renewal links a successor.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "negotiate": (frozenset({S.EXPLORING}), S.NEGOTIATING),
    "sign": (frozenset({S.EXPLORING, S.NEGOTIATING}), S.SIGNED),
    "enter_into_force": (frozenset({S.SIGNED}), S.IN_FORCE),
    "terminate": (frozenset({S.SIGNED, S.IN_FORCE}), S.TERMINATED),
    "expire": (frozenset({S.SIGNED, S.IN_FORCE}), S.EXPIRED),
}

STEP_LABELS = {
    "negotiate": _("Start negotiation"),
    "sign": _("Record signature"),
    "enter_into_force": _("Record entry into force"),
    "terminate": _("Terminate"),
    "expire": _("Mark expired"),
}

STEP_OUT_OF_ORDER = _("An agreement that is “%(status)s” cannot take the step “%(step)s”.")
SIGNATURE_IN_FUTURE = _("The date of signature cannot be in the future.")
SIGNATURE_REQUIRED = _("Give the date of signature, or at least its year.")
SIGNED_YEAR_OUT_OF_RANGE = _("The year of signature must be between 1945 and this year.")
SIGNED_YEAR_MISMATCH = _("The year of signature does not match the date of signature.")
IN_FORCE_BEFORE_SIGNATURE = _("Entry into force cannot be before the date of signature.")
IN_FORCE_REQUIRED = _("Give the date of entry into force.")
EXPIRY_BEFORE_IN_FORCE = _("The expiry date must be after the entry into force.")
EXPIRY_BEFORE_SIGNATURE = _("The expiry date must be after the date of signature.")
EXPIRY_NOT_PASSED = _("This agreement has no expiry date in the past, so it cannot expire yet.")
TERMINATION_DATE_REQUIRED = _("Give the date of termination.")
TERMINATION_BEFORE_SIGNATURE = _("Termination cannot be before the date of signature.")
TERMINATION_REASON_REQUIRED = _("Say why the agreement was terminated.")
NOT_ITS_OWN_PARENT = _("An agreement cannot fall under itself.")
PARENT_MUST_BE_MOU = _("An implementing arrangement falls under a memorandum of understanding.")


def check_step(agreement: Agreement, step: str) -> str:
    """The status the step leads to, or a ValidationError if it may not follow the current one."""
    allowed_from, target = TRANSITIONS[step]
    if agreement.status not in allowed_from:
        raise ValidationError(
            STEP_OUT_OF_ORDER,
            code="step_out_of_order",
            params={"status": agreement.get_status_display(), "step": STEP_LABELS[step]},
        )
    if step == "sign":
        guards.check_sign(agreement)  # e.g. a clearance not yet approved (mitra.clearance)
    return target


def available_steps(agreement: Agreement, today: dt.date | None = None) -> list[str]:
    today = today or timezone.localdate()
    steps = [s for s, (allowed, _t) in TRANSITIONS.items() if agreement.status in allowed]
    if "expire" in steps and not (agreement.date_expiry and agreement.date_expiry < today):
        steps.remove("expire")
    return steps


def validate(agreement: Agreement, today: dt.date | None = None) -> None:
    """Every rule on an agreement's dates and links, as field errors in the user's language."""
    today = today or timezone.localdate()
    errors: dict[str, list[object]] = {}

    def add(field: str, message: object) -> None:
        errors.setdefault(field, []).append(message)

    a = agreement
    if a.date_signed and a.date_signed > today:
        add("date_signed", SIGNATURE_IN_FUTURE)
    # A year taken from the date of signature is the date's: its error is said on the date alone
    # (the year field the user left empty is not flagged too).
    year_from_date = a.date_signed is not None and a.signed_year == a.date_signed.year
    if a.signed_year is not None and not year_from_date and not 1945 <= a.signed_year <= today.year:
        add("signed_year", SIGNED_YEAR_OUT_OF_RANGE)
    if a.date_signed is not None and a.date_signed.year < 1945:
        add("date_signed", SIGNED_YEAR_OUT_OF_RANGE)
    if a.date_signed and a.signed_year is not None and a.signed_year != a.date_signed.year:
        add("signed_year", SIGNED_YEAR_MISMATCH)
    if a.date_in_force and a.date_signed and a.date_in_force < a.date_signed:
        add("date_in_force", IN_FORCE_BEFORE_SIGNATURE)
    if a.date_expiry:
        if a.date_in_force and a.date_expiry <= a.date_in_force:
            add("date_expiry", EXPIRY_BEFORE_IN_FORCE)
        elif a.date_signed and a.date_expiry <= a.date_signed:
            add("date_expiry", EXPIRY_BEFORE_SIGNATURE)
    signed_states = {S.SIGNED, S.IN_FORCE, S.EXPIRED, S.TERMINATED}
    has_signature = a.date_signed or a.signed_year is not None or a.signature_date_unknown
    if a.status in signed_states and not has_signature:
        add("date_signed", SIGNATURE_REQUIRED)
    if a.date_terminated and a.date_signed and a.date_terminated < a.date_signed:
        add("date_terminated", TERMINATION_BEFORE_SIGNATURE)
    if a.parent_id is not None:
        if a.pk is not None and a.parent_id == a.pk:
            add("parent", NOT_ITS_OWN_PARENT)
        elif (
            a.kind == Agreement.Kind.IMPLEMENTING
            and a.parent is not None
            and a.parent.kind != Agreement.Kind.MOU
        ):
            add("parent", PARENT_MUST_BE_MOU)
    if errors:
        raise ValidationError(errors)
