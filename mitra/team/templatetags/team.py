from __future__ import annotations

from typing import Any

from django import template

from mitra.team import rules

register = template.Library()


@register.simple_tag(takes_context=True)
def team_reader(context: Any) -> bool:
    """Whether the signed-in user may read the team (for the header's link)."""
    request = context.get("request")
    return rules.may_read(getattr(request, "user", None))
