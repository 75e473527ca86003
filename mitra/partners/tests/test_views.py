from __future__ import annotations

import re

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


def test_archiving_a_partner_asks_first_and_shows_in_the_history(client, officer, kazakhstan):
    client.force_login(officer)
    url = reverse("partners:archive", args=["KAZ"])
    assert 'name="confirm"' in client.get(url).content.decode()
    client.post(url)
    kazakhstan.refresh_from_db()
    assert kazakhstan.archived_at is None
    client.post(url, {"confirm": "1"})
    kazakhstan.refresh_from_db()
    assert kazakhstan.archived_at is not None
    history = client.get("/partners/KAZ/").context["history"]
    assert [e.who for e in history if e.action == "diarsipkan"] == [officer.username]


def test_a_viewer_is_offered_no_write_buttons(client, viewer, kazakhstan):
    client.force_login(viewer)
    body = client.get("/partners/KAZ/").content.decode()
    assert reverse("partners:edit", args=["KAZ"]) not in body
    assert reverse("partners:archive", args=["KAZ"]) not in body


def test_the_csv_download_guards_formulas(client, officer):
    services.partner_create(
        user=officer, kind="ngo", code="lsm", name_id="=HYPERLINK(1)", name_en="+62 21"
    )
    client.force_login(officer)
    body = client.get(reverse("partners:list"), {"format": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in body and "'+62 21" in body


def test_the_xlsx_download_keeps_text_as_typed(client, officer):
    import io

    from openpyxl import load_workbook

    services.partner_create(user=officer, kind="ngo", code="lsm", name_id="=X()", name_en="+62")
    client.force_login(officer)
    data = client.get(reverse("partners:list"), {"format": "xlsx"}).content
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[2]][2:4] == ["=X()", "+62"]
    assert sheet.cell(2, 3).data_type == "s"


def test_the_form_refuses_control_characters_in_a_name(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("partners:create"),
        {"kind": "ngo", "code": "lsm", "name_id": "LSM\x1b", "name_en": "NGO"},
    )
    assert "name_id" in response.context["form"].errors
    assert not Partner.objects.exists()


@pytest.mark.parametrize(
    ("kind", "code", "language", "label"),
    [
        ("country", "KAZ", "id", "Profil negara"),
        ("country", "KAZ", "en", "Country brief"),
        ("ngo", "lsm", "id", "Profil mitra"),
        ("ngo", "lsm", "en", "Partner brief"),
    ],
)
def test_the_brief_link_names_a_country_or_a_partner_brief(
    client, officer, kind, code, language, label
):
    partner = services.partner_create(
        user=officer, kind=kind, code=code, name_id="Mitra", name_en="Mitra"
    )
    client.force_login(officer)
    client.cookies["django_language"] = language
    body = client.get(partner.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    link = re.search(r'<a class="button" href="/[^"]*brief[^"]*">([^<]*)</a>', body)
    assert link and link.group(1) == label
