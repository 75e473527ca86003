"""The treaty pages: the list with its filters, the XLSX hand-off read back, one record's
forms refusing bad input in Indonesian, the agreement page's section, and who sees what."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from mitra.agreements import services as agreement_services
from mitra.agreements.models import Agreement
from mitra.treaty import services
from mitra.treaty.models import DiplomaticNote, TreatyRecord
from mitra.treaty.schemas import NoteIn, TreatyIn

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(officer, kazakhstan, in_force):
    """Kazakhstan's MoU: ratified by presidential regulation, lodged, two notes, a deadline
    open; a second MoU needing no ratification, not lodged; a third not assessed."""
    services.treaty_record_set(
        user=officer,
        agreement=in_force,
        data=TreatyIn(
            ratification="presidential",
            instrument_number="Peraturan Presiden Nomor 5 Tahun 2025",
            gazette_number="LN 2025/12",
            lodged_on=dt.date(2024, 4, 2),
            treaty_reference="PK-2024-0031",
        ),
    )
    services.note_add(
        user=officer,
        agreement=in_force,
        data=NoteIn(date=dt.date(2024, 2, 10), direction="sent", reference="D-00145/02/2024"),
    )
    services.deadline_add(
        user=officer, agreement=in_force, kind="certified_copy", requested_on=dt.date(2025, 3, 3)
    )
    plain = agreement_services.agreement_create(
        user=officer,
        title='=HYPERLINK("http://x") MoU tanpa ratifikasi',
        parties=[(kazakhstan, "signatory")],
        status=Agreement.Status.SIGNED,
        date_signed=dt.date(2025, 1, 7),
    )
    services.treaty_record_set(user=officer, agreement=plain, data=TreatyIn(ratification="none"))
    agreement_services.agreement_create(
        user=officer, title="PKS belum dinilai", parties=[(kazakhstan, "signatory")]
    )
    return {"ratified": in_force, "plain": plain}


def _titles(response) -> list[str]:
    return [a.title for a, _record in response.context["rows"]]


def test_the_list_filters_by_ratification_lodging_and_deadline(client, officer, registry):
    client.force_login(officer)
    everything = client.get("/treaty/")
    assert len(_titles(everything)) == everything.context["page"].paginator.count == 3
    assert _titles(client.get("/treaty/?ratification=needed")) == [registry["ratified"].title]
    assert _titles(client.get("/treaty/?ratification=unassessed")) == ["PKS belum dinilai"]
    assert sorted(_titles(client.get("/treaty/?lodged=no"))) == sorted(
        ["PKS belum dinilai", registry["plain"].title]
    )
    assert _titles(client.get("/treaty/?deadline=overdue")) == [registry["ratified"].title]
    page = client.get("/treaty/?ratification=sometimes")
    assert "Masukkan pilihan yang valid" in page.content.decode()  # said, and nothing filtered
    assert len(page.context["rows"]) == 3


def test_the_list_runs_a_fixed_number_of_queries(client, officer, registry, kazakhstan):
    client.force_login(officer)
    client.get("/treaty/")
    with CaptureQueriesContext(connection) as first:
        client.get("/treaty/")
    for n in range(3):
        agreement_services.agreement_create(
            user=officer, title=f"MoU tambahan {n}", parties=[(kazakhstan, "signatory")]
        )
    with CaptureQueriesContext(connection) as more:
        client.get("/treaty/")
    assert len(more) == len(first)


def test_the_xlsx_holds_the_hand_off_columns_and_text_stays_text(client, officer, registry):
    client.force_login(officer)
    response = client.get("/treaty/export.xlsx?ratification=needed")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    head = rows[0]
    assert head[:2] == ("No.", "Judul")
    row = dict(zip(head, rows[1], strict=True))
    assert len(rows) == 2
    assert row["Pengesahan"].startswith("Dengan Peraturan Presiden")
    assert row["Nomor Lembaran Negara"] == "LN 2025/12"
    assert row["Nomor register perjanjian"] == "PK-2024-0031"
    assert row["Naskah asli diserahkan pada"].date() == dt.date(2024, 4, 2)
    assert "D-00145/02/2024" in row["Nota diplomatik"]
    assert "2025-03-06" in row["Tenggat terbuka"]
    every = load_workbook(io.BytesIO(client.get("/treaty/export.xlsx").content)).active
    formula = next(c for c in every["B"] if str(c.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s"


def test_the_record_page_refuses_bad_input_in_indonesian_and_writes_nothing(
    client, officer, in_force
):
    client.force_login(officer)
    url = f"/treaty/{in_force.pk}/"
    response = client.post(url, {"ratification": "none", "gazette_number": "LN 2020/1"})
    assert response.status_code == 422
    assert "hanya dicatat bila perjanjian disahkan" in response.content.decode()
    response = client.post(
        f"{url}notes/", {"date": "2099-01-01", "direction": "sent", "reference": "X"}
    )
    assert response.status_code == 422
    assert TreatyRecord.objects.count() == DiplomaticNote.objects.count() == 0
    response = client.post(
        f"{url}notes/",
        {"date": "2024-02-10", "direction": "sent", "reference": "<script>alert(1)</script>"},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_agreement_page_shows_the_record_to_its_readers_only(client, personas, registry):
    url = registry["ratified"].get_absolute_url()
    for role in ("officer", "focal", "admin"):
        client.force_login(personas[role])
        page = client.get(url).content.decode()
        assert "PK-2024-0031" in page and 'id="treaty"' in page, role
    client.force_login(personas["coordination"])
    assert 'id="treaty"' not in client.get(url).content.decode()
    for role in ("coordination", "viewer"):
        client.force_login(personas[role])
        assert client.get("/treaty/").status_code == 404
        assert client.get(f"/treaty/{registry['ratified'].pk}/").status_code == 404
        assert client.get("/treaty/export.xlsx").status_code == 404
