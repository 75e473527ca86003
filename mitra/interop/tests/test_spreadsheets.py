"""Spreadsheets: round trip, encodings, mapping, dry run, all or nothing, hostile cells."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError

from mitra.agreements import services as agreement_services
from mitra.agreements.models import Agreement
from mitra.interop import spreadsheets
from mitra.partners.models import Partner
from mitra.plans.schemas import ActivityChanges
from mitra.taxonomy.models import CooperationArea

pytestmark = pytest.mark.django_db


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def run(officer, data: bytes, name: str, table: str = "", **options):
    tables = spreadsheets.read_tables(data, name, table)
    return spreadsheets.import_tables(user=officer, tables=tables, **options)


def snapshot() -> tuple[list, list]:
    partners = sorted(Partner.objects.values_list("code", "kind", "name_id", "name_en", "region"))
    agreements = sorted(
        (
            a.title,
            a.kind,
            a.status,
            a.date_signed,
            a.date_in_force,
            a.date_expiry,
            tuple(sorted(p.partner.code for p in a.parties.all())),
            tuple(sorted(x.code for x in a.areas.all())),
        )
        for a in Agreement.objects.all()
    )
    return partners, agreements


def test_an_exported_xlsx_imports_back_into_an_empty_instance(officer, kazakhstan, two_areas):
    agreement_services.agreement_create(
        user=officer,
        title="MoU kesehatan Indonesia–Kazakhstan",
        parties=[(kazakhstan, "signatory")],
        areas=two_areas,
        status="in_force",
        date_signed=dt.date(2024, 2, 1),
        date_in_force=dt.date(2024, 3, 1),
        date_expiry=dt.date(2029, 3, 1),
    )
    before = snapshot()
    data = spreadsheets.write_xlsx(spreadsheets.export_tables(officer))
    Agreement.objects.all().delete()
    Partner.objects.all().delete()
    report = run(officer, data, "mitra.xlsx")
    assert report.ok, report.problems
    assert report.created == {"partners": 1, "agreements": 1}
    assert snapshot() == before


def test_csv_with_a_bom_semicolons_or_windows_1252(officer):
    text = "\ufeffcode;kind;name_id\nwho;international;Organisasi Kesehatan Dunia\n"
    assert run(officer, csv_bytes(text), "p.csv", "partners").ok
    latin = "code,kind,name_id\nlsm-a,ngo,Yayasan “Sehat”\n"
    assert run(officer, csv_bytes(latin, "cp1252"), "p.csv", "partners").ok
    assert Partner.objects.get(code="lsm-a").name_id == "Yayasan “Sehat”"


def test_dates_in_three_forms(officer, kazakhstan):
    rows = (
        "title,partners,status,date_signed,date_in_force,date_expiry\n"
        "MoU A,KAZ,in_force,2024-02-01,01/03/2024,1 Maret 2029\n"
    )
    assert run(officer, csv_bytes(rows), "a.csv", "agreements").ok
    a = Agreement.objects.get()
    assert (a.date_signed, a.date_in_force, a.date_expiry) == (
        dt.date(2024, 2, 1),
        dt.date(2024, 3, 1),
        dt.date(2029, 3, 1),
    )


def test_a_dry_run_lists_every_problem_by_row_and_column_and_writes_nothing(officer, kazakhstan):
    rows = (
        "title,partners,date_signed,date_expiry,status\n"
        "Baik,KAZ,2024-02-01,,signed\n"
        "Mitra tak dikenal,XYZ,,,\n"
        "Tanggal salah,KAZ,31/02/2024,,signed\n"
        ",KAZ,,,\n"
    )
    report = run(officer, csv_bytes(rows), "a.csv", "agreements", dry_run=True)
    problems = {(p.row, p.column) for p in report.problems}
    assert problems == {(3, "partners"), (4, "date_signed"), (5, "title")}
    messages = " ".join(p.message for p in report.problems)
    assert "Kode mitra tidak dikenal “XYZ”." in messages
    assert report.created == {"agreements": 1}  # what the import would do
    assert not Agreement.objects.exists()


def test_all_or_nothing_unless_only_the_valid_rows_are_asked_for(officer, kazakhstan):
    rows = "title,partners\nBaik,KAZ\nBuruk,XYZ\n"
    report = run(officer, csv_bytes(rows), "a.csv", "agreements")
    assert not report.ok and not Agreement.objects.exists()
    report = run(officer, csv_bytes(rows), "a.csv", "agreements", valid_only=True)
    assert [a.title for a in Agreement.objects.all()] == ["Baik"]
    assert len(report.problems) == 1


def test_a_column_mapping_for_other_headers(officer):
    rows = "Kode Mitra,Jenis,Nama\nunicef,international,UNICEF\n"
    tables = spreadsheets.read_tables(csv_bytes(rows), "p.csv", "partners")
    report = spreadsheets.import_tables(
        user=officer,
        tables=tables,
        mappings={"partners": {0: "code", 1: "kind", 2: "name_id"}},
    )
    assert report.ok and Partner.objects.get(code="unicef").name_id == "UNICEF"


def test_formulas_are_neutralised_on_the_way_out_and_restored_on_the_way_in(officer):
    from openpyxl import load_workbook

    Partner.objects.create(kind="ngo", code="lsm-f", name_id='=HYPERLINK("x")', name_en="x")
    data = spreadsheets.write_xlsx(spreadsheets.export_tables(officer, ["partners"]))
    sheet = load_workbook(io.BytesIO(data))["partners"]
    cell = sheet.cell(row=2, column=3)
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("x")'  # text, not a formula
    csv_text = spreadsheets.write_csv(
        "partners", spreadsheets.export_tables(officer, ["partners"])["partners"]
    )
    assert "'=HYPERLINK" in csv_text
    Partner.objects.all().delete()
    assert run(officer, data, "p.xlsx").ok
    assert Partner.objects.get(code="lsm-f").name_id == '=HYPERLINK("x")'


def test_a_malformed_xlsx_is_refused_with_a_clear_message(officer):
    with pytest.raises(ValidationError) as exc:
        spreadsheets.read_tables(b"PK\x03\x04 not really a workbook", "x.xlsx")
    assert exc.value.messages == [str(spreadsheets.NOT_A_SPREADSHEET)]


def test_an_unknown_area_or_kind_names_the_column(officer, kazakhstan):
    rows = "code,kind,areas\nlsm-b,club,vaccines\nlsm-c,ngo,teleportation\n"
    report = run(officer, csv_bytes(rows), "p.csv", "partners", dry_run=True)
    assert {(p.row, p.column) for p in report.problems} == {(2, "kind"), (3, "areas")}


def test_the_list_pages_download_what_they_show(client, officer, kazakhstan, in_force, draft):
    client.force_login(officer)
    response = client.get("/agreements/", {"status": "in_force", "format": "csv"})
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2 and in_force.title in lines[1]
    xlsx = client.get("/partners/", {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert CooperationArea.objects.exists()


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\r\n\n"], ids=["empty", "bom", "blank"])
def test_an_empty_csv_is_a_clear_message(officer, data):
    with pytest.raises(ValidationError) as exc:
        spreadsheets.read_tables(data, "p.csv", "partners")
    assert exc.value.messages == [str(spreadsheets.EMPTY_FILE)]


def test_a_csv_with_mixed_line_endings_reads(officer):
    data = b"code,kind\rwho,international\r\nlsm-x,ngo\n"
    tables = spreadsheets.read_tables(data, "p.csv", "partners")
    assert tables["partners"] == [["code", "kind"], ["who", "international"], ["lsm-x", "ngo"]]


def test_an_empty_csv_upload_is_a_message_on_the_page_not_a_500(client, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer)
    upload = SimpleUploadedFile("p.csv", b"", content_type="text/csv")
    response = client.post("/interop/import/", {"file": upload, "table": "partners"}, follow=True)
    assert response.status_code == 200
    assert str(spreadsheets.EMPTY_FILE) in response.content.decode()


def test_csv_budgets_are_exact_decimal_text(officer, p2p_activity):
    from decimal import Decimal

    from mitra.plans import services as plan_services

    plan_services.activity_update(
        user=officer,
        activity=p2p_activity,
        changes=ActivityChanges(budget=Decimal("350000000"), currency="IDR"),
    )
    text = spreadsheets.write_csv(
        "activities", spreadsheets.export_tables(officer, ["activities"])["activities"]
    )
    assert "350000000" in text and "350000000.0" not in text


def test_xlsx_text_cells_are_never_formulas_and_carry_no_apostrophe(officer):
    from openpyxl import load_workbook

    Partner.objects.create(kind="ngo", code="lsm-t", name_id="+62 21 5201590", name_en="x")
    data = spreadsheets.write_xlsx(spreadsheets.export_tables(officer, ["partners"]))
    cell = load_workbook(io.BytesIO(data))["partners"].cell(row=2, column=3)
    assert cell.data_type == "s" and cell.value == "+62 21 5201590"


# Choice columns: the codes and the labels the interface shows, in both languages (issue 12).


def xlsx_bytes(name: str, rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = name
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_choice_column_takes_the_code_or_the_label_in_either_language(officer):
    rows = [
        ["Kode", "Jenis", "Nama (bahasa Indonesia)", "Kawasan"],
        ["KAZ", "Negara", "Kazakhstan", "Asia Tengah"],
        ["UZB", "country", "Uzbekistan", "central asia"],
        ["KGZ", "COUNTRY", "Kirgizstan", "CENTRAL_ASIA"],
        ["VNM", "Country", "Vietnam", "Asia Tenggara"],
        ["THA", "negara", "Thailand", "Southeast Asia"],
    ]
    report = run(officer, xlsx_bytes("partners", rows), "p.xlsx")
    assert report.ok, report.problems
    stored = dict(Partner.objects.values_list("code", "kind"))
    assert stored == dict.fromkeys(["KAZ", "UZB", "KGZ", "VNM", "THA"], "country")
    regions = dict(Partner.objects.values_list("code", "region"))
    assert regions["VNM"] == regions["THA"] == "southeast_asia"
    assert regions["KAZ"] == regions["UZB"] == regions["KGZ"] == "central_asia"


def test_a_csv_choice_column_takes_labels_too(officer, kazakhstan):
    rows = (
        "Judul,Mitra,Jenis,Status\n"
        "MoU A,KAZ,Nota kesepahaman (MoU),Berlaku\n"
        "MoU B,KAZ,Memorandum of understanding,in force\n"
    )
    report = run(officer, csv_bytes(rows), "a.csv", "agreements")
    assert report.ok, report.problems
    assert set(Agreement.objects.values_list("kind", "status")) == {("mou", "in_force")}


def test_an_unknown_region_names_the_users_header_lists_the_valid_values_and_writes_nothing(
    officer,
):
    rows = [
        ["Kode", "Jenis", "Nama (bahasa Indonesia)", "Kawasan"],
        ["VNM", "Negara", "Vietnam", "Asia Tenggara"],
        ["ATL", "Negara", "Atlantis", "Atlantis"],
    ]
    report = run(officer, xlsx_bytes("partners", rows), "p.xlsx")
    assert [(p.row, p.column) for p in report.problems] == [(3, "Kawasan")]
    message = report.problems[0].message
    assert "“Atlantis”" in message
    assert "Asia Tenggara (southeast_asia)" in message and "Global (global)" in message
    assert not Partner.objects.exists()  # all or nothing: the good row is not kept either


def test_an_unknown_kind_in_a_csv_names_the_header_as_typed_and_lists_the_kinds(officer):
    rows = "Kode,JENIS,Nama\nATL,Atlantis,Atlantis\n"
    report = run(officer, csv_bytes(rows), "p.csv", "partners")
    assert [(p.row, p.column) for p in report.problems] == [(2, "JENIS")]
    assert "Negara (country)" in report.problems[0].message
    assert not Partner.objects.exists()


def test_the_valid_values_are_listed_in_the_users_language(officer):
    from django.utils import translation

    rows = "Code,Kind,Name (English)\nATL,Atlantis,Atlantis\n"
    with translation.override("en"):
        report = run(officer, csv_bytes(rows), "p.csv", "partners")
        message = report.problems[0].message
    assert report.problems[0].column == "Kind"
    assert "Country (country)" in message and "Negara" not in message


def test_activity_kind_and_status_take_labels(officer, in_force):
    from mitra.plans.models import Activity

    rows = [
        ["agreement", "plan", "plan_start_year", "plan_end_year", "title", "kind", "status"],
        [in_force.title, "RKT", 2025, 2026, "Pelatihan A", "Pelatihan", "Berjalan"],
        [in_force.title, "RKT", 2025, 2026, "Pelatihan B", "TRAINING", "ongoing"],
    ]
    report = run(officer, xlsx_bytes("activities", rows), "a.xlsx")
    assert report.ok, report.problems
    assert set(Activity.objects.values_list("kind", "status")) == {("training", "ongoing")}


# Committed rows that other connections see; serialized_rollback as the worker tests have it,
# so the next such test finds the database as it expects (no second set of content types).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_imports_of_one_sheet_at_once_take_turns_and_the_second_updates(officer, monkeypatch):
    """Two spreadsheet imports of one partner list side by side on PostgreSQL: the first is held
    inside its write transaction after its first row; the second waits for its turn, then finds
    the first's partners by code and updates them, instead of failing on the unique code."""
    import threading
    import time

    from django.db import connection, connections

    from mitra.interop import rows as row_writers

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's IMMEDIATE transactions already queue writers")
    sheet = csv_bytes("code,kind,name_id\nwho,international,WHO\nunicef,international,UNICEF\n")
    first_wrote, go_on = threading.Event(), threading.Event()
    outcomes: dict[str, object] = {}
    write_partner = row_writers.WRITERS["partners"]

    def pausing(user, values):
        created = write_partner(user, values)
        if threading.current_thread().name == "first" and not first_wrote.is_set():
            first_wrote.set()
            go_on.wait(30)
        return created

    monkeypatch.setitem(row_writers.WRITERS, "partners", pausing)

    def start(name: str) -> threading.Thread:
        def work() -> None:
            try:
                outcomes[name] = run(officer, sheet, "mitra.csv", "partners")
            except Exception as exc:  # the outcome is what the test asserts
                outcomes[name] = exc
            finally:
                connections.close_all()

        thread = threading.Thread(target=work, name=name)
        thread.start()
        return thread

    first = start("first")
    assert first_wrote.wait(30)
    second = start("second")
    time.sleep(1)
    assert "second" not in outcomes  # it waits for its turn
    go_on.set()
    first.join(60)
    second.join(60)
    reports = [outcomes["first"], outcomes["second"]]
    assert all(isinstance(r, spreadsheets.Report) and r.ok for r in reports), outcomes
    assert outcomes["first"].created == {"partners": 2}
    assert (outcomes["second"].created, outcomes["second"].updated) == ({}, {"partners": 2})
    assert sorted(Partner.objects.values_list("code", flat=True)) == ["unicef", "who"]
