from __future__ import annotations

import pytest

from mitra.core.permissions import can, unit_scoped

WRITES = [
    "partner.create",
    "partner.change",
    "partner.archive",
    "contact.change",
    "agreement.create",
    "agreement.change",
    "agreement.transition",
    "agreement.archive",
    "document.attach",
]
EXPECTED = {
    "officer": set(WRITES),
    "admin": {"reference.change"},
    "focal": set(),
    "coordination": set(),
    "viewer": set(),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_every_role_against_every_registry_write(personas, role):
    user = personas[role]
    allowed = {a for a in [*WRITES, "reference.change"] if can(user, a)}
    assert allowed == EXPECTED[role]


def test_an_inactive_or_anonymous_user_may_do_nothing(officer):
    from django.contrib.auth.models import AnonymousUser

    officer.is_active = False
    assert not can(officer, "partner.create")
    assert not can(AnonymousUser(), "agreement.view", None)


def test_an_unknown_action_is_a_programming_error(officer):
    with pytest.raises(KeyError):
        can(officer, "partner.delete")


DELIVERY_WRITES = [
    "plan.change",
    "activity.change",
    "result.report",
    "result.review",
    "meeting.change",
    "followup.change",
]


class Owned:
    """Something a unit owns (an activity, an indicator's activity, a follow-up)."""

    def __init__(self, unit_id):
        self.scope_unit_id = unit_id


@pytest.mark.parametrize(
    ("role", "own_unit", "expected"),
    [
        ("officer", True, set(DELIVERY_WRITES)),
        ("officer", False, set(DELIVERY_WRITES)),
        ("focal", True, {"activity.change", "result.report", "followup.change"}),
        ("focal", False, set()),
        ("coordination", True, set()),
        ("viewer", True, set()),
        ("admin", True, set()),
    ],
)
def test_every_role_against_every_delivery_write(personas, p2p, role, own_unit, expected):
    user = personas[role]
    obj = Owned(p2p.pk if own_unit else p2p.pk + 1000)
    assert {a for a in DELIVERY_WRITES if can(user, a, obj)} == expected


def test_a_focal_point_without_an_object_is_refused_not_guessed(focal):
    assert not can(focal, "activity.change")
    assert not can(focal, "result.report", Owned(None))


@pytest.mark.parametrize(
    ("role", "scoped"),
    [("officer", False), ("focal", True), ("coordination", False), ("viewer", False)],
)
def test_only_a_focal_point_acts_on_their_own_units_follow_ups(personas, role, scoped):
    """What lists of "what I act on" (the calendar's follow-ups) narrow to the user's unit."""
    assert unit_scoped(personas[role], "followup.change") is scoped
    assert unit_scoped(personas[role], "meeting.change") is False
