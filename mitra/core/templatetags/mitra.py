"""Template helpers shared by every app."""

from __future__ import annotations

from typing import Any

from django import template

from mitra.core import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context: dict[str, Any], action: str, obj: Any = None) -> bool:
    """`{% can "activity.change" activity as allowed %}`: hides buttons the service would refuse."""
    return permissions.can(context["request"].user, action, obj)


@register.filter
def percent(value: float | None) -> str:
    """0.42 → "42 %"; nothing known → "—"."""
    return "—" if value is None else f"{round(value * 100)} %"


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """`{{ mapping|get_item:key }}` for dictionaries keyed by variables."""
    return mapping.get(key) if mapping else None
