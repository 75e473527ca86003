"""Texts the extractor should not be fooled by: other languages and scripts, markup, a 2 MB
text, no entities, only Indonesian bodies. No crash, no proposal for Indonesia's own
ministries, and a reason when nothing is proposed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from mitra.documents import services as document_services
from mitra.intake import services
from mitra.intake.extract import extract
from mitra.intake.models import Proposal

ONLY_INDONESIAN = (
    "Rapat koordinasi lintas kementerian\n"
    "Kementerian Kesehatan, Kementerian Luar Negeri, Kemendag dan BPOM menggelar rapat "
    "koordinasi di Jakarta untuk membahas penguatan layanan kesehatan primer. Menteri Kesehatan "
    "Budi Gunadi Sadikin memimpin rapat tersebut bersama Kedutaan Besar Republik Indonesia."
)
NO_ENTITIES = "Catatan harian\nhari ini hujan turun sejak pagi dan jalanan di kota menjadi licin."


@pytest.mark.parametrize(
    "text",
    [
        "Министерство здравоохранения подписало меморандум о сотрудничестве с Индонезией.",
        "卫生部与印度尼西亚签署了卫生合作谅解备忘录，双方将加强疫苗研发合作。",
        "Kementerian Kesihatan Malaysia menandatangani memorandum persefahaman dengan Singapura.",
        "<html><script>alert('x')</script><p>Kemenkes & WHO <b>teken</b> MoU</p></html>",
        ONLY_INDONESIAN,
        NO_ENTITIES,
        "",
        "\x00\x01\x02",
    ],
)
def test_odd_texts_give_the_format_and_never_indonesias_own_bodies(text):
    result = extract(text)
    assert set(result) >= {"language", "kind", "partners", "agreements", "people", "areas"}
    names = " ".join(p["name"] for p in result["partners"]).lower()
    assert "kementerian" not in names and "kemenkes" not in names and "kbri" not in names
    assert all(p["iso3"] != "IDN" for p in result["partners"])


def test_malay_is_told_from_indonesian_even_naming_a_malaysian_ministry():
    assert (
        extract("Kementerian Kesihatan Malaysia menandatangani memorandum persefahaman.")[
            "language"
        ]
        == "other"
    )
    indonesian = (
        "Menkes bertemu Menteri Kesehatan Malaysia\nMenteri Kesehatan RI bertemu delegasi "
        "Kementerian Kesihatan Malaysia di Jakarta untuk membahas kerja sama kesehatan."
    )
    assert extract(indonesian)["language"] == "id"


def test_only_indonesian_bodies_and_no_entities_propose_no_partner():
    assert extract(ONLY_INDONESIAN)["partners"] == []
    assert extract(NO_ENTITIES)["partners"] == [] and extract(NO_ENTITIES)["agreements"] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        "Министерство здравоохранения подписало меморандум о сотрудничестве с Индонезией.",
        "卫生部与印度尼西亚签署了卫生合作谅解备忘录，双方将加强疫苗研发合作。",
        "Kementerian Kesihatan Malaysia menandatangani memorandum persefahaman dengan "
        "Singapura bagi memperkukuh kerjasama antarabangsa.",
    ],
)
def test_another_language_or_script_is_refused_with_its_reason(officer, text):
    with pytest.raises(ValidationError) as exc:
        services.text_submit(user=officer, title="x", text=text)
    assert exc.value.messages == [str(services.NOT_READABLE_LANGUAGE)]
    assert not Proposal.objects.exists()


@pytest.mark.django_db
def test_a_two_megabyte_text_is_refused_with_its_reason_and_leaves_nothing(officer):
    from mitra.documents.models import Document

    text = ("Menteri Kesehatan bertemu Duta Besar Jepang di Jakarta. " * 40_000)[:2_000_000]
    with pytest.raises(ValidationError) as exc:
        services.text_submit(user=officer, title="Laporan", text=text)
    assert "200,000" in exc.value.messages[0]
    assert not Proposal.objects.exists() and not Document.objects.exists()


@pytest.mark.django_db
def test_a_text_naming_only_indonesian_bodies_is_queued_with_nothing_and_says_why(client, officer):
    client.force_login(officer)
    response = client.post("/review/upload/", {"text": ONLY_INDONESIAN}, follow=True)
    assert response.status_code == 200
    assert not Proposal.objects.filter(kind="partner").exists()
    assert "Tidak ada yang diusulkan" in response.content.decode()


@pytest.mark.django_db
def test_html_with_a_script_is_stored_as_text_and_never_runs(client, officer):
    document = document_services.document_store_text(
        text="Kemenkes dan WHO <script>alert(1)</script> teken MoU di bidang vaksin.",
        title="<b>x</b>",
        user=officer,
    )
    services.ingest(user=officer, document=document)
    client.force_login(officer)
    page = client.get("/review/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
