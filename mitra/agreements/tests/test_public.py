"""What reaches the public portal: signed agreements marked public, never talks in progress."""

from __future__ import annotations

from mitra import demo
from mitra.agreements import selectors, services
from mitra.agreements.models import Agreement


def test_an_exploring_agreement_marked_public_never_reaches_the_portal(officer, draft, in_force):
    services.agreement_update(user=officer, agreement=draft, is_public=True)
    services.agreement_update(user=officer, agreement=in_force, is_public=True)
    assert list(selectors.public_agreements()) == [in_force]


def test_the_demo_portal_shows_the_signed_mous_the_seeds_name(client, db):
    demo.load(password="s3cret-demo")
    public = selectors.public_agreements()
    assert public.count() == 11  # the ten of the 2018 workshop and Kazakhstan's
    assert not public.filter(status=Agreement.Status.EXPLORING).exists()
    body = client.get("/public/").content.decode()
    assert "Indonesia–Kazakhstan" in body and "Kamboja" not in body
