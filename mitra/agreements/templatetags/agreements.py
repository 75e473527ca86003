from __future__ import annotations

from django import template

from mitra.agreements.models import Agreement

register = template.Library()


@register.filter
def status_label(value: str) -> str:
    """The translated label of a status value (the current status is annotated as a value)."""
    return str(dict(Agreement.Status.choices).get(value, value))
