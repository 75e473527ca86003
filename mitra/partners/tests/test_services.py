from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from mitra.core.errors import NotAllowed
from mitra.partners import services
from mitra.partners.models import SLUG_CODE, Partner


def test_a_country_gets_its_names_from_iso_in_both_languages(officer):
    partner = services.partner_create(user=officer, kind="country", code="khm")
    assert partner.code == "KHM"
    assert partner.name_en == "Cambodia"
    assert partner.name_id == "Kamboja"
    assert partner.history.count() == 1


def test_names_the_user_typed_win_over_iso(officer):
    partner = services.partner_create(user=officer, kind="country", code="CHN", name_id="RRT")
    assert partner.name_id == "RRT"
    assert partner.name_en == "China"


def test_it_rejects_an_unknown_iso_code_and_saves_nothing(officer):
    with pytest.raises(ValidationError) as exc:
        services.partner_create(user=officer, kind="country", code="XYZ")
    assert exc.value.message_dict["code"] == [services.UNKNOWN_COUNTRY % {"code": "XYZ"}]
    assert not Partner.objects.exists()


def test_it_rejects_a_duplicate_code_whatever_its_case(officer):
    who = services.partner_create(
        user=officer,
        kind="international",
        code="who",
        name_id="WHO",
        name_en="World Health Organization",
    )
    with pytest.raises(ValidationError) as exc:
        services.partner_create(
            user=officer, kind="international", code="WHO", name_id="WHO lagi", name_en="WHO again"
        )
    assert exc.value.message_dict["code"] == [services.CODE_TAKEN % {"code": "who", "name": who}]
    assert Partner.objects.count() == 1


def test_an_organisation_code_must_be_a_short_slug(officer):
    with pytest.raises(ValidationError) as exc:
        services.partner_create(
            user=officer, kind="ngo", code="bad code!", name_id="X", name_en="X"
        )
    assert exc.value.message_dict["code"] == [SLUG_CODE.message]


@pytest.mark.parametrize("role", ["admin", "focal", "coordination", "viewer"])
def test_only_an_officer_adds_partners(personas, role):
    with pytest.raises(NotAllowed):
        services.partner_create(user=personas[role], kind="country", code="KAZ")
    assert not Partner.objects.exists()


def test_archiving_keeps_the_record_and_its_history(officer):
    partner = services.partner_create(user=officer, kind="country", code="KAZ")
    services.partner_archive(user=officer, partner=partner)
    assert Partner.objects.active().count() == 0
    assert Partner.objects.get(pk=partner.pk).is_archived
    assert partner.history.count() == 2
    services.partner_restore(user=officer, partner=partner)
    assert Partner.objects.active().count() == 1


def test_contacts_are_added_and_archived_with_history(officer):
    partner = services.partner_create(user=officer, kind="country", code="KAZ")
    contact = services.contact_create(
        user=officer, partner=partner, name="Akmaral Alnazarova", title="Menteri Kesehatan"
    )
    services.contact_archive(user=officer, contact=contact)
    assert partner.contacts.active().count() == 0
    assert contact.history.count() == 2


def test_a_bad_contact_email_is_refused(officer):
    partner = services.partner_create(user=officer, kind="country", code="KAZ")
    with pytest.raises(ValidationError) as exc:
        services.contact_create(user=officer, partner=partner, name="X", email="not-an-email")
    assert "email" in exc.value.message_dict
