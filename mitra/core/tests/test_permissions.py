from __future__ import annotations

import pytest

from mitra.core.permissions import can

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
