"""Names and labels come from people and imports: on every chart and map they stay text.

A partner called `Brunei<img src=x onerror=alert(1)>` must show as those characters in the map's
tooltip, on the dashboard for every role and on the public portal for anyone, and never run.
"""

from __future__ import annotations

import pytest

from mitra.accounts.models import Unit, User
from mitra.agreements import services as agreement_services
from mitra.partners import services as partner_services
from mitra.partners.models import Partner
from mitra.sharing import services as sharing_services
from mitra.taxonomy.models import CooperationArea

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HOSTILE = "Brunei<img src=x onerror=alert(1)>"
HOSTILE_AREA = "Area<img src=x onerror=alert(2)>"
ROLES = ("officer", "admin", "focal", "coordination", "viewer")


def _hostile_registry() -> None:
    bureau = Unit.objects.create(code="bks", kind="ministry_unit", name_id="Biro Kerja Sama")
    officer = User.objects.create_user(
        username="officer", password="pw-officer", role="officer", unit=bureau
    )
    # The coordination member is from Kemenlu, with which the agreement is shared: they read
    # the hostile names too.
    kemenlu = Unit.objects.create(code="kemenlu", kind="ministry", name_id="Kemenlu")
    units = {"focal": bureau, "coordination": kemenlu}
    for role in ROLES[1:]:
        User.objects.create_user(
            username=role, password="pw-" + role, role=role, unit=units.get(role)
        )
    brn = partner_services.partner_create(user=officer, kind="country", code="KAZ")
    # Stored as any import or older version could have stored it, past today's form checks.
    Partner.objects.filter(pk=brn.pk).update(name_id=HOSTILE, name_en=HOSTILE)
    area = CooperationArea.objects.get(code="vaccines")
    CooperationArea.objects.filter(pk=area.pk).update(label_id=HOSTILE_AREA, label_en=HOSTILE_AREA)
    mou = agreement_services.agreement_create(
        user=officer,
        title="MoU kesehatan",
        parties=[(brn, "signatory")],
        areas=CooperationArea.objects.filter(pk=area.pk),
        status="in_force",
        signed_year=2021,
        is_public=True,
    )
    sharing_services.share_create(user=officer, agreement=mou, unit=kemenlu)


def _watch(page) -> list[str]:
    fired: list[str] = []

    def on_dialog(dialog) -> None:
        fired.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return fired


def _hover_map(page) -> None:
    """Hover every shaded country and check its tooltip shows the name as text."""
    page.locator("[data-map='world'][data-ready='true']").wait_for()
    shaded = page.locator("path.leaflet-interactive:not([fill='#f1f3f5'])")
    assert shaded.count() >= 1
    for i in range(shaded.count()):
        shaded.nth(i).hover(force=True)
        tooltip = page.locator(".leaflet-tooltip")
        tooltip.wait_for()
        assert HOSTILE in tooltip.inner_text()
        page.mouse.move(0, 0)


def _hover_charts(page) -> int:
    """Point at every bar of every chart, so that each tooltip draws its labels."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('canvas[data-chart]')].every(c => Chart.getChart(c))"
    )
    titles: list[str] = []
    for canvas in page.locator("canvas[data-chart]").all():
        canvas.scroll_into_view_if_needed()
        points = canvas.evaluate(
            """c => Chart.getChart(c).getDatasetMeta(0).data
                 .filter(b => Math.abs(b.base - (b.horizontal ? b.x : b.y)) > 2)
                 .map(b => { const p = b.getCenterPoint(); return [p.x, p.y]; })"""
        )
        box = canvas.bounding_box()
        for x, y in points:
            page.mouse.move(box["x"] + x, box["y"] + y)
            page.wait_for_function(
                "c => Chart.getChart(c).tooltip.getActiveElements().length > 0",
                arg=canvas.element_handle(),
            )
            titles += canvas.evaluate("c => Chart.getChart(c).tooltip.title")
    return titles.count(HOSTILE_AREA)


def _assert_inert(page, fired: list[str]) -> None:
    assert fired == []
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("() => document.querySelectorAll('[onerror]').length") == 0


@pytest.mark.parametrize("role", ROLES)
def test_hostile_names_stay_text_on_the_dashboard(live_server, page, role):
    _hostile_registry()
    fired = _watch(page)
    page.goto(f"{live_server.url}/accounts/login/?next=/")
    page.locator("#id_username").fill(role)
    page.locator("#id_password").fill("pw-" + role)
    page.locator("form [type=submit]").last.click()
    page.wait_for_url(f"{live_server.url}/")
    _hover_map(page)
    assert _hover_charts(page) >= 1
    _assert_inert(page, fired)
    assert page.console_errors == []


def test_hostile_names_stay_text_on_the_public_portal(live_server, page):
    _hostile_registry()
    fired = _watch(page)
    page.goto(f"{live_server.url}/public/")
    _hover_map(page)
    _assert_inert(page, fired)
    assert page.console_errors == []
