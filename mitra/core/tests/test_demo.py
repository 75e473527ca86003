from __future__ import annotations

from django.contrib.auth import authenticate

from mitra import demo
from mitra.agreements.models import Agreement
from mitra.partners.models import Partner


def test_demo_loads_only_seed_facts_and_is_idempotent(db):
    demo.load(password="s3cret-demo")
    first = (Partner.objects.count(), Agreement.objects.count())
    demo.load(password="s3cret-demo")
    assert (Partner.objects.count(), Agreement.objects.count()) == first
    codes = set(Partner.objects.filter(kind="country").values_list("code", flat=True))
    assert codes == {
        "BRN",
        "TLS",
        "SAU",
        "QAT",
        "KOR",
        "CHN",
        "DNK",
        "CUB",
        "TUR",
        "VNM",
        "KAZ",
        "KHM",
    }
    kaz = Agreement.objects.get(parties__partner__code="KAZ")
    assert kaz.signed_year == 2021 and kaz.date_signed is None and kaz.date_expiry is None
    assert {a.code for a in kaz.areas.all()} == {
        "primary-care",
        "health-workforce",
        "pharma-devices",
    }
    khm = Agreement.objects.get(parties__partner__code="KHM")
    assert khm.status == "exploring" and khm.date_signed is None
    # The ten 2018 MoUs: known to exist, dates unknown and left empty.
    workshop = Agreement.objects.filter(signature_date_unknown=True)
    assert workshop.count() == 10
    assert not workshop.filter(date_signed__isnull=False).exists()
    assert set(Partner.objects.get(code="unicef").areas.values_list("code", flat=True)) == {
        "maternal-child",
        "nutrition",
    }


def test_demo_users_log_in_with_the_given_password(db):
    demo.load(password="s3cret-demo")
    for name in demo.USERNAMES:
        assert authenticate(username=name, password="s3cret-demo") is not None
