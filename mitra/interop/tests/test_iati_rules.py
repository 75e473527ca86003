"""The IATI export against the IATI Standard's own rulesets (error level) and the 2.03 schema."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest
from lxml import etree

from mitra.agreements import services as agreement_services
from mitra.interop import iati
from mitra.interop.tests import iati_rules
from mitra.partners import services as partner_services
from mitra.plans import services as plan_services
from mitra.taxonomy.models import CooperationArea

pytestmark = pytest.mark.django_db
RULESETS = iati_rules.shared("data", "iati", "rulesets")
XML_LANG = iati.XML_LANG


@pytest.fixture
def ruleset() -> dict:
    path = RULESETS / "standard.json"
    if not path.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{path} is missing; CI has ../shared beside the clone")
        pytest.skip("../shared/data/iati/rulesets not present")
    return iati_rules.load(path)


def exported(user) -> etree._Element:
    document = etree.fromstring(iati.export_activities(user=user))
    schema = iati.schema()
    assert schema.validate(document), schema.error_log
    return document


def test_the_interpreter_finds_what_the_rules_forbid(ruleset):
    """The interpreter itself: a bare activity breaks the rules it should."""
    document = etree.fromstring(
        b'<iati-activities version="2.03"><iati-activity>'
        b"<iati-identifier>XM-1</iati-identifier><title><narrative>T</narrative></title>"
        b'<sector code="12220" vocabulary="1" percentage="50"/>'
        b'<sector code="12191" vocabulary="1" percentage="49.99"/>'
        b'<budget><period-start iso-date="2025-01-01"/><period-end iso-date="2026-06-30"/>'
        b"</budget></iati-activity></iati-activities>"
    )
    ids = {rule for rule, _message, _where in iati_rules.failures(ruleset, document)}
    assert {"2.1.2", "3.7.1", "7.5.3", "6.11.1", "4.1.1"} <= ids


def test_the_demo_export_passes_every_error_level_rule(ruleset):
    from mitra import demo
    from mitra.accounts.models import User

    demo.load(password="s3cret-demo")
    document = exported(User.objects.get(username="officer"))
    assert len(document.findall("iati-activity")) > 0
    assert iati_rules.failures(ruleset, document) == []


@pytest.fixture
def english_multi_year(officer, kazakhstan):
    """A plan with an English, three-year, three-DAC-code activity and an NGO without IATI ref."""
    area = CooperationArea.objects.get(code="health-security")
    area.dac_codes = "12250,12196,74020"
    area.save()
    ngo = partner_services.partner_create(
        user=officer, kind="ngo", code="lsm-sehat", name_id="Yayasan Sehat", name_en="Sehat"
    )
    agreement = agreement_services.agreement_create(
        user=officer,
        title="Health security MoU",
        parties=[(kazakhstan, "signatory"), (ngo, "signatory")],
        areas=[area],
        status="in_force",
        date_signed=dt.date(2024, 2, 1),
        date_in_force=dt.date(2024, 3, 1),
    )
    plan = plan_services.plan_create(
        user=officer, title="Plan 2025–2027", agreement=agreement, start_year=2025, end_year=2027
    )
    return plan_services.activity_create(
        user=officer,
        plan=plan,
        title="Training of the health workforce for outbreak response",
        description="Joint training of health workers on outbreak response in the region.",
        kind="training",
        area=area,
        planned_start=dt.date(2025, 3, 1),
        planned_end=dt.date(2027, 6, 30),
        budget=Decimal("350000000"),
        currency="IDR",
    )


def test_a_multi_year_english_activity_passes_every_error_level_rule(
    ruleset, officer, english_multi_year
):
    document = exported(officer)
    assert iati_rules.failures(ruleset, document) == []


def test_the_partner_country_is_the_recipient_country(officer, english_multi_year):
    activity = exported(officer).find("iati-activity")
    assert [c.get("code") for c in activity.findall("recipient-country")] == ["KZ"]


def test_an_activity_with_no_partner_country_gets_the_partners_region(officer):
    who = partner_services.partner_create(
        user=officer,
        kind="international",
        code="who-searo",
        name_id="WHO SEARO",
        name_en="WHO SEARO",
        region="southeast_asia",
    )
    plan = plan_services.plan_create(
        user=officer, title="Rencana WHO", partner=who, start_year=2025, end_year=2025
    )
    plan_services.activity_create(user=officer, plan=plan, title="Lokakarya surveilans")
    activity = exported(officer).find("iati-activity")
    region = activity.find("recipient-region")
    assert activity.find("recipient-country") is None
    assert (region.get("code"), region.get("vocabulary")) == ("789", "1")


def test_a_multi_year_budget_is_split_into_periods_of_at_most_a_year(officer, english_multi_year):
    budgets = exported(officer).find("iati-activity").findall("budget")
    periods = [
        (b.find("period-start").get("iso-date"), b.find("period-end").get("iso-date"))
        for b in budgets
    ]
    assert periods == [
        ("2025-03-01", "2025-12-31"),
        ("2026-01-01", "2026-12-31"),
        ("2027-01-01", "2027-06-30"),
    ]
    values = [Decimal(b.find("value").text) for b in budgets]
    assert sum(values) == Decimal("350000000")
    assert all(v == v.quantize(Decimal("0.01")) for v in values)


def test_three_dac_codes_share_exactly_100_percent(officer, english_multi_year):
    sectors = exported(officer).find("iati-activity").findall("sector")
    shares = [Decimal(s.get("percentage")) for s in sectors]
    assert len(shares) == 3 and sum(shares) == 100


def test_english_narratives_say_they_are_english(officer, english_multi_year, plan):
    plan_services.activity_create(user=officer, plan=plan, title="Pelatihan tenaga kesehatan")
    activities = {
        a.findtext("title/narrative"): a for a in exported(officer).findall("iati-activity")
    }
    english = activities["Training of the health workforce for outbreak response"]
    assert english.find("title/narrative").get(XML_LANG) == "en"
    assert english.find("description/narrative").get(XML_LANG) == "en"
    indonesian = activities["Pelatihan tenaga kesehatan"]
    assert indonesian.find("title/narrative").get(XML_LANG) == "id"


def test_partners_without_an_iati_ref_still_have_an_organisation_type(officer, english_multi_year):
    orgs = exported(officer).find("iati-activity").findall("participating-org[@role='4']")
    types = {o.findtext("narrative"): (o.get("ref"), o.get("type")) for o in orgs}
    assert types["Sehat"] == (None, "21")  # an NGO, by its kind
    assert types[next(n for n in types if n != "Sehat")][1] == "10"  # a country's government
