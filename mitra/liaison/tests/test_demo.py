"""The demo's liaison directory (issue 15 §5): every partner the seeds name, and no contact
point or notice — the seeds give no names or numbers, so none are invented."""

from __future__ import annotations

from django.utils.html import escape

from mitra import demo
from mitra.accounts.models import User
from mitra.liaison.models import ContactPoint, Notice
from mitra.partners.models import Partner


def test_the_demo_directory_lists_the_partners_with_empty_contact_points(db, client):
    demo.load(password="s3cret-demo")
    assert not ContactPoint.objects.exists() and not Notice.objects.exists()
    client.force_login(User.objects.get(username="officer"))
    page = client.get("/liaison/").content.decode()
    partners = list(Partner.objects.active())
    assert partners
    for partner in partners:
        assert f'aria-label="{escape(str(partner))}"' in page
    # Our side and each partner: an empty place to fill, flagged as such.
    assert page.count("Belum ada titik kontak yang dicatat.") == len(partners) + 1
