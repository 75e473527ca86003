"""From one text (Indonesian or English) to the JSON of ../shared/corpus/extraction-format.md.

Rules, gazetteers and fuzzy matching only: no model is downloaded or trained. Each found item
keeps `evidence`, the character span it came from, so the review queue can show the sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from mitra.documents import dates
from mitra.documents.language import language
from mitra.intake import areas as area_rules
from mitra.intake import details, entities
from mitra.intake.text import Sentence, is_malay, sentences

AGREEMENT_TYPES: list[tuple[str, str, re.Pattern[str]]] = [
    # (format type, the document it names, pattern)
    (
        "MoU",
        "mou",
        re.compile(
            r"\bMoU\b|\bMOU\b|Memorandum of Understanding|Nota Kesepahaman|"
            r"Memorandum Saling Pengertian",
            re.IGNORECASE,
        ),
    ),
    ("PKS", "pks", re.compile(r"\bPKS\b|Perjanjian Kerja ?Sama\b", re.IGNORECASE)),
    ("LoI", "loi", re.compile(r"\bLoI\b|Letter of Intent", re.IGNORECASE)),
    ("Joint Statement", "joint-statement", re.compile(r"Joint Statement|Pernyataan Bersama", re.I)),
    ("Implementing Arrangement", "ia", re.compile(r"Implementing Arrangement", re.IGNORECASE)),
    (
        "other",
        "plan",
        re.compile(
            r"Plan of Action|Rencana Aksi|Rencana Kerja Bersama|Joint Action Plan|Action Plan",
            re.IGNORECASE,
        ),
    ),
    ("other", "grant", re.compile(r"Grant Agreement|Perjanjian Hibah", re.IGNORECASE)),
    ("other", "workplan", re.compile(r"Joint Work ?plan|Rencana Kerja Bersama WHO", re.I)),
    (
        "other",
        "cooperation",
        re.compile(
            r"Memorandum of Cooperation|Joint Declaration of Intent|Framework Agreement|"
            r"Records? of Discussions?|Agreed Minutes|Grant Implementation Agreement|"
            r"Economic Partnership (?:Agreement|Arrangement)s?",
            re.IGNORECASE,
        ),
    ),
]
GENERIC_AGREEMENT = re.compile(r"\bagreements?\b", re.IGNORECASE)
PERIOD = re.compile(r"\b((?:19|20)\d{2})\s*[-–/]\s*((?:19|20)\d{2})\b")
SIGNING = re.compile(
    r"menandatangani|ditandatangani|penandatangan(?:an)?|tandatangani|\bteken\b|\bsign(?:ed|s|ing)?\b",
    re.IGNORECASE,
)
ACTIVE_SIGNING = re.compile(
    r"(?<!telah )(?<!yang )menandatangani|penandatangan(?:an)?|\bteken\b|(?<!di )\btandatangani\b|"
    r"\b(?:have|has|had|was|were|officially)\s+(?:\w+\s+)?signed\b|\bsigns?\b",
    re.IGNORECASE,
)
CITATION_BEFORE = re.compile(
    r"(?:dikutip|diterima|siaran pers|keterangan (?:resmi|tertulis|pers)|dilansir|diakses|"
    r"received|statement|quoted|published|diunggah)[^.\n]{0,60}$",
    re.IGNORECASE,
)
MEETING = re.compile(
    r"\bpertemuan\b|\bbertemu\b|\bmeeting\b|\bmet\b|\bkunjungan\b|\bcourtesy\b|\bdialog\b|"
    r"\bdialogue\b|\bvisit\b|\bdelegasi\b|\bdelegation\b|\btalks?\b|\bworking group\b|"
    r"\bJWG\b|\bjoint committee\b|\bsidang\b|\brapat\b",
    re.IGNORECASE,
)
WORKSHOP = re.compile(r"\bworkshop\b|\blokakarya\b|\bseminar\b|\bsimposium\b|\bsymposium\b", re.I)
ACTION_PLAN = re.compile(r"rencana aksi|plan of action|action plan|rencana kerja bersama", re.I)
# "have worked closely together for many years": a portrait of a partnership, not one event.
LONG_STANDING = re.compile(
    r"\bfor (?:many|several|decades|years)\b|\bselama (?:bertahun-tahun|puluhan tahun)\b", re.I
)
FORUM = re.compile(r"\bforum\b|\bexpo\b|\bpameran\b|\bexhibition\b|\bconference\b", re.I)
OVERVIEW = re.compile(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|dua|tiga|empat|lima|enam|tujuh|"
    r"delapan|sembilan|sepuluh|sejumlah)\s+(?:\w+\s+)?(?:agreements|MoUs|kerja sama|perjanjian)\b",
    re.IGNORECASE,
)


@dataclass
class Context:
    text: str
    lines: list[str]
    sentences: list[Sentence]


def _sentence_at(ctx: Context, pos: int) -> Sentence | None:
    return next((s for s in ctx.sentences if s.start <= pos < s.end), None)


def kind(ctx: Context, title: str, dateline: str = "") -> str:
    """What the text reports: a signing, a meeting, a workshop, an action plan, an overview."""
    body = [s for s in ctx.sentences if s.text not in (title, dateline)][:3]
    opening = " ".join(s.text for s in body[:2])
    first_three = " ".join(s.text for s in body)
    if WORKSHOP.search(title):
        return "workshop"
    if ACTION_PLAN.search(title):
        return "action_plan"
    if MEETING.search(title) and not SIGNING.search(title):
        return "meeting"  # "Bilateral Meeting …", "Kick Off Meeting …", "Joint Working Group …"
    if OVERVIEW.search(title) or OVERVIEW.search(opening) or LONG_STANDING.search(opening):
        return "overview"
    if FORUM.search(title) and not ACTIVE_SIGNING.search(opening):
        return "other"
    if ACTIVE_SIGNING.search(opening):
        return "agreement_signing"
    if ACTION_PLAN.search(first_three):
        return "action_plan"
    if MEETING.search(first_three) or MEETING.search(title):
        return "meeting"
    if SIGNING.search(title):
        return "agreement_signing"
    if WORKSHOP.search(first_three):
        return "workshop"
    return "other"


# "3 hingga 6 April 2023", "from 3 to 6 April": the event starts on the first day.
RANGE_BEFORE = re.compile(r"\b(\d{1,2})\s+(?:hingga|sampai(?: dengan)?|s\.?d\.?|to|until)\s+$")
# "Jumat (25/4)": day and month with the weekday; the year only from the dateline, and only
# when the weekday agrees.
WEEKDAY_DATE = re.compile(
    r"\b(Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu)\s*,?\s*\((\d{1,2})/(\d{1,2})\)", re.I
)
WEEKDAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5}
WEEKDAYS["minggu"] = 6
# A byline with the publication time: "Raka Lestari • Rabu, 07 Nov 2018 08:05 WIB".
CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b(?:WIB|WITA|WIT|GMT|UTC)\b")


def publication(lines: list[str]) -> tuple[dt.date, int] | None:
    """The dateline under the title, else a short byline line with a date and a clock time."""
    found = dates.dateline(lines)
    if found:
        return found
    for number, line in enumerate(lines[1:5], start=1):
        stripped = line.strip()
        if len(stripped) <= 90 and CLOCK.search(stripped):
            in_line = dates.find_dates(stripped)
            if in_line:
                return in_line[0].date, number
    return None


def _weekday_dates(text: str, published: dt.date | None) -> list[tuple[dt.date, int]]:
    out = []
    for m in WEEKDAY_DATE.finditer(text) if published else ():
        assert published is not None
        try:
            day = dt.date(published.year, int(m.group(3)), int(m.group(2)))
        except ValueError:
            continue
        if day <= published and day.weekday() == WEEKDAYS[m.group(1).lower()]:
            out.append((day, m.start()))
    return out


def events(
    ctx: Context, skip_line: int | None, published: dt.date | None = None
) -> list[dict[str, Any]]:
    """Dated events: every full date in the body, except datelines and "quoted on" dates."""
    skip = None
    if skip_line is not None:
        start = sum(len(line) + 1 for line in ctx.lines[:skip_line])
        skip = (start, start + len(ctx.lines[skip_line]))
    out: dict[str, dict[str, Any]] = {}
    found_dates = [(f.date, f.start, f.text) for f in dates.find_dates(ctx.text)]
    found_dates += [(d, pos, "") for d, pos in _weekday_dates(ctx.text, published)]
    for date, position, written in sorted(found_dates, key=lambda f: f[1]):
        if skip and skip[0] <= position < skip[1]:
            continue
        before = ctx.text[max(0, position - 80) : position]
        if CITATION_BEFORE.search(before):
            continue
        first_day = RANGE_BEFORE.search(before)
        if first_day and int(first_day.group(1)) < date.day:
            date = date.replace(day=int(first_day.group(1)))
        iso = date.isoformat()
        if iso in out:
            continue
        sentence = _sentence_at(ctx, position)
        what = sentence.text if sentence else written
        out[iso] = {
            "date": iso,
            "what": what[:300],
            "evidence": [sentence.start, sentence.end]
            if sentence
            else [position, position + len(written)],
        }
    return list(out.values())


def agreements(ctx: Context, partners: list[entities.PartnerMention]) -> list[dict[str, Any]]:
    """One agreement per document named and counterpart: MoU with Sudan, MoU with Zimbabwe…"""
    primary = [p for p in partners if p.type == "country"] or partners
    primary = entities.distinct(primary)
    found: dict[tuple[str, str], dict[str, Any]] = {}
    named_any = False
    for type_, document, pattern in AGREEMENT_TYPES:
        mentions = list(pattern.finditer(ctx.text))
        if not mentions:
            continue
        named_any = True
        _add_documents(ctx, found, type_, document, mentions, partners, primary)
    if not named_any:  # "eight bilateral agreements": each counterpart named with "agreement"
        mentions = list(GENERIC_AGREEMENT.finditer(ctx.text))
        by_sentence = [
            m for m in mentions if _partners_in(ctx, _sentence_at(ctx, m.start()), partners)
        ]
        if by_sentence:
            for m in by_sentence:
                sentence = _sentence_at(ctx, m.start())
                for p in _partners_in(ctx, sentence, partners):
                    found.setdefault(("other", p.key), _agreement(ctx, "other", p, [m]))
    return list(found.values())


def _partners_in(
    ctx: Context, sentence: Sentence | None, partners: list[entities.PartnerMention]
) -> list[entities.PartnerMention]:
    if sentence is None:
        return []
    inside = [p for p in partners if sentence.start <= p.start < sentence.end]
    return entities.distinct(inside)


def _add_documents(
    ctx: Context,
    found: dict[tuple[str, str], dict[str, Any]],
    type_: str,
    document: str,
    mentions: list[re.Match[str]],
    partners: list[entities.PartnerMention],
    primary: list[entities.PartnerMention],
) -> None:
    counterparts: list[entities.PartnerMention] = []
    for m in mentions:
        counterparts = _partners_in(ctx, _sentence_at(ctx, m.start()), partners)
        if counterparts:
            break
    for p in counterparts or primary:
        key = (document, p.key)
        if key not in found:
            found[key] = _agreement(ctx, type_, p, mentions)


def _agreement(
    ctx: Context, type_: str, partner: entities.PartnerMention, mentions: list[re.Match[str]]
) -> dict[str, Any]:
    signed, period = None, None
    for m in mentions:
        sentence = _sentence_at(ctx, m.start())
        if sentence is None:
            continue
        if signed is None and SIGNING.search(sentence.text):
            in_sentence = dates.find_dates(sentence.text)
            if in_sentence:
                signed = in_sentence[0].date.isoformat()
        if period is None:
            span = PERIOD.search(sentence.text)
            if span:
                period = f"{span.group(1)}-{span.group(2)}"
    first = _sentence_at(ctx, mentions[0].start())
    # The title is Title Case and too short for a place or signatories: the body's sentence.
    body = [s for m in mentions if (s := _sentence_at(ctx, m.start())) and s.start > 0]
    body += [s for s in ctx.sentences if s.start > 0 and partner.name in s.text]
    signing = next((s for s in body if SIGNING.search(s.text)), body[0] if body else first)
    return {
        "type": type_,
        "counterparty": partner.name,
        "signed_date": signed,
        "period": period,
        "evidence": [first.start, first.end] if first else None,
        # For the review queue (the scorer ignores them): place, subject, the signing sentence.
        "place": details.place(signing.text) if signing else "",
        "subject": next(
            (
                found
                for m in mentions
                if (s := _sentence_at(ctx, m.start()))
                and (found := details.subject(ctx.text, m.end(), s.end))
            ),
            "",
        ),
        "signing": [signing.start, signing.end] if signing else None,
    }


def extract(text: str) -> dict[str, Any]:
    """The extraction format's JSON for one text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    ctx = Context(text=text, lines=lines, sentences=sentences(text))
    title = next((line.strip() for line in lines if line.strip()), "")
    dateline = publication(list(lines))
    mentions = entities.partners(text)
    partners = entities.distinct(mentions)
    people = [
        {"name": p.name, "role": p.role, "evidence": [p.start, p.start + len(p.role)]}
        for p in entities.people(text, ctx.sentences)
    ]
    found_agreements = agreements(ctx, mentions)
    # The counterparty under its fullest written name ("World Health Organization (WHO)").
    fullest = {p.key: p.name for p in partners}
    written = {m.name: fullest[m.key] for m in mentions}
    for item in found_agreements:
        item["counterparty"] = written.get(item["counterparty"], item["counterparty"])
        span = item.pop("signing") or item["evidence"] or [0, 0]
        item["signatories"] = details.signatories(people, span[0], span[1])
    return {
        "language": "other" if is_malay(text) else language(text),
        "published": dateline[0].isoformat() if dateline else None,
        "kind": kind(ctx, title, lines[dateline[1]].strip() if dateline else ""),
        "partners": [
            {"name": p.name, "type": p.type, "iso3": p.iso3, "evidence": [p.start, p.end]}
            for p in partners
        ],
        "agreements": found_agreements,
        "events": events(ctx, dateline[1] if dateline else None, dateline[0] if dateline else None),
        "people": people,
        "areas": [
            {"phrase": a.phrase, "code": a.code, "evidence": [a.start, a.start + len(a.phrase)]}
            for a in area_rules.areas(text)
        ],
    }
