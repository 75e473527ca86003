from __future__ import annotations

import pytest

from mitra.partners import regions, services
from mitra.partners.models import Partner


@pytest.mark.parametrize(
    ("code", "region"),
    [
        ("IDN", "southeast_asia"),
        ("tls", "southeast_asia"),
        ("KAZ", "central_asia"),
        ("JPN", "east_asia"),
        ("IND", "south_asia"),
        ("SAU", "middle_east"),
        ("DEU", "europe"),
        ("NGA", "africa"),
        ("BRA", "americas"),
        ("FJI", "oceania"),
        ("XXX", ""),
    ],
)
def test_m49_places_each_country_in_a_region_the_list_filters_by(code, region):
    assert regions.region_of(code) == region
    assert region == "" or region in Partner.Region.values


def test_every_m49_row_maps_to_a_region(db):
    unplaced = [a for a in regions._table() if not regions.region_of(a) and a != "ATA"]
    assert unplaced == []


def test_a_country_keeps_the_region_the_user_chose(officer):
    partner = services.partner_create(
        user=officer, kind="country", code="EGY", region="middle_east"
    )
    assert partner.region == "middle_east"
    assert services.partner_create(user=officer, kind="country", code="MAR").region == "africa"
