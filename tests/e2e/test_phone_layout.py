"""On a phone (390 px wide) the navigation folds behind a button and wide tables scroll inside
their own box: the page itself never scrolls sideways."""

from __future__ import annotations

import pytest

from mitra.accounts.models import Unit, User
from mitra.agreements import services as agreement_services
from mitra.partners import services as partner_services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
# What sticks out, to say so when the page is too wide.
WIDE = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 5).map(e => e.tagName + '.' + e.className)"""


def _fits(page) -> None:
    assert page.evaluate(OVERFLOW) <= 0, page.evaluate(WIDE)


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _registry() -> None:
    bureau = Unit.objects.create(code="bks", kind="ministry_unit", name_id="Biro Kerja Sama")
    officer = User.objects.create_user(
        username="officer", password="pw-officer", role="officer", unit=bureau
    )
    kaz = partner_services.partner_create(user=officer, kind="country", code="KAZ")
    for year in (2019, 2021):
        agreement_services.agreement_create(
            user=officer,
            title=f"Nota kesepahaman kerja sama bidang kesehatan Indonesia–Kazakhstan {year}",
            parties=[(kaz, "signatory")],
            status="in_force",
            signed_year=year,
            is_public=True,
        )


def _login(page, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill("officer")
    page.locator("#id_password").fill("pw-officer")
    page.locator("main form [type=submit]").click()
    page.wait_for_url(f"{base}/")


@pytest.mark.parametrize("path", ["/", "/agreements/", "/partners/", "/partners/KAZ/brief/"])
def test_pages_fit_a_phone_and_the_nav_is_folded(live_server, phone, path):
    _registry()
    _login(phone, live_server.url)
    phone.goto(live_server.url + path)
    nav = phone.get_by_role("navigation", name="Utama", exact=True)
    assert not nav.get_by_role("link", name="Perjanjian", exact=True).is_visible()
    _fits(phone)
    # The button can be read: its text is not drawn in the header's own colour.
    summary = phone.locator("header summary")
    colour, background = summary.evaluate(
        "el => [getComputedStyle(el).color, getComputedStyle(el.closest('header')).backgroundColor]"
    )
    assert colour != background and "Menu" in summary.inner_text()
    # The button opens it, without any script.
    summary.click()
    assert nav.get_by_role("link", name="Perjanjian", exact=True).is_visible()
    _fits(phone)


def test_public_portal_fits_a_phone(live_server, phone):
    _registry()
    phone.goto(f"{live_server.url}/public/")
    phone.locator("#public-agreements").wait_for()
    _fits(phone)


def test_the_nav_is_open_on_a_desktop(live_server, page):
    _registry()
    _login(page, live_server.url)
    assert not page.locator("header summary").is_visible()
    assert page.get_by_role("link", name="Perjanjian", exact=True).first.is_visible()
