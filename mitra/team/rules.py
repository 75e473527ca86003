"""Named rules of the health globalisation team: who reads it, what may be a member."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from mitra.core.permissions import COORDINATION, can, role_of
from mitra.team.models import Member

# The team's members are ministries and agencies (Kemenkes among them).
MEMBER_KINDS = frozenset({"ministry"})

NOT_A_MINISTRY = _("Only a ministry or agency can be a member of the team.")
ALREADY_MEMBER = _("%(unit)s is already a member of the team.")
TITLE_REQUIRED = _("Name the issue.")
NAME_REQUIRED = _("Give the person's name.")
POSITION_REQUIRED = _("Write the organisation's position.")
NOT_A_MEMBER = _("Only a member organisation of the team has a position on its items.")
NOT_A_TEAM_MEETING = _("Choose a meeting the team held or attended (a team meeting or a workshop).")
NOT_VISIBLE = _("The team's page is for its member organisations and the ministry.")


def may_read(user: Any) -> bool:
    """The ministry's own roles read the team; a coordination member only when their
    organisation is a member of the team (their user.unit); viewers and visitors never."""
    if not can(user, "team.view"):
        return False
    if role_of(user) == COORDINATION:
        unit_id = getattr(user, "unit_id", None)
        return unit_id is not None and Member.objects.active().filter(unit_id=unit_id).exists()
    return True
