"""What an IATI import stores, column by column, against the publisher's file read here
independently: new activities, an activity whose identifier is already known (updated in
place), a re-import that changes its partners, and a dry run that leaves every row as it was."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from lxml import etree

from mitra.interop import iati
from mitra.interop.models import IatiActivity
from mitra.interop.tests.test_iati import publisher_files
from mitra.partners import services as partner_services

pytestmark = pytest.mark.django_db

CHANGED = "XM-DAC-41114-PROJECT-00127336"  # UNDP twice among its participating orgs


def _words(element: Any) -> str:
    if element is None:
        return ""
    narratives = element.xpath("narrative")
    return " ".join(((narratives[0] if narratives else element).text or "").split())


def expected_rows(path: Path, partners: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every activity of the file as its row should read, keyed by identifier; `partners`
    maps a lower-case IATI ref or name to the partner it names."""
    rows = {}
    for node in etree.parse(str(path)).getroot().xpath("iati-activity"):
        identifier = node.xpath("string(iati-identifier)").strip()
        participating, links = [], []
        for org in node.xpath("participating-org"):
            ref, name = org.get("ref", ""), _words(org)
            partner = partners.get(ref.lower()) or partners.get(name.lower())
            participating.append(
                {
                    "ref": ref,
                    "name": name,
                    "role": org.get("role", ""),
                    "matched": partner.code if partner else None,
                }
            )
            if partner is not None and partner.pk not in links:
                links.append(partner.pk)
        dates = {d.get("type"): d.get("iso-date") for d in node.xpath("activity-date")}
        values = node.xpath("budget/value")
        currencies = [v.get("currency", "") for v in values]
        rows[identifier] = {
            "identifier": identifier,
            "title": _words(node.find("title")),
            "reporting_org_ref": node.xpath("string(reporting-org/@ref)"),
            "reporting_org_name": _words(node.find("reporting-org")),
            "status_code": node.xpath("string(activity-status/@code)"),
            "start_date": _day(dates.get("2") or dates.get("1")),
            "end_date": _day(dates.get("4") or dates.get("3")),
            "recipient_countries": " ".join(node.xpath("recipient-country/@code")),
            "sectors": [
                {"code": s.get("code", ""), "vocabulary": s.get("vocabulary", "1")}
                for s in node.xpath("sector")
            ],
            "participating": participating,
            "budget_total": sum((Decimal(v.text.strip()) for v in values), Decimal(0))
            if values
            else None,
            "currency": node.get("default-currency") or next(filter(None, currencies), ""),
            "source": path.name,
            "synthetic": False,
            "partners": links,
        }
    return rows


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def stored_rows() -> dict[str, dict[str, Any]]:
    rows = {row["identifier"]: row for row in IatiActivity.objects.values()}
    for row in rows.values():
        row["partners"] = []
    through = IatiActivity.partners.through.objects.order_by("pk")
    by_pk = {row["id"]: row for row in rows.values()}
    for activity, partner in through.values_list("iatiactivity_id", "partner_id"):
        by_pk[activity]["partners"].append(partner)
    return rows


def assert_rows_match(expected: dict[str, dict[str, Any]], since: dt.datetime) -> None:
    stored = stored_rows()
    assert sorted(stored) == sorted(expected)
    for identifier, want in expected.items():
        row = stored[identifier]
        # Every column: the key and the import's time are checked for being there.
        assert set(row) == {*want, "id", "imported_at"}
        assert row["id"] and row["imported_at"] >= since, identifier
        for column, value in want.items():
            assert row[column] == value, (identifier, column, row[column], value)
        if want["budget_total"] is not None:  # kept to the cent, as a Decimal
            assert row["budget_total"].as_tuple().exponent == -2, identifier


# (kind, code, name, IATI ref): matched by ref when it has one, else by name in any case.
PARTNERS = [
    ("international", "undp", "UNDP", "XM-DAC-41114"),  # often twice in one activity
    ("agency", "koica", "KOICA", "KR-GOV-051"),
    ("ngo", "pin", "People in Need", ""),
    ("ngo", "stc-uk", "save the children uk", ""),  # the file says "Save The Children UK"
]


@pytest.fixture
def matched(officer) -> dict[str, Any]:
    """Partners the file names, keyed as the import matches them (lower-case ref or name)."""
    return {
        (ref or name).lower(): partner_services.partner_create(
            user=officer, kind=kind, code=code, name_id=name, name_en=name, iati_ref=ref
        )
        for kind, code, name, ref in PARTNERS
    }


def test_every_column_and_partner_link_is_stored_as_the_file_says(
    officer, matched, tmp_path, monkeypatch
):
    monkeypatch.setattr(iati, "BATCH", 150)  # 401 activities: three batches, the last short
    source = next(p for p in publisher_files() if "dportal" in p.name)
    path = tmp_path / source.name
    path.write_bytes(source.read_bytes())
    since = timezone.now().replace(microsecond=0)
    expected = expected_rows(path, matched)
    assert sum(len(row["partners"]) for row in expected.values()) > 200  # links were matched

    summary = iati.import_file(user=officer, path=path)

    assert "401 kegiatan dibaca: 401 baru, 0 diperbarui" in summary
    assert_rows_match(expected, since)
    first = stored_rows()
    assert matched["xm-dac-41114"].pk in first[CHANGED]["partners"]

    # The publisher changes one activity's title and partners and adds an activity.
    tree = etree.parse(str(path))
    root = tree.getroot()
    node = root.xpath(f"iati-activity[iati-identifier='{CHANGED}']")[0]
    node.find("title/narrative").text = "  Renamed   activity "
    for org in node.xpath("participating-org"):
        node.remove(org)
    org = etree.SubElement(node, "participating-org", role="4")
    etree.SubElement(org, "narrative").text = "People in Need"
    added = etree.fromstring(etree.tostring(node))
    added.find("iati-identifier").text = "XM-TEST-NEW-1"
    root.append(added)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    changed = expected_rows(path, matched)
    assert changed[CHANGED]["title"] == "Renamed activity"
    assert changed[CHANGED]["partners"] == [matched["people in need"].pk]

    summary = iati.import_file(user=officer, path=path, dry_run=True)
    assert "1 baru, 401 diperbarui (akan disimpan)" in summary
    assert stored_rows() == first  # the dry run wrote, then rolled everything back

    summary = iati.import_file(user=officer, path=path)
    assert "1 baru, 401 diperbarui (disimpan)" in summary
    assert_rows_match(changed, since)
    second = stored_rows()
    # Updated in place: the same rows (same keys), none added but the new activity.
    assert {i: r["id"] for i, r in first.items()} == {
        i: r["id"] for i, r in second.items() if i != "XM-TEST-NEW-1"
    }
    assert matched["people in need"].iati_activities.filter(identifier=CHANGED).exists()
    assert not matched["xm-dac-41114"].iati_activities.filter(identifier=CHANGED).exists()


def test_synthetic_imports_are_marked_and_keep_every_partner_once(officer, matched, tmp_path):
    path = tmp_path / "one.xml"
    path.write_text(
        '<iati-activities version="2.03"><iati-activity default-currency="EUR">'
        "<iati-identifier> XX-1 </iati-identifier>"
        '<participating-org ref="XM-DAC-41114"><narrative>UNDP</narrative></participating-org>'
        '<participating-org ref="xm-dac-41114" role="1"/>'
        "<participating-org><narrative>People in Need</narrative></participating-org>"
        '<budget><value currency="USD">10.5</value></budget>'
        "<budget><value>not a number</value></budget>"
        '<budget><value currency="USD"> 2.255 </value></budget>'
        "</iati-activity></iati-activities>"
    )
    iati.import_file(user=officer, path=path, synthetic=True)
    row = stored_rows()["XX-1"]
    assert row["synthetic"] is True
    assert row["currency"] == "EUR"  # the activity's own currency before its budgets'
    assert row["budget_total"] == Decimal("12.76")  # 12.755 to the cent, the unreadable skipped
    assert row["partners"] == [matched["xm-dac-41114"].pk, matched["people in need"].pk]


def test_importing_the_same_file_again_records_when_each_activity_was_last_read(
    officer, matched, tmp_path
):
    """`imported_at` is the last import's time: a re-import of an unchanged publisher file
    moves it on every activity, and changes nothing else (same keys, columns and links)."""
    source = next(p for p in publisher_files() if "dportal" in p.name)
    path = tmp_path / source.name
    path.write_bytes(source.read_bytes())
    iati.import_file(user=officer, path=path)
    first = stored_rows()
    between = timezone.now()

    summary = iati.import_file(user=officer, path=path)

    assert "0 baru, 401 diperbarui (disimpan)" in summary
    second = stored_rows()
    assert_rows_match(expected_rows(path, matched), between)  # every row read again just now
    assert sorted(second) == sorted(first)
    for identifier, row in second.items():
        before = first[identifier]
        assert before["imported_at"] < between <= row["imported_at"], identifier
        assert {k: v for k, v in row.items() if k != "imported_at"} == {
            k: v for k, v in before.items() if k != "imported_at"
        }, identifier
