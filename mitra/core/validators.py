"""Validators every domain's inputs share: text that can be shown and stored as it was typed."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 and C1 control characters and DEL; tab, newline and carriage return are ordinary in texts.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAK = re.compile(r"[\t\n\r]")

CONTROL_CHARACTERS = _("Remove the control characters (invisible characters) from the text.")
LINE_BREAK_IN_NAME = _("A name is one line: remove the line breaks and tabs.")
NOT_EMPTY = _("This field cannot be empty.")
UNKNOWN_CODE = _("“%(code)s” is not one of the values accepted here. Valid: %(valid)s.")


def no_control_characters(value: Any) -> None:
    """Refuse invisible control characters in any text (they break exports and displays)."""
    if isinstance(value, str) and _CONTROL.search(value):
        raise ValidationError(CONTROL_CHARACTERS, code="control_characters")


def one_line(value: Any) -> None:
    """A name or title: no control characters and no line breaks or tabs."""
    no_control_characters(value)
    if isinstance(value, str) and _LINE_BREAK.search(value):
        raise ValidationError(LINE_BREAK_IN_NAME, code="line_break")


def unknown_code(field: str, code: str, valid: list[str] | tuple[str, ...] = ()) -> ValidationError:
    """The error for a code (ISO, area, status…) that names nothing: 422 naming field and code."""
    shown = ", ".join(valid[:30]) + (" …" if len(valid) > 30 else "") if valid else "—"
    return ValidationError({field: [UNKNOWN_CODE % {"code": code, "valid": shown}]})
