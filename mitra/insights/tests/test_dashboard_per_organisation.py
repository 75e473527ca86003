"""The dashboard's body is remembered for the readers who see the same page. Two coordination
members of different organisations share a role but not what they read: each must get the
board of what is shared with their own organisation, never the one kept for the other."""

from __future__ import annotations

import pytest
from django.test import Client

from mitra.accounts.models import Unit, User
from mitra.insights import views
from mitra.sharing import services as sharing_services

pytestmark = pytest.mark.django_db


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)  # a login writes to accounts: done before any board is kept
    return client


def _page(client: Client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_board_kept_for_one_organisation_is_not_served_to_another(
    officer, coordinator, kemenlu, in_force
):
    sharing_services.share_create(user=officer, agreement=in_force, unit=kemenlu)
    kemendag = Unit.objects.create(code="kemendag", kind=Unit.Kind.MINISTRY, name_id="Kemendag")
    trader = User.objects.create_user("dewi", password="pw", role="coordination", unit=kemendag)

    kemenlus, kemendags = _signed_in(coordinator), _signed_in(trader)

    views._bodies.clear()
    alone = _page(kemendags)  # what Kemendag's member sees when nothing is kept
    views._bodies.clear()
    shared = _page(kemenlus)  # Kemenlu's member first: their board is kept
    after = _page(kemendags)

    assert in_force.title in shared
    assert in_force.title not in alone
    assert in_force.title not in after
