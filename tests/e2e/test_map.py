"""The world map: no shape drawn across the antimeridian, and the view fitted to the partners."""

from __future__ import annotations

import pytest

from mitra.accounts.models import Unit, User
from mitra.agreements import services as agreement_services
from mitra.partners import services as partner_services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Every ring's consecutive points (and its closing edge) in longitude degrees: a jump of more
# than 180° is a line drawn across the whole map instead of across the date line.
LONGEST_EDGE = """el => {
  let longest = 0;
  el.leafletMap.eachLayer(layer => {
    if (!layer.getLatLngs) return;
    const rings = [];
    (function walk(x) {
      if (x.length && x[0].lng !== undefined) rings.push(x); else x.forEach(walk);
    })(layer.getLatLngs());
    rings.forEach(r => r.forEach((p, i) => {
      const q = r[(i + 1) % r.length];
      longest = Math.max(longest, Math.abs(q.lng - p.lng));
    }));
  });
  return longest;
}"""

VIEW = """el => { const b = el.leafletMap.getBounds();
  return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }"""


def _public(*codes: str) -> None:
    bureau = Unit.objects.create(code="bks", kind="ministry_unit", name_id="Biro Kerja Sama")
    officer = User.objects.create_user(username="o", password="x", role="officer", unit=bureau)
    for code in codes:
        partner = partner_services.partner_create(user=officer, kind="country", code=code)
        agreement_services.agreement_create(
            user=officer,
            title=f"MoU {code}",
            parties=[(partner, "signatory")],
            status="in_force",
            signed_year=2021,
            is_public=True,
        )


def _map(page, url: str):
    page.goto(url)
    el = page.locator("[data-map='world'][data-ready='true']")
    el.wait_for()
    return el


def test_no_shape_crosses_the_map_at_the_antimeridian(live_server, page):
    _public("FJI", "RUS", "NZL")
    el = _map(page, f"{live_server.url}/public/")
    assert el.evaluate(LONGEST_EDGE) < 180
    assert page.console_errors == []


def test_the_map_is_fitted_to_the_partners_shown(live_server, page):
    _public("KAZ", "UZB")
    west, south, east, north = _map(page, f"{live_server.url}/public/").evaluate(VIEW)
    # Central Asia, not the world: both countries lie within 45°E–90°E, 35°N–56°N.
    assert 30 < west < 56 and 80 < east < 110, (west, east)
    assert 20 < south < 38 and 55 < north < 70, (south, north)


def test_a_partner_across_the_date_line_is_shown_whole(live_server, page):
    _public("FJI")
    west, _south, east, _north = _map(page, f"{live_server.url}/public/").evaluate(VIEW)
    # Fiji's islands lie on both sides of 180°: the view spans them, not the whole world.
    assert east - west < 120 and west < 177 and east > 180, (west, east)
