"""The bell in the header: `{% unread_count as n %}`."""

from __future__ import annotations

from typing import Any

from django import template

from mitra.notifications import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_count(context: dict[str, Any]) -> int:
    request = context.get("request")
    return selectors.unread_count(user=getattr(request, "user", None))
