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


def test_demo_delivery_holds_the_seed_meetings_and_the_kazakhstan_plan(db, client):
    import datetime as dt

    from mitra.accounts.models import User
    from mitra.meetings.models import Meeting
    from mitra.plans.models import ActionPlan

    demo.load(password="s3cret-demo")
    demo.load(password="s3cret-demo")  # again: nothing doubles
    plan = ActionPlan.objects.get()
    assert (plan.start_year, plan.end_year, plan.status) == (2025, 2027, "proposed")
    assert plan.agreement.parties.get().partner.code == "KAZ"
    topics = plan.activities.order_by("pk")
    assert topics.count() == 7 and set(topics.values_list("status", flat=True)) == {"planned"}
    assert not topics.filter(planned_start__isnull=False).exists()  # no invented dates
    assert {a.area.code for a in topics} >= {"primary-care", "vaccines", "nutrition"}

    astana = Meeting.objects.get(date=dt.date(2025, 4, 28))
    assert {(p.name, p.role_title) for p in astana.participants.all()} == {
        ("Fadjroel Rachman", "Duta Besar Republik Indonesia untuk Kazakhstan dan Tajikistan"),
        ("Akmaral Alnazarova", "Menteri Kesehatan Kazakhstan"),
    }
    assert astana.followups.get().owner_unit.code == "kbri-astana"
    phnom_penh = Meeting.objects.get(place="Phnom Penh")
    assert phnom_penh.date is None  # the article gives no date
    assert "Kamboja" in phnom_penh.followups.get().description
    workshop = Meeting.objects.get(date=dt.date(2018, 1, 18))
    assert (workshop.attendance, workshop.attendance_approximate) == (150, True)
    assert workshop.followups.count() == 2
    assert workshop.partners.count() == 10
    # No due date is invented: each follow-up says its source named none.
    assert all(
        f.due_date is None and f.due_date_unknown
        for m in Meeting.objects.all()
        for f in m.followups.all()
    )

    client.force_login(User.objects.get(username="officer"))
    listing = client.get("/meetings/").content.decode()
    for title in [astana.title, phnom_penh.title, workshop.title]:
        assert title in listing
    kaz = client.get("/partners/KAZ/").content.decode()
    assert "Akmaral Alnazarova" in kaz or astana.title in kaz
    assert "Rencana aksi implementasi MoU" in kaz and "2025–2027" in kaz
    khm = client.get("/partners/KHM/").content.decode()
    assert phnom_penh.title in khm and "tanggal tidak disebut" in khm
