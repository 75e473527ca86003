"""`number`: a figure written the way the active language writes it (id 1.234,5; en 1,234.5)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal
from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def number(value: Any) -> str:
    """A number in the active language; whole numbers without decimals; None → "—"; 0 is "0"."""
    if value is None or value == "":
        return "—"
    try:
        figure = Decimal(str(value))
    except ArithmeticError:
        return str(value)
    locale = (get_language() or "id").split("-")[0]
    if figure == figure.to_integral_value():
        return format_decimal(int(figure), format="#,##0", locale=locale)
    return format_decimal(figure.normalize(), format="#,##0.##########", locale=locale)
