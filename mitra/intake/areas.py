"""Cooperation areas a text names: the items of the enumerations that follow words such as
"meliputi", "antara lain", "mencakup", "such as", "including", and numbered lists; each mapped
to a taxonomy code by its words (stemmed) against the taxonomy's labels and keywords."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

from mitra.documents import dates
from mitra.intake import gazetteer
from mitra.search import stemming
from mitra.taxonomy.taxonomy_v1 import TAXONOMY

WORD = re.compile(r"\w+")

CUE = re.compile(
    r"(?:\bantara lain|\bdi antaranya|\b(?:ialah|adalah|yaitu|sebagai berikut)\s*:|\bmeliputi|\bmencakup(?: beberapa bidang(?: strategis)?)?|"
    r"\bpada bidang-bidang|\bbidang-bidang|\bberfokus pada|\bfokus pada|\bbertujuan(?: untuk)?|"
    r"\btermasuk|\bdalam bidang|\bdi bidang|\bkerja ?sama (?:dalam|pada)|\bmengenai|"
    r"\bsuch as|\bincluding|\bincluded?|\bincludes|\bfocus(?:ing|es)? on|\bin the (?:areas?|fields?) of|"
    r"\bcomprising|\bcovering|\bencompasses|\baimed at(?: discussing)?|\bpartnerships? in|"
    r"\bberupa|\bseperti|\bdi sektor|\bkerja ?sama bidang|\bmempelajari|\bmendalami|"
    r"\brelated to|\bcooperation (?:in|on)(?: the)?|\bcollaboration (?:in|on)(?: the)?|"
    r"\bin the form of|\bstrengthening(?: the)?)"
    r"(?!\w)\s*:?\s*",
    re.IGNORECASE,
)
# "a grant of US$5 million for X", "hibah USD 14,8 juta untuk X": what the money is for. Kept
# apart from CUE: inside that one alternation it would cost three times the rest.
MONEY_FOR = re.compile(
    r"(?:US\$|USD|Rp\.?)\s?[\d.,]+\s*(?:million|billion|juta|miliar|triliun)?\s+(?:for|untuk)\s+",
    re.IGNORECASE,
)
ORDINAL = re.compile(
    r"(?:^|[.“\"]\s*)(Pertama|Kedua|Ketiga|Tiga|Keempat|Empat|Kelima|Lima|Keenam|Ketujuh|"
    r"First|Second|Third|Fourth|Fifth)\b\s*,?\s*([^.”\"]{3,300})",
    re.MULTILINE,
)
NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+(.{3,200})$", re.MULTILINE)
INLINE_NUMBER = re.compile(r"\(\d{1,2}\)\s*")
SPLIT = re.compile(r"\s*[;,]\s*(?:(?:dan|serta|and|hingga|juga)\s+)?|\s+(?:serta|hingga)\s+")
# Indonesian nouns of action (penguatan, peningkatan, kesiapsiagaan…) that open an area.
NOMINAL = re.compile(r"^(?:pe[nmr]?|peng|peny|ke)\w{3,}an\b", re.IGNORECASE)
LEADING = re.compile(
    r"^(?:dan|serta|and|or|atau|hingga|juga|the|a|an|di|pada|dalam|bidang|kerja ?sama(?: di| dalam)?"
    r"(?: bidang)?|kolaborasi(?: dalam)?|collaboration on|cooperation (?:on|in)|"
    r"various aspects of collaboration|beberapa bidang(?: strategis)?|bidang-bidang|antara lain|"
    r"yaitu|khususnya|terutama|partnerships? in|increasing|discussing|improving|plus|"
    r"those related to|related to|sekaligus|(?:the )?development of an?|me(?:m|n|ng|ny)?\w+(?:kan|i)|mem\w+|men\w+)\s+|"
    r"^[^:]{0,30}:\s*|^s\s+",
    re.IGNORECASE,
)
TRAILING = re.compile(
    r"\s+(?:dan|serta|and|lainnya|lain|etc|dll)\.?$|\s*\([^)]*$|,?\s+(?:kerja ?sama|cooperation)$",
    re.IGNORECASE,
)
STOP_AFTER = re.compile(
    r"\s+(?:yang|which|that|sebagai|agar|sehingga|karena|because|so that|in order|"
    r"between|antara|ini|itu|utamanya|terutama|especially|dapat|akan|bisa|will|can|could|"
    r"is|are|was|were|has|have|adalah|merupakan|telah|sudah|masih|"
    r"to (?:deal|address|tackle|overcome|respond|help))\b.*$",
    re.IGNORECASE,
)
SAID = re.compile(
    r"^(?:kata|ujar|ucap|lanjut|jelas|tegas|tambah|imbuh|said|says|stated|added)\b|"
    r"\b(?:Menkes|Menteri|Minister|Dubes|Sekjen|Dirjen)\b",
    re.IGNORECASE,
)
GENERIC = {
    "kesehatan",
    "health",
    "bidang kesehatan",
    "sektor kesehatan",
    "health sector",
    "kesehatan bilateral",
    "kerja sama",
    "kerjasama",
    "cooperation",
}
FILLER = {
    "kesehatan",
    "health",
    "bilateral",
    "kerja",
    "sama",
    "kerjasama",
    "dengan",
    "with",
    "antara",
    "between",
    "dan",
    "and",
    "indonesia",
    "ri",
}
MAX_WORDS = 12
# A cue followed closely by a more specific one ("focusing on areas of cooperation such as"):
# the later one opens the list.
CLOSE = 45


@dataclass
class Area:
    phrase: str
    code: str | None
    start: int


def _split_outside_brackets(enumeration: str) -> list[str]:
    """SPLIT, except inside brackets: "VTDs (vaccine, therapy and diagnostics tools)" is one."""
    hidden = re.sub(r"\([^()]*\)", lambda m: m.group(0).replace(",", "\0"), enumeration)
    return [p.replace("\0", ",") for p in SPLIT.split(hidden) if p is not None]


def _chunks(enumeration: str) -> list[str]:
    if INLINE_NUMBER.search(enumeration):
        # "(1) A, including B; (2) C": the numbers and semicolons separate, commas do not.
        parts = list(re.split(r"\s*;\s*(?:dan\s+|and\s+)?", INLINE_NUMBER.sub("", enumeration)))
    else:
        parts = [p for p in _split_outside_brackets(enumeration) if p and p.strip()]
    # "… pengembangan teknologi kesehatan dan pembiayaan kesehatan": an "and" between two
    # phrases that each start with a noun of action is a list, not one phrase.
    # "…, termasuk X" / "…, including X" belongs to the item before it.
    merged: list[str] = []
    for part in parts:
        if merged and re.match(r"\s*(?:termasuk|including|khususnya|such as)\b", part, re.I):
            merged[-1] += ", " + part.strip()
        else:
            merged.append(part)
    out: list[str] = []
    for part in merged:
        if re.match(r"\s*\w+\s+(?:dan|and)\s", part):  # "penelitian dan pengembangan …"
            out.append(part)
            continue
        pieces = re.split(
            r"\s+(?:dan|and)\s+(?=(?:pengembangan|peningkatan|penguatan|pembiayaan|"
            r"pemanfaatan|percepatan|pencegahan|penanganan|pertukaran|pelayanan)\b)",
            part,
        )
        out.extend(pieces)
    return out


TITLED = r"[A-Z][\w-]*(?:\s+[A-Z][\w-]*){1,3}"
TITLED_PAIR = re.compile(rf"({TITLED})\s+(?:dan|and)\s+({TITLED})")


# "kerja sama sister hospital … dalam bidang X": the area is what follows "dalam bidang".
FIELD_INSIDE = re.compile(
    r"^.*?\b(?:dalam bidang|di bidang|kerja ?sama bidang|terkait|mengenai|in the field of)\s+|"
    r"^kesehatan (?:dalam|dengan)\s+",
    re.I,
)


def _clean(chunk: str) -> str:
    chunk = re.sub(r"\s+", " ", chunk).strip(" .:;,“”\"'()")
    chunk = FIELD_INSIDE.sub("", chunk)
    chunk = STOP_AFTER.sub("", chunk)
    for _ in range(3):
        chunk = LEADING.sub("", chunk).strip()
    chunk = TRAILING.sub("", chunk).strip(" .:;,")
    return chunk


def _plausible(chunk: str) -> bool:
    words = chunk.split()
    if not 1 <= len(words) <= MAX_WORDS or len(chunk) < 4:
        return False
    if chunk.lower() in GENERIC or SAID.search(chunk) or dates.find_dates(chunk):
        return False
    # "memajukan", "mengembangkan": a verb left alone by a clause, not a field.
    if len(words) == 1 and re.fullmatch(r"(?:me|ber|di)\w+(?:kan|i)", chunk, re.IGNORECASE):
        return False
    # "dengan Sudan", "kesehatan Indonesia-Kazakhstan": counterparts, not areas.
    rest = re.findall(r"\w+", gazetteer.country_pattern().sub(" ", chunk).lower())
    if len(rest) < len(re.findall(r"\w+", chunk)) and (len(rest) <= 1 or set(rest) <= FILLER):
        return False
    # "tantangannya": a possessive, not a field.
    if any(len(w) > 6 and w.lower().endswith("nya") for w in words):
        return False
    if chunk in gazetteer.country_names() or re.fullmatch(r"[\d\s.,%$]+", chunk):
        return False
    # The name of a document, a clause of reason: not a field.
    if re.search(r"\b(?:MoU|Minutes|Agreement|Memorandum|Perjanjian|Nota)\b", chunk) or re.match(
        r"(?:due to|because|karena)\b", chunk, re.I
    ):
        return False
    # A programme with its years, a clause opening with a preposition: not a field.
    if re.search(r"\b(?:19|20)\d{2}\b", chunk) or re.match(
        r"(?:dengan|with|antara|between|untuk|for|di|in|at|ke|to|from|dari)\b", chunk, re.I
    ):
        return False
    # Items that are organisations or people ("PT …", "Dr …") are not areas.
    return not re.match(r"^(?:PT|Dr|Prof|Menteri|Minister)\b", chunk)


def areas(text: str) -> list[Area]:
    """Cooperation areas as phrases written in the text, each at most once."""
    found: list[Area] = []
    consumed: list[tuple[int, int]] = []

    def inside(pos: int) -> bool:
        return any(a <= pos < b for a, b in consumed)

    def add(segment: str, offset: int) -> None:
        for chunk in _chunks(segment):
            phrase = _clean(chunk)
            names = TITLED_PAIR.fullmatch(phrase)
            # "di bidang Robotic Surgery dan Organ Transplantation": two fields by their names.
            for item in names.groups() if names else [phrase]:
                if _plausible(item):
                    at = segment.find(item if names else chunk)
                    found.append(Area(item, None, offset + max(0, at)))

    # The title is in Title Case and names the story, not a list: start after it.
    body = text.find("\n", len(text) - len(text.lstrip())) + 1 if "\n" in text.strip() else 0
    cues = [m for m in CUE.finditer(text, body) if text[max(0, m.start() - 1) : m.start()] != "("]
    cues = sorted(cues + list(MONEY_FOR.finditer(text, body)), key=lambda m: m.start())
    for index, m in enumerate(cues):
        if inside(m.start()):
            continue
        stop = _segment_end(text, m.end())
        later = cues[index + 1] if index + 1 < len(cues) else None
        if (
            later is not None
            and later.start() < stop
            and later.start() - m.end() <= CLOSE
            and "," not in text[m.end() : later.start()]  # not when the list has begun
        ):
            continue
        consumed.append((m.start(), stop))
        add(text[m.end() : stop], m.end())
    ordinals = list(ORDINAL.finditer(text))
    if len({o.group(1) for o in ordinals}) >= 2:  # an enumeration, not "Kedua pihak"
        for o in ordinals:
            if not inside(o.start(2)):
                add(o.group(2), o.start(2))
    for m in NUMBERED.finditer(text):
        item = re.sub(r"\s*\(.*$", "", m.group(1))  # "Exchange of information on X (details)"
        phrase = _clean(item)
        if _plausible(phrase):
            found.append(Area(phrase, None, m.start(1)))
    for start, segment in _nominal_lists(text):
        if not inside(start):
            add(segment, start)
    found.extend(_named_fields(text, body, found, consumed))
    seen: set[str] = set()
    out: list[Area] = []
    for area in sorted(found, key=lambda a: a.start):
        key = area.phrase.lower()
        if key in seen:
            continue
        seen.add(key)
        area.code = taxonomy_code(area.phrase)
        out.append(area)
    return out


def _segment_end(text: str, start: int) -> int:
    """Where an enumeration ends: the sentence's stop, a line break or a closing quote."""
    stops = [text.find(c, start) for c in (".", "\n", "”", '"')]
    stops = [s for s in stops if s != -1]
    return min(stops) if stops else len(text)


NOMINAL_INSIDE = re.compile(r"\b(?:pe[nmr]?|peng|peny|ke)\w{3,}an\b", re.IGNORECASE)


def _nominal_lists(text: str) -> list[tuple[int, str]]:
    """Lists with no cue word: three or more comma-separated phrases opening with a noun of
    action ("… dalam penguatan …, peningkatan …, serta pengembangan …")."""
    out = []
    for sentence in re.finditer(r"[^.\n]+", text):
        parts = [p.strip() for p in SPLIT.split(sentence.group(0))]
        if sum(bool(NOMINAL.match(p)) for p in parts) < 3:
            continue
        # The list opens at the first noun of action, possibly inside the first part.
        opener = NOMINAL_INSIDE.search(sentence.group(0))
        if opener is not None:
            out.append((sentence.start() + opener.start(), sentence.group(0)[opener.start() :]))
    return out


@cache
def _taxonomy_terms() -> list[tuple[str, str]]:
    """(code, stemmed term) for every label and keyword of the taxonomy, both languages."""
    return [(code, _normal(term)) for code, term, _is_label in _taxonomy_words(TAXONOMY)]


def _taxonomy_words(nodes: list) -> list[tuple[str, str, bool]]:  # type: ignore[type-arg]
    """(code, term, whether it is a label) for every label and keyword, in taxonomy order."""
    out = []
    for code, label_id, label_en, kw_id, kw_en, _dac, children in nodes:
        out += [(code, term, True) for term in (label_id, label_en)]
        out += [(code, t.strip(), False) for t in (kw_id + "," + kw_en).split(",") if t.strip()]
        out += _taxonomy_words(children)
    return out


def taxonomy_code(phrase: str) -> str | None:
    """The taxonomy area whose label or keyword best matches the phrase, if one matches well."""
    # rapidfuzz's loop in C; of equal scores the first term wins, as in the taxonomy's order.
    best = process.extractOne(
        _normal(phrase), _term_texts(), scorer=fuzz.token_set_ratio, score_cutoff=75
    )
    return _taxonomy_terms()[best[2]][0] if best else None


def _normal(phrase: str) -> str:
    """Indonesian words by their Sastrawi stems, English ones in the singular and British
    spelling: "routine immunization programmes" meets the keyword "immunisation"."""
    return " ".join(
        _singular(word.replace("ization", "isation")) for word in stemming.stem_text(phrase).split()
    )


@cache
def _term_texts() -> list[str]:
    return [term for _code, term in _taxonomy_terms()]


# Fields that news names on their own, outside any list ("support for tuberculosis", "transfer
# teknologi dari …"): besides the taxonomy's own keywords, the common names of fields of health
# cooperation in both languages.
TOPICS = (
    "transfer teknologi, alih teknologi, technology transfer, transfer of technology, "
    "resistensi antimikroba, antimicrobial resistance, sister hospital, transplantasi organ, "
    "organ transplantation, robotic surgery, bedah robotik, diplomasi kesehatan, "
    "health diplomacy, tuberkulosis, tuberculosis, "
    "penyakit menular, penyakit tidak menular, "
    "kesiapsiagaan bencana, penanggulangan bencana, disaster preparedness, disaster management, "
    "genomik, genomic, sekuensing, sequencing, vaksinasi, vaccination, immunization, "
    "immunisation, imunisasi, vaksin, vaccine, bioteknologi, biotechnology, stunting, "
    "kesehatan jiwa, mental health, lansia, elderly care, kanker, cancer, diagnostik, "
    "diagnostics, pengawasan obat, obat tradisional, telemedicine, telemedisin, "
    "sumber daya manusia kesehatan, tenaga kesehatan, health workers, healthcare workers, "
    "pelayanan kesehatan, health services, kerja sama ekonomi, "
    "economic cooperation, industri farmasi, pharmaceutical industry, alat kesehatan, "
    "medical devices, kesehatan digital, digital health"
)
# Taxonomy keywords too general to name a field when they stand alone ("obat", "training",
# "emergency"): they count inside an enumeration, not on their own.
GENERAL = {
    "obat",
    "pendidikan",
    "standar",
    "response",
    "production",
    "research",
    "education",
    "training",
    "rumah sakit",
    "hospitals",
    "dokter",
    "emergency",
    "impor",
    "import",
    "export",
    "governance",
    "pelatihan",
    "penelitian",
    "riset",
    "regulasi",
    "regulation",
    "registration",
    "regulatory",
    "standards",
    "crisis",
    "preparedness",
    "kedaruratan",
    "perawat",
    "nurses",
    "doctors",
    "herbal",
    "outreach",
    "HIV",
    "jantung",
    "tata kelola",
    "respons darurat",
    "farmasi",
    "bencana",
    "disaster",
    "pandemi",
    "pandemic",
    "wabah",
    "outbreak",
}


@cache
def _field_terms() -> dict[str, list[tuple[str, ...]]]:
    """The terms by their first word (lower case), longest first: a word-by-word look-up costs
    a tenth of one regular expression of 150 alternatives."""
    terms = {term for _code, term, is_label in _taxonomy_words(TAXONOMY) if not is_label}
    terms.update(t.strip() for t in TOPICS.split(","))
    out: dict[str, list[tuple[str, ...]]] = {}
    for term in terms - GENERAL - {""}:
        words = tuple(_singular(word) for word in term.lower().split())
        out.setdefault(words[0], []).append(words)
    for entries in out.values():
        entries.sort(key=len, reverse=True)
    return out


def _singular(word: str) -> str:
    """ "vaccines" → "vaccine", "diseases" → "disease", "programmes" → "programme"."""
    return word[:-1] if len(word) > 4 and word.endswith("s") else word


# A sentence about cooperation: where a field named on its own is a field of cooperation.
COOPERATING = re.compile(
    r"\bkerja ?sama|\bbekerja ?sama|\bkolaborasi|\bkemitraan|\bcooperat|\bcollaborat|"
    r"\bpartnership|\bMoU\b|\bsepakat|\bagreed?\b|\bprogram|\bproyek|\bproject|\bsupports?\b|"
    r"\bmendukung|\bdukungan|\bbidang|\bfields?\b|\bareas?\b",
    re.IGNORECASE,
)
CAPITAL = re.compile(r"[A-Z]\w*")


def _inside_name(text: str, start: int, end: int) -> bool:
    """ "Global Health Security Agenda", "Director General of Pharmaceuticals": a term that is
    part of a longer capitalised name names the body, not a field."""
    if not text[start].isupper():
        return False
    before = re.search(r"(\w+)\s+(?:(?:of|on|for|the)\s+)?$", text[max(0, start - 40) : start])
    after = re.match(r"\s+(\w+)", text[end : end + 40])
    return bool(
        (before and CAPITAL.fullmatch(before.group(1)))
        or (after and CAPITAL.fullmatch(after.group(1)))
    )


def _named_fields(
    text: str, body: int, found: list[Area], lists: list[tuple[int, int]]
) -> list[Area]:
    taken = " ".join(a.phrase.lower() for a in found)
    terms = _field_terms()
    out: list[Area] = []
    for sentence in re.finditer(r"[^.\n]+", text[body:]):
        if not COOPERATING.search(sentence.group(0)):
            continue
        offset = body + sentence.start()
        words = list(WORD.finditer(sentence.group(0)))
        lower = [_singular(w.group(0).lower()) for w in words]
        i = 0
        while i < len(words):
            match = next(
                (
                    term
                    for term in terms.get(lower[i], ())
                    if tuple(lower[i : i + len(term)]) == term
                ),
                None,
            )
            if match is None:
                i += 1
                continue
            first, last = words[i], words[i + len(match) - 1]
            i += len(match)
            start, end = offset + first.start(), offset + last.end()
            phrase = text[start:end]
            if (
                phrase.lower() in taken
                or any(a <= start < b for a, b in lists)
                or _inside_name(text, start, end)
            ):
                continue
            taken += " " + phrase.lower()
            start, end = _widen(text, start, end)
            previous = out[-1] if out else None
            if previous is not None and COORDINATED.fullmatch(
                text[previous.start + len(previous.phrase) : start]
            ):
                # "industri farmasi dan alat kesehatan", "produksi obat-obatan, termasuk vaksin
                # halal": fields joined in one phrase name one area.
                previous.phrase = text[previous.start : end]
                continue
            out.append(Area(text[start:end], None, start))
    return out


COORDINATED = re.compile(
    r"[\w-]*(?:\s*\([^()]{0,60}\))?\s*,?\s*(?:dan|and|termasuk|including)\s+(?:\w+\s+)?",
    re.IGNORECASE,
)


# Words that never belong to the name of a field: function words and verbs of both languages.
NOT_OF_A_FIELD = re.compile(
    r"(?:dan|serta|atau|di|ke|dari|yang|untuk|dengan|dalam|pada|bagi|oleh|secara|ini|itu|juga|agar|sama|"
    r"proyek|program|kerjasama|sektor|bidang|"
    r"akan|telah|sudah|adalah|merupakan|seperti|antara|khususnya|termasuk|"
    r"the|a|an|and|or|of|for|in|on|at|to|with|by|from|as|its|their|this|that|these|those|"
    r"is|are|was|were|be|been|has|have|had|will|would|can|could|also|such|including|"
    r"\w+(?:ed|ly))",
    re.IGNORECASE,
)
# Heads that a field's name takes after it in English ("immunization programs").
ENGLISH_HEAD = re.compile(
    r"(?:programs?|programmes?|production|tools|services|development|surveillance|control|"
    r"systems?|industry|sector|research|management|prevention|treatment|care|manufacturing)",
    re.IGNORECASE,
)
# An Indonesian noun of action or state that heads a field before it ("cakupan vaksinasi").
INDONESIAN_HEAD = re.compile(r"\w{3,}an", re.IGNORECASE)
# Indonesian verbs by their affixes, English ones by their endings: not part of a field's name.
VERB = re.compile(r"(?:me|ber|di|ter|se)\w+|\w+(?:kan|ing|ed|ize|ise|ve)", re.IGNORECASE)
# "routine", "halal", "cost-effective": English adjectives by their endings.
ADJECTIVE = re.compile(r"[a-z-]+(?:al|ic|ine|ive|ary)")


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """The term with the word before and after it that make it the name of a field: "vaksin
    PCV", "cakupan vaksinasi", "routine immunization programs"."""
    before = re.search(r"([\w-]+)[ \t]+$", text[max(0, start - 40) : start])
    after = re.match(r"[ \t]+([\w-]+)", text[end : end + 40])
    if before and not NOT_OF_A_FIELD.fullmatch(before.group(1)):
        word = before.group(1)
        head = INDONESIAN_HEAD.fullmatch(word) and not VERB.fullmatch(word)
        if head or ADJECTIVE.fullmatch(word):
            start -= len(before.group(0))
    if after and not NOT_OF_A_FIELD.fullmatch(after.group(1)):
        word = after.group(1)
        modifier = word.islower() and text[start].islower() and not VERB.fullmatch(word)
        if ENGLISH_HEAD.fullmatch(word) or (word.isupper() and len(word) <= 5) or modifier:
            end += len(after.group(0))
    return start, end
