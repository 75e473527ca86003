from __future__ import annotations

import pytest
from django.urls import reverse

from mitra.partners import services
from mitra.partners.models import Partner


def test_an_officer_adds_a_country_by_iso_code(client, officer):
    client.force_login(officer)
    response = client.post(reverse("partners:create"), {"kind": "country", "code": "kaz"})
    partner = Partner.objects.get()
    assert response.status_code == 302 and response["Location"] == "/partners/KAZ/"
    assert partner.name_id == "Kazakhstan"


def test_an_unknown_iso_code_is_shown_on_the_field_in_indonesian(client, officer):
    client.force_login(officer)
    response = client.post(reverse("partners:create"), {"kind": "country", "code": "XYZ"})
    assert response.status_code == 200
    assert "bukan kode negara ISO 3166 alpha-3" in response.content.decode()
    assert not Partner.objects.exists()


def test_the_same_message_in_english_when_the_user_chose_english(client, officer):
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("partners:create"), {"kind": "country", "code": "XYZ"})
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "is not an ISO 3166 alpha-3 country code" in body


def test_a_duplicate_code_is_refused_on_the_form(client, officer):
    services.partner_create(user=officer, kind="country", code="KAZ")
    client.force_login(officer)
    response = client.post(reverse("partners:create"), {"kind": "country", "code": "KAZ"})
    assert "sudah ada" in response.content.decode()
    assert Partner.objects.count() == 1


def test_a_viewer_cannot_add_a_partner(client, viewer):
    client.force_login(viewer)
    response = client.post(reverse("partners:create"), {"kind": "country", "code": "KAZ"})
    assert response.status_code == 403
    assert not Partner.objects.exists()


def test_a_code_that_does_not_exist_is_a_404_in_the_users_language(client, officer):
    client.force_login(officer)
    response = client.get("/partners/ZZZ/")
    assert response.status_code == 404
    assert '<html lang="id">' in response.content.decode()


def test_the_partner_page_is_found_by_code_in_any_case(client, officer):
    services.partner_create(user=officer, kind="country", code="KAZ")
    client.force_login(officer)
    assert client.get("/partners/KAZ/").status_code == 200
    assert client.get("/partners/kaz/")["Location"] == "/partners/KAZ/"


@pytest.mark.parametrize("n", [3, 30])
def test_the_partner_list_query_count_does_not_grow(
    client, officer, n, django_assert_max_num_queries
):
    for i in range(n):
        services.partner_create(
            user=officer, kind="ngo", code=f"ngo-{i}", name_id=f"LSM {i}", name_en=f"NGO {i}"
        )
    client.force_login(officer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("partners:list"), {"active": "no"})
    assert response.context["page"].paginator.count == n


def test_partner_list_filters_by_kind_and_text(client, officer):
    services.partner_create(user=officer, kind="country", code="KAZ")
    services.partner_create(
        user=officer,
        kind="international",
        code="who",
        name_id="WHO",
        name_en="World Health Organization",
    )
    client.force_login(officer)
    response = client.get(reverse("partners:list"), {"kind": "international"})
    assert [p.code for p in response.context["page"]] == ["who"]
    response = client.get(reverse("partners:list"), {"q": "kazak"})
    assert [p.code for p in response.context["page"]] == ["KAZ"]
