"""`trade_import`: Mitra's template and UN Comtrade's layout, all rows or none, idempotent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from mitra.core.errors import NotAllowed
from mitra.trade import services
from mitra.trade.models import TradeFlow

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The messages asserted below are read in English (lazy texts render when read)."""
    with translation.override("en"):
        yield


HEAD = "year,partner,product,flow,value,currency,source\n"


def run(user, text: str, name: str = "trade.csv", **kw):
    with translation.override("en"):
        return services.trade_import(user=user, data=text.encode(), filename=name, **kw)


def test_a_template_file_is_imported_with_groups_and_history(officer):
    report = run(
        officer,
        HEAD + "2023,KHM,pharmaceuticals,export,100,USD,BPS\n"
        "2024,khm,3004.90,Export,200.5,usd,BPS\n2024,KHM,9018,import,7,USD,BPS\n",
    )
    assert report.ok and (report.created, report.updated) == (3, 0)
    flow = TradeFlow.objects.get(year=2024, product="300490")
    assert (flow.partner_iso, flow.group, flow.flow) == ("KHM", "pharmaceuticals", "export")
    assert flow.value == Decimal("200.50") and flow.currency == "USD"
    assert TradeFlow.objects.get(product="9018").group == "devices"
    assert flow.history.get().history_user == officer


def test_importing_the_same_file_again_changes_nothing_and_a_new_value_is_kept_with_history(
    officer,
):
    text = HEAD + "2023,KHM,pharmaceuticals,export,100,USD,BPS\n"
    run(officer, text)
    again = run(officer, text)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    flow = TradeFlow.objects.get()
    assert flow.history.count() == 1
    changed = run(officer, text.replace(",100,", ",150,"))
    assert changed.updated == 1
    flow.refresh_from_db()
    assert flow.value == 150 and flow.history.count() == 2


def test_every_bad_row_is_named_with_its_line_and_nothing_is_written(officer):
    report = run(
        officer,
        HEAD
        + "2023,KHM,pharmaceuticals,export,100,USD,BPS\n"
        + "2023,XXX,pharmaceuticals,export,100,USD,BPS\n"
        + "2023,VNM,pharmaceuticals,export,-5,USD,BPS\n"
        + "2023,THA,pharmaceuticals,export,lots,USD,BPS\n"
        + "2023,KHM,pharmaceuticals,export,100,USD,BPS\n"
        + "2023,KHM,devices,import,100,EUR,BPS\n"
        + "2023,KHM,8703,import,100,USD,BPS\n",
    )
    assert not report.ok
    by_line = {p.line: p.message for p in report.problems}
    assert "“XXX” is not an ISO 3166 alpha-3 country code" in by_line[3]
    assert "-5 is negative" in by_line[4]
    assert "“lots” is not a number" in by_line[5]
    assert "repeats line 2" in by_line[6]
    assert "EUR differs from USD on line 2 for KHM 2023" in by_line[7]
    assert "“8703” is neither a health product group nor an HS code" in by_line[8]
    assert not TradeFlow.objects.exists()


def test_a_currency_other_than_the_one_kept_for_that_partner_year_is_refused(officer):
    run(officer, HEAD + "2023,KHM,pharmaceuticals,export,100,USD,BPS\n")
    report = run(officer, HEAD + "2023,KHM,devices,export,100,IDR,Kemendag\n")
    assert [p.line for p in report.problems] == [2]
    assert "IDR differs from USD already kept for KHM 2023" in report.problems[0].message
    assert TradeFlow.objects.count() == 1


COMTRADE = (
    "typeCode,freqCode,refYear,reporterISO,flowCode,partnerISO,partner2Code,cmdCode,"
    "customsCode,motCode,primaryValue\n"
    "C,A,2023,IDN,X,KHM,0,30,C00,0,1000\n"
    "C,A,2023,IDN,X,KHM,0,30,C01,0,600\n"
    "C,A,2023,IDN,X,KHM,0,30,C00,1000,900\n"
    "C,A,2023,IDN,X,W00,0,30,C00,0,50000\n"
    "C,A,2024,IDN,M,KHM,0,9018,C00,0,20.5\n"
    "C,A,2024,IDN,RX,KHM,0,30,C00,0,3\n"
)


def test_a_comtrade_file_keeps_the_totals_rows_and_counts_the_breakdowns_it_leaves_out(officer):
    report = run(officer, COMTRADE, "comtrade.csv")
    assert report.ok and report.layout == "comtrade" and report.created == 2
    skipped = {line: n for _reason, n, line in report.skipped}
    assert skipped == {3: 1, 4: 1, 5: 1, 7: 1}
    flow = TradeFlow.objects.get(year=2023)
    assert (flow.partner_iso, flow.product, flow.group, flow.value) == (
        "KHM",
        "30",
        "pharmaceuticals",
        1000,
    )
    assert flow.currency == "USD" and flow.source == "UN Comtrade"


def test_the_older_comtrade_column_names_are_read_too(officer):
    text = (
        "Year,Trade Flow,Reporter ISO,Partner ISO,Commodity Code,Trade Value (US$)\n"
        "2022,Export,IDN,KHM,3004,12\n2022,Import,IDN,KHM,1211,3\n"
    )
    report = run(officer, text, "old.csv")
    assert report.ok and report.created == 2


def test_a_comtrade_row_reported_by_another_country_is_refused(officer):
    report = run(officer, COMTRADE.replace("2024,IDN,M", "2024,KHM,M"), "comtrade.csv")
    assert [p.line for p in report.problems] == [6]
    assert "not Indonesia (IDN)" in report.problems[0].message
    assert not TradeFlow.objects.exists()


def test_a_file_in_neither_layout_is_refused_naming_its_columns(officer):
    with pytest.raises(ValidationError) as exc:
        run(officer, "country,amount\nKHM,5\n")
    assert "Found: country, amount" in exc.value.messages[0]


def test_an_xlsx_template_is_read(officer):
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Year", "Partner", "Product", "Flow", "Value", "Currency", "Source"])
    sheet.append([2024, "KHM", "herbal", "import", 12.5, "USD", "BPS"])
    buffer = io.BytesIO()
    book.save(buffer)
    report = services.trade_import(user=officer, data=buffer.getvalue(), filename="t.xlsx")
    assert report.ok and TradeFlow.objects.get().value == Decimal("12.50")


def test_a_dry_run_checks_and_writes_nothing(officer):
    report = run(officer, HEAD + "2023,KHM,pharmaceuticals,export,100,USD,BPS\n", dry_run=True)
    assert report.ok and report.created == 1 and not TradeFlow.objects.exists()


def test_only_an_officer_may_import(focal):
    with pytest.raises(NotAllowed):
        run(focal, HEAD + "2023,KHM,pharmaceuticals,export,100,USD,BPS\n")


# Committed rows that other connections see; serialized_rollback as the worker tests have it,
# so the next such test finds the database as it expects (no second set of content types).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_waits_for_one_already_writing_and_then_updates_its_rows(officer):
    """Two imports of one file side by side on PostgreSQL: the second takes its turn after the
    first commits, finds the first's rows and leaves them as they are, instead of failing on
    the unique figure. The first is stood for by a transaction holding the import's turn."""
    import threading
    import time

    from django.db import connection, connections, transaction

    from mitra.core.locks import take_turns

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's IMMEDIATE transactions already queue writers")
    text = HEAD + "2023,KHM,pharmaceuticals,export,100,USD,BPS\n"
    holding, release = threading.Event(), threading.Event()
    outcomes: dict[str, object] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                take_turns("trade-import")
                outcomes["first"] = run(officer, text)
                holding.set()
                release.wait(30)
        finally:
            connections.close_all()

    def second() -> None:
        try:
            outcomes["second"] = run(officer, text)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    assert holding.wait(30)
    threads[1].start()
    time.sleep(1)
    assert "second" not in outcomes  # it waits for its turn
    release.set()
    for thread in threads:
        thread.join(60)
    assert outcomes["first"].created == 1
    assert (outcomes["second"].created, outcomes["second"].unchanged) == (0, 1)
    assert TradeFlow.objects.count() == 1


def test_a_value_too_large_to_keep_and_a_source_too_long_are_refused_not_cut(officer):
    report = run(
        officer,
        HEAD + "2023,KHM,3004,export," + "9" * 19 + ",USD,BPS\n"
        "2023,KHM,3002,export,5,USD," + "B" * 121 + "\n",
    )
    assert not report.ok and TradeFlow.objects.count() == 0
    assert [p.line for p in report.problems] == [2, 3]
    assert "at most 18 digits before the decimal point" in report.problems[0].message
    assert "121 characters long; at most 120 are kept" in report.problems[1].message
