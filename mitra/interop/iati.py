"""IATI activity XML 2.03: export of the ministry's activities, streaming import of any file.

Import is one pass of lxml's iterparse with entities unresolved and no network: a file with a
DOCTYPE is refused before parsing (no entity can expand, nothing is fetched), each activity is
cleared once read (memory stays flat whatever the file's size) and spooled to disk; only once
the whole file has been read and checked is everything written, in one short transaction (an
error leaves nothing half-imported, and other writers wait seconds, not the whole parse), and
identifiers make it idempotent.
"""

from __future__ import annotations

import datetime as dt
import pickle
import tempfile
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from functools import partial
from pathlib import Path
from typing import IO, Any, NamedTuple

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from lxml import etree

from mitra.core.locks import take_turns
from mitra.documents.language import language
from mitra.interop.models import IatiActivity
from mitra.partners import selectors as partner_selectors

SUPPORTED = ("2.01", "2.02", "2.03")
DOCTYPE_REFUSED = _(
    "The file declares a DOCTYPE (or entities); IATI files have none, and Mitra refuses them."
)
NOT_IATI = _("This is not an IATI activities file: its root element is “%(root)s”.")
UNSUPPORTED_VERSION = _(
    "IATI version %(version)s is not supported; publish or convert the file to 2.01–2.03."
)
BROKEN_XML = _("The XML is broken at line %(line)s: %(error)s")
BAD_ELEMENT = _("Activity at line %(line)s: %(problem)s")
NO_IDENTIFIER = _("it has no iati-identifier")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

STATUS_CODE = {"planned": "1", "ongoing": "2", "delayed": "2", "completed": "3", "cancelled": "5"}
CENT = Decimal("0.01")
PARTNER_COUNTRY = "country"
# The partner's kind as an IATI OrganisationType: a country cooperates through its government.
ORGANISATION_TYPE = {
    "country": "10",  # Government
    "agency": "10",  # Government
    "international": "40",  # Multilateral
    "ngo": "21",  # International NGO
    "company": "70",  # Private Sector
    "academic": "80",  # Academic, Training and Research
}
# The partner's region as an OECD DAC region (IATI Region code list, vocabulary 1).
REGION_CODE = {
    "southeast_asia": "789",  # Far East Asia, regional
    "east_asia": "789",
    "south_asia": "679",  # South Asia, regional
    "central_asia": "619",  # Central Asia, regional
    "middle_east": "589",  # Middle East, regional
    "europe": "89",  # Europe, regional
    "africa": "298",  # Africa, regional
    "americas": "498",  # America, regional
    "oceania": "889",  # Oceania, regional
}
UNSPECIFIED = "998"  # Developing countries, unspecified
DATE_TYPES = (
    ("planned_start", "1"),
    ("actual_start", "2"),
    ("planned_end", "3"),
    ("actual_end", "4"),
)


# Export ------------------------------------------------------------------------------------


def _lang(text: str, default: str) -> str:
    """The text's own language (documents' detection), else the activity's."""
    found = language(text)
    return found if found in ("id", "en") else default


def _narrative(parent: etree._Element, tag: str, text: str, lang: str) -> etree._Element:
    element = etree.SubElement(parent, tag)
    narrative = etree.SubElement(element, "narrative")
    narrative.set(XML_LANG, lang)
    narrative.text = text
    return element


def _org(parent: etree._Element, tag: str, ref: str, name: str, lang: str, **attrs: str) -> None:
    element = etree.SubElement(parent, tag)
    if ref:
        element.set("ref", ref)
    for key, value in attrs.items():
        element.set(key.replace("_", "-"), value)
    narrative = etree.SubElement(element, "narrative")
    narrative.set(XML_LANG, lang)
    narrative.text = name


def shares(count: int) -> list[Decimal]:
    """100 split into `count` percentages of two decimals that add up to exactly 100
    (rules 2.1.2 and 3.1.2): the last one takes the rounding remainder."""
    if count <= 0:
        return []
    share = (Decimal(100) / count).quantize(CENT, rounding=ROUND_DOWN)
    return [share] * (count - 1) + [Decimal(100) - share * (count - 1)]


def budget_periods(
    start: dt.date, end: dt.date, amount: Decimal
) -> list[tuple[dt.date, dt.date, Decimal]]:
    """A budget over several years as one period per calendar year (rule 7.5.3: a budget
    period is at most a year), the amount split by days and the cents kept exact."""
    if end < start:
        end = start
    periods = []
    year_start = start
    while year_start <= end:
        year_end = min(dt.date(year_start.year, 12, 31), end)
        periods.append((year_start, year_end))
        year_start = dt.date(year_start.year + 1, 1, 1)
    total_days = (end - start).days + 1
    amounts = [
        (amount * ((e - s).days + 1) / total_days).quantize(CENT, rounding=ROUND_DOWN)
        for s, e in periods[:-1]
    ]
    amounts.append(amount - sum(amounts, Decimal(0)))
    return [(s, e, a) for (s, e), a in zip(periods, amounts, strict=True)]


def _alpha_2(alpha_3: str) -> str | None:
    found = pycountry.countries.get(alpha_3=alpha_3.upper())
    return found.alpha_2 if found is not None else None


def _recipients(node: etree._Element, partners: list[Any]) -> None:
    """recipient-country from the partner countries (ISO alpha-2); without one, the
    recipient-region (OECD DAC vocabulary) of the partners' regions (rule 3.7.1)."""
    countries = list(
        dict.fromkeys(
            code
            for code in (_alpha_2(p.code) for p in partners if p.kind == PARTNER_COUNTRY)
            if code
        )
    )
    if countries:
        for code, share in zip(countries, shares(len(countries)), strict=True):
            element = etree.SubElement(node, "recipient-country", code=code)
            if len(countries) > 1:
                element.set("percentage", f"{share}")
        return
    regions = list(dict.fromkeys(REGION_CODE.get(p.region, UNSPECIFIED) for p in partners))
    regions = regions or [UNSPECIFIED]
    for code, share in zip(regions, shares(len(regions)), strict=True):
        element = etree.SubElement(node, "recipient-region", code=code, vocabulary="1")
        if len(regions) > 1:
            element.set("percentage", f"{share}")


def export_activities(*, user: Any) -> bytes:
    """The ministry's activities as an iati-activities 2.03 file (validates against the XSD
    and passes the IATI Standard's error-level rules)."""
    from mitra.plans import selectors as plan_selectors

    org_ref = settings.MITRA_IATI_ORG_REF
    org_name = settings.MITRA_IATI_ORG_NAME
    now = timezone.now().replace(microsecond=0)
    root = etree.Element("iati-activities", version="2.03")
    root.set("generated-datetime", now.isoformat())
    for a in plan_selectors.activities_for_iati(user=user):
        lang = _lang(f"{a.title} {a.description}", "id")
        node = etree.SubElement(root, "iati-activity")
        node.set("last-updated-datetime", a.updated_at.replace(microsecond=0).isoformat())
        node.set(XML_LANG, lang)
        if a.currency:
            node.set("default-currency", a.currency)
        etree.SubElement(node, "iati-identifier").text = f"{org_ref}-{a.pk}"
        _org(node, "reporting-org", org_ref, org_name, "id", type="10")
        _narrative(node, "title", a.title, _lang(a.title, lang))
        # The schema requires a description: the activity's own, else its plan's title.
        description = a.description or a.plan.title
        _narrative(node, "description", description, _lang(description, lang)).set("type", "1")
        _org(node, "participating-org", org_ref, org_name, "id", role="2", type="10")
        partners = []
        if a.plan.agreement_id:
            partners = [p.partner for p in a.plan.agreement.parties.all()]  # type: ignore[union-attr]
        elif a.plan.partner_id:
            partners = [a.plan.partner]
        for partner in partners:
            _org(
                node,
                "participating-org",
                partner.iati_ref,
                partner.name_en or partner.name_id,
                "en" if partner.name_en else "id",
                role="4",
                type=ORGANISATION_TYPE.get(partner.kind, "90"),
            )
        etree.SubElement(node, "activity-status", code=STATUS_CODE.get(a.current_status, "2"))  # type: ignore[attr-defined]
        dates = [(getattr(a, name), code) for name, code in DATE_TYPES if getattr(a, name)]
        if not dates:  # the schema asks for at least one date: the plan's first day
            dates = [(a.plan.first_day, "1")]
        for day, code in dates:
            etree.SubElement(node, "activity-date", type=code).set("iso-date", day.isoformat())
        _recipients(node, partners)
        if a.area_id and a.area.dac_codes:  # type: ignore[union-attr]
            codes = [c.strip() for c in a.area.dac_codes.split(",") if c.strip()]  # type: ignore[union-attr]
            for code, share in zip(codes, shares(len(codes)), strict=True):
                etree.SubElement(node, "sector", code=code, vocabulary="1", percentage=f"{share}")
        if a.budget is not None and a.currency:
            start = a.planned_start or a.plan.first_day
            end = a.planned_end or a.plan.last_day
            for period_start, period_end, amount in budget_periods(start, end, a.budget):
                budget = etree.SubElement(node, "budget", type="1", status="1")
                etree.SubElement(budget, "period-start").set("iso-date", period_start.isoformat())
                etree.SubElement(budget, "period-end").set("iso-date", period_end.isoformat())
                value = etree.SubElement(budget, "value", currency=a.currency)
                value.set("value-date", period_start.isoformat())
                value.text = f"{amount:.2f}"
        for indicator in a.indicators.all():
            _result(node, indicator, lang)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _result(node: etree._Element, indicator: Any, lang: str) -> None:
    result = etree.SubElement(node, "result", type="1")
    _narrative(result, "title", indicator.name, _lang(indicator.name, lang))
    element = etree.SubElement(result, "indicator", measure="1")
    if indicator.direction == "increase":
        element.set("ascending", "1")
    elif indicator.direction == "decrease":
        element.set("ascending", "0")
    _narrative(
        element, "title", f"{indicator.name} ({indicator.unit})", _lang(indicator.name, lang)
    )
    if indicator.baseline is not None:
        baseline = etree.SubElement(element, "baseline", year=str(indicator.plan.start_year))
        baseline.set("iso-date", indicator.plan.first_day.isoformat())
        baseline.set("value", f"{indicator.baseline}")
    for r in indicator.results.all():
        if r.status != "approved" or r.archived_at is not None:
            continue
        period = etree.SubElement(element, "period")
        etree.SubElement(period, "period-start").set("iso-date", r.period_start.isoformat())
        etree.SubElement(period, "period-end").set("iso-date", r.period_end.isoformat())
        etree.SubElement(period, "target", value=f"{indicator.target}")
        etree.SubElement(period, "actual", value=f"{r.value}")


def schema() -> etree.XMLSchema:
    path = Path(settings.MITRA_IATI_SCHEMA_DIR) / "iati-activities-schema.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


# Import ------------------------------------------------------------------------------------


def _text(element: etree._Element | None) -> str:
    if element is None:
        return ""
    narrative = element.find("narrative")
    return " ".join(((narrative if narrative is not None else element).text or "").split())


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "")[:10]) if value else None
    except ValueError:
        return None


def _check_head(handle: IO[bytes]) -> None:
    head = handle.read(8192)
    handle.seek(0)
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise ValidationError(DOCTYPE_REFUSED, code="doctype")


class Matched(NamedTuple):
    """A registry partner as the import needs it: two values, not a model instance (a
    registry of 50,000 partners loaded as instances took 100 MB)."""

    pk: int
    code: str


class _Matcher:
    """IATI organisations → registry partners, by IATI ref first, then by exact name."""

    def __init__(self, user: Any) -> None:
        self.by_ref: dict[str, Matched] = {}
        self.by_name: dict[str, Matched] = {}
        rows = partner_selectors.names_for_matching(user=user)
        for pk, code, ref, *names in rows.iterator(chunk_size=5000):
            partner = Matched(pk, code)
            if ref:
                self.by_ref[ref.lower()] = partner
            for name in names:
                if name:
                    self.by_name[name.lower()] = partner

    def __call__(self, ref: str, name: str) -> Matched | None:
        return self.by_ref.get(ref.lower()) or self.by_name.get(name.lower())


def _read_activity(node: etree._Element, match: _Matcher) -> tuple[dict[str, Any], list[Matched]]:
    """The activity's values, from one walk over its children (a `find` per element walked
    them all again each time: a third of the import's reading). The first identifier, title,
    reporting organisation and status count; the last date of each type."""
    identifier = title = reporting = status = None
    participating: list[dict[str, Any]] = []
    partners: list[Matched] = []
    dates: dict[str | None, str | None] = {}
    countries: list[str] = []
    sectors: list[dict[str, str]] = []
    has_budget, budget_total = False, Decimal(0)
    currency = node.get("default-currency", "")
    for child in node:
        tag = child.tag
        if tag == "participating-org":
            ref, name = child.get("ref", ""), _text(child)
            partner = match(ref, name)
            if partner is not None:
                partners.append(partner)
            participating.append(
                {
                    "ref": ref,
                    "name": name,
                    "role": child.get("role", ""),
                    "matched": partner.code if partner else None,
                }
            )
        elif tag == "activity-date":
            dates[child.get("type")] = child.get("iso-date")
        elif tag == "recipient-country":
            countries.append(child.get("code", ""))
        elif tag == "sector":
            sectors.append(
                {"code": child.get("code", ""), "vocabulary": child.get("vocabulary", "1")}
            )
        elif tag == "budget":
            has_budget = True
            for value in child.iterchildren("value"):
                try:
                    budget_total += Decimal((value.text or "0").strip())
                except InvalidOperation:
                    continue
                currency = currency or value.get("currency", "")
        elif tag == "iati-identifier":
            identifier = (child.text or "") if identifier is None else identifier
        elif tag == "title":
            title = child if title is None else title
        elif tag == "reporting-org":
            reporting = child if reporting is None else reporting
        elif tag == "activity-status":
            status = child if status is None else status
    identifier = (identifier or "").strip()
    if not identifier:
        raise ValidationError(
            BAD_ELEMENT, params={"line": node.sourceline, "problem": NO_IDENTIFIER}
        )
    return (
        {
            "identifier": identifier[:200],
            "title": _text(title)[:2000],
            "reporting_org_ref": (reporting.get("ref", "") if reporting is not None else "")[:200],
            "reporting_org_name": _text(reporting)[:300],
            "status_code": (status.get("code", "") if status is not None else "")[:4],
            "start_date": _date(dates.get("2")) or _date(dates.get("1")),
            "end_date": _date(dates.get("4")) or _date(dates.get("3")),
            "recipient_countries": " ".join(countries)[:200],
            "sectors": sectors,
            "participating": participating,
            "budget_total": budget_total if has_budget else None,
            "currency": currency[:3],
        },
        partners,
    )


def import_file(
    *,
    user: Any,
    path: Path,
    dry_run: bool = False,
    progress: IO[str] | None = None,
    synthetic: bool = False,
) -> str:
    """Import every activity of an IATI file, or none; returns a one-line summary.

    Two phases, so that a large file never holds the database's write lock while it is read:
    the whole file is parsed and checked first, outside any transaction, into a spool on disk
    (memory stays flat); only a file read to its end is written, in one short transaction.
    """
    from mitra.core.permissions import require

    require(user, "intake.review")
    match = _Matcher(user)
    with tempfile.TemporaryFile(dir=settings.DATA_DIR) as spool:
        read, batches, unmatched = _read_to_spool(path, spool, match, synthetic, progress)
        spool.seek(0)
        created = updated = 0
        with transaction.atomic():
            take_turns("iati-import")  # two imports of one file: the second updates
            writer = _Writer(transaction.get_connection())
            for done in range(batches):
                batch = pickle.load(spool)  # noqa: S301 - our own spool, written just above
                new, old = _flush(batch, writer)
                created, updated = created + new, updated + old
                if progress is not None:
                    progress.write(f"\r{_WRITING} {(done + 1) * 100 // batches:3d}%")
            if dry_run:
                transaction.set_rollback(True)
    if progress is not None:
        progress.write(f"\r100% {read} activities\n")
    summary = SUMMARY_DRY_RUN if dry_run else SUMMARY
    return str(
        summary
        % {
            "n": created + updated,
            "new": created,
            "updated": updated,
            "unmatched": len(unmatched),
        }
    )


_WRITING = "writing"


def _read_to_spool(
    path: Path, spool: IO[bytes], match: _Matcher, synthetic: bool, progress: IO[str] | None
) -> tuple[int, int, set[str]]:
    """Parse and check the whole file, writing its activities in batches to `spool`; returns
    (activities read, batches written, unmatched organisations). Raises on the first problem."""
    size = path.stat().st_size or 1
    read = batches = 0
    unmatched: set[str] = set()
    batch: Batch = {}
    with path.open("rb") as handle:
        _check_head(handle)
        try:
            _check_root(_root(handle))
            # Only the activities come back to Python, each once it is complete.
            events = etree.iterparse(
                handle,
                tag="iati-activity",
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=False,
                remove_comments=True,
            )
            for _event, element in events:
                values, partners = _read_activity(element, match)
                unmatched.update(
                    p["name"] or p["ref"] for p in values["participating"] if not p["matched"]
                )
                values["source"] = path.name[:300]
                values["synthetic"] = synthetic
                batch[values["identifier"]] = (
                    tuple(values[name] for name in COLUMNS),
                    tuple(dict.fromkeys(p.pk for p in partners)),  # each partner once
                )
                read += 1
                if len(batch) >= BATCH:
                    pickle.dump(batch, spool, protocol=pickle.HIGHEST_PROTOCOL)
                    batches += 1
                    batch = {}
                # Free what was read: the tree never holds more than one activity.
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
                if progress is not None and read % PROGRESS_EVERY == 0:
                    progress.write(f"\r{handle.tell() * 100 // size:3d}% {read} activities")
        except etree.XMLSyntaxError as exc:
            raise ValidationError(
                BROKEN_XML, params={"line": exc.lineno, "error": exc.msg}, code="xml"
            ) from exc
    if batch:
        pickle.dump(batch, spool, protocol=pickle.HIGHEST_PROTOCOL)
        batches += 1
    return read, batches, unmatched


PROGRESS_EVERY = 500
SUMMARY = ngettext_lazy(
    "%(n)s activity read: %(new)s new, %(updated)s updated (saved); "
    "%(unmatched)s organisations not matched to a partner.",
    "%(n)s activities read: %(new)s new, %(updated)s updated (saved); "
    "%(unmatched)s organisations not matched to a partner.",
    "n",
)
SUMMARY_DRY_RUN = ngettext_lazy(
    "%(n)s activity read: %(new)s new, %(updated)s updated (would be saved); "
    "%(unmatched)s organisations not matched to a partner.",
    "%(n)s activities read: %(new)s new, %(updated)s updated (would be saved); "
    "%(unmatched)s organisations not matched to a partner.",
    "n",
)


BATCH = 500
FIELDS = [
    "title",
    "reporting_org_ref",
    "reporting_org_name",
    "status_code",
    "start_date",
    "end_date",
    "recipient_countries",
    "sectors",
    "participating",
    "budget_total",
    "currency",
    "source",
    "synthetic",
]

# The spool's row: the activity's columns in this order (the identifier first).
COLUMNS = ("identifier", *FIELDS)
# Field types whose parsed values (str, bool) every driver takes unchanged.
AS_PARSED = frozenset({"CharField", "TextField", "BooleanField"})
Batch = dict[str, tuple[tuple[Any, ...], tuple[int, ...]]]


class _Writer:
    """The import's statements, built once from the model's `_meta`: new activities and the
    partner links go in as plain tuples (`executemany`; on PostgreSQL a COPY, which took a
    third of executemany's time there), changed activities by one UPDATE per row.
    `bulk_create` spent half the import making a model instance of every row and preparing
    each of its fields; here only the fields whose value the driver cannot take as the parse
    left it (dates, amounts, JSON, the import time) go through their field's own
    `get_db_prep_save`."""

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection
        self.copies = connection.vendor == "postgresql"
        meta = IatiActivity._meta
        by_name = {field.name: field for field in meta.concrete_fields}
        fields = [by_name[name] for name in COLUMNS]
        self.prepare = [
            (i, partial(field.get_db_prep_save, connection=connection))
            for i, field in enumerate(fields)
            if field.get_internal_type() not in AS_PARSED
        ]
        stamp = by_name["imported_at"]
        # One time for the whole import (bulk_create read the clock for each row).
        self.now = stamp.get_db_prep_save(timezone.now(), connection)
        # Only quoted names from `_meta` are written into the SQL; every value is a bound
        # parameter (S608).
        q = connection.ops.quote_name

        def column(field: Field[Any, Any]) -> str:
            return q(field.column or field.attname)  # a concrete field always has its column

        table = q(meta.db_table)
        names = ", ".join(column(f) for f in [*fields, stamp])
        marks = ", ".join(["%s"] * (len(fields) + 1))
        self.insert = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
        self.copy = f"COPY {table} ({names}) FROM STDIN"
        # An update keeps the identifier and records this import's time: `imported_at` says
        # when the activity was last read from a file (the field is `auto_now`).
        sets = ", ".join(f"{column(f)} = %s" for f in [*fields[1:], stamp])
        self.update = f"UPDATE {table} SET {sets} WHERE {column(meta.pk)} = %s"  # noqa: S608
        links = IatiActivity.partners.through._meta
        ends = ", ".join(
            column(f)
            for name in ("iatiactivity", "partner")
            for f in links.concrete_fields
            if f.name == name
        )
        self.link = f"INSERT INTO {q(links.db_table)} ({ends}) VALUES (%s, %s)"  # noqa: S608
        self.copy_link = f"COPY {q(links.db_table)} ({ends}) FROM STDIN"

    def add(self, cursor: Any, insert: str, copy: str, rows: list[Any]) -> None:
        """New rows, by COPY on PostgreSQL (the data streamed, never written into the SQL),
        else by `executemany`."""
        if self.copies:
            with cursor.cursor.copy(copy) as stream:
                for row in rows:
                    stream.write_row(row)
        else:
            cursor.executemany(insert, rows)

    def row(self, values: tuple[Any, ...], last: Any) -> list[Any]:
        """The spooled values as the driver takes them, with `last` appended."""
        row = [*values, last]
        for i, prepare in self.prepare:
            row[i] = prepare(row[i])
        return row


def _flush(batch: Batch, writer: _Writer) -> tuple[int, int]:
    """Write a batch: one query to find the known identifiers, the new rows inserted and the
    known ones updated, then the partner links replaced. Returns (created, updated) and
    empties the batch."""
    known = _keys(batch)
    new, old = [], []
    for ident, (values, _partners) in batch.items():
        if ident in known:
            # SET all but the identifier, and the import's time; WHERE the stored key.
            old.append([*writer.row(values, writer.now)[1:], known[ident]])
        else:
            new.append(writer.row(values, writer.now))
    with writer.connection.cursor() as cursor:
        if new:
            writer.add(cursor, writer.insert, writer.copy, new)
        if old:
            cursor.executemany(writer.update, old)
        if known:
            IatiActivity.partners.through.objects.filter(
                iatiactivity_id__in=list(known.values())
            ).delete()
        linked = [(ident, partners) for ident, (_v, partners) in batch.items() if partners]
        if linked:
            ids = _keys(batch) if new else known  # the new rows' keys, only when needed
            links = [(ids[ident], pk) for ident, partners in linked for pk in partners]
            writer.add(cursor, writer.link, writer.copy_link, links)
    batch.clear()
    return len(new), len(old)


def _keys(batch: Batch) -> dict[str, int]:
    """The stored activities of this batch's identifiers: identifier → key."""
    found = IatiActivity.objects.filter(identifier__in=list(batch))
    return dict(found.values_list("identifier", "pk"))


def _root(handle: IO[bytes]) -> etree._Element:
    """The root element, read from the head of the file; the handle is rewound."""
    events = etree.iterparse(
        handle, events=("start",), resolve_entities=False, no_network=True, load_dtd=False
    )
    try:
        _event, root = next(events)
    finally:
        handle.seek(0)
    return root


def _check_root(root: etree._Element) -> None:
    if root.tag != "iati-activities":
        raise ValidationError(NOT_IATI, params={"root": root.tag}, code="root")
    version = root.get("version", "")
    if version not in SUPPORTED:
        raise ValidationError(
            UNSUPPORTED_VERSION, params={"version": version or "?"}, code="version"
        )
