"""Partners and people found in a text, with the place each was written."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mitra.intake import gazetteer
from mitra.intake.text import Sentence


@dataclass
class PartnerMention:
    name: str
    type: str
    iso3: str | None
    start: int
    end: int
    canonical: str = ""

    @property
    def key(self) -> str:
        if self.type == "country" and self.iso3:
            return self.iso3
        return (self.canonical or self.name).lower()


# "di Astana, Kazakhstan" / "in New Delhi, India": a place, not a partner.
LOCATION_BEFORE = re.compile(r"\b(?:di|in|at)\s+(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*,\s*$")
# "Duta Besar India untuk Indonesia dan Timor Leste": the ambassador's other accreditation.
ACCREDITATION_BEFORE = re.compile(
    r"(?:Duta Besar|Dubes|Ambassador)\b[^.\n]{0,60}\b(?:untuk|to)\s+[A-Z][\w -]{1,40}?\s+(?:dan|and)\s+$"
)
# "a visit to the Apollo Hospital", "mengunjungi RS …", "held at the … University": a venue.
VISITED_BEFORE = re.compile(
    r"\b(?:visit(?:ed|ing|s)?(?: to)?|tour(?:ed)? of|held at|at|in|mengunjungi|berkunjung ke|"
    r"kunjungan ke|meninjau|di)\s+(?:the\s+)?$",
    re.I,
)
ABBREVIATION_AFTER = re.compile(r"^\s*\(([A-Z]{2,8})\)")
COMPANY = re.compile(r"\bPT\.?\s+(?:[A-Z][\w&.'-]*\s?){1,5}(?:\([^)\n]{2,30}\))?")
INSTITUTION = re.compile(
    r"\b(?:[A-Z][\w&.'-]+\s+){1,5}"
    r"(?P<tail>University Hospital|Hospital|University|Foundation|College)"
    r"(?:\s+of\s+[A-Z][\w-]+)?(?:\s*\([A-Z]{2,8}\))?"
)
INSTITUTION_TYPES = {
    "University Hospital": "academic",
    "University": "academic",
    "College": "academic",
    "Hospital": "private",
    "Foundation": "ngo",
}


# "kerja sama sister hospital": a kind of cooperation, not an institution.
SISTER = re.compile(r"\b(?:Sister|Kerja Sama|Kerjasama)\s+Hospital\b", re.I)
# "kerja sama antara Kimia Farma dan Tae-chang Korean Pharmaceutical Company": both sides of
# an "antara … dengan/dan …" are parties; the names are the capitalised runs.
_NAME_RUN = r"([A-Z][\w&'-]*(?:[ \t]+(?:[A-Z][\w&'-]*|of|for|and|&))*(?<!\band)(?<!\bof)(?<!\bfor))"
BETWEEN = re.compile(r"\bantara[ \t]+" + _NAME_RUN + r"[ \t]+(?:dengan|dan|and)[ \t]+" + _NAME_RUN)
HOME_BODY = re.compile(
    r"^(?:Kementerian|Kemenkes|Kemkes|Pemerintah|Republik|Indonesia|RI\b|KBRI|BPOM|Badan|"
    r"Dinas|Direktorat|Ditjen|Biro|Pusat|Sekretariat|Bappenas|Menteri|Menkes|Presiden|Kota|"
    r"Provinsi|Pemprov|Pemkot|Pemkab|Kabupaten|Balai|Poltekkes|RS\b|RSU|RSPAD|Rumah Sakit|"
    r"Universitas Indonesia)",
)
PRIVATE_WORDS = re.compile(
    r"\b(?:Farma|Pharma\w*|Biotech\w*|Company|Corp\w*|Ltd|Inc|Group|Industries|Medika)\b"
)


def _between(text: str, known: list[PartnerMention]) -> list[PartnerMention]:
    """Parties named on either side of "antara … dengan …" that no list knows."""
    out = []
    for m in BETWEEN.finditer(text):
        for group in (1, 2):
            name, start, end = m.group(group), m.start(group), m.end(group)
            if HOME_BODY.match(name) or any(p.start < end and start < p.end for p in known):
                continue
            if not PRIVATE_WORDS.search(name) and len(name.split()) < 2:
                continue
            kind = "academic" if re.search(r"\bUniversit", name) else "private"
            out.append(PartnerMention(name, kind, None, start, end))
    return out


def partners(text: str) -> list[PartnerMention]:
    """Every mention of a counterpart: countries (not Indonesia), organisations, companies."""
    mentions: list[PartnerMention] = []
    names = gazetteer.country_names()
    for m in gazetteer.country_pattern().finditer(text):
        iso3 = names[m.group(1)]
        if iso3 == gazetteer.HOME:
            continue
        before = text[max(0, m.start() - 120) : m.start()]
        if LOCATION_BEFORE.search(before) or ACCREDITATION_BEFORE.search(before):
            continue
        end = m.end()
        written = m.group(1)
        abbreviation = ABBREVIATION_AFTER.match(text[end : end + 12])
        if abbreviation and names.get(abbreviation.group(1)) == iso3:
            written += abbreviation.group(0)
            end += len(abbreviation.group(0))
        mentions.append(PartnerMention(written.strip(), "country", iso3, m.start(), end))
    pattern, by_alias = gazetteer.organisation_pattern()
    for m in pattern.finditer(text):
        org = by_alias[m.group(1)]
        written, end = m.group(1), m.end()
        abbreviation = ABBREVIATION_AFTER.match(text[end : end + 12])
        if abbreviation and abbreviation.group(1) in org.aliases:
            written += abbreviation.group(0)
            end += len(abbreviation.group(0))
        mentions.append(PartnerMention(written, org.kind, org.iso3, m.start(), end, org.name))
    for m in COMPANY.finditer(text):
        mentions.append(PartnerMention(m.group(0).strip(" ,"), "private", None, m.start(), m.end()))
    for m in INSTITUTION.finditer(text):
        name = m.group(0).strip()
        # Drop leading words that only introduce the name ("Dengan Seoul National…").
        name = re.sub(r"^(?:The|Dengan|Dan|And|With|Between|Antara|Serta)\s+", "", name)
        if VISITED_BEFORE.search(text[max(0, m.start() - 40) : m.start()]):
            continue  # a place visited or named as a venue is mentioned, not a counterpart
        kind = "academic" if "University Hospital" in name else INSTITUTION_TYPES[m.group("tail")]
        mentions.append(PartnerMention(name, kind, None, m.start(), m.end()))
    mentions = [p for p in mentions if not SISTER.search(p.name)]
    mentions += _between(text, mentions)
    mentions.sort(key=lambda p: (p.start, -(p.end - p.start)))
    # A mention inside a longer one (India inside "Serum Institute of India") is the longer one's.
    kept: list[PartnerMention] = []
    for p in mentions:
        if kept and p.start < kept[-1].end and p.type != "country":
            continue
        if kept and p.start < kept[-1].end and kept[-1].type != "country":
            continue
        kept.append(p)
    return kept


def distinct(mentions: list[PartnerMention]) -> list[PartnerMention]:
    """One entry per partner, in order of first mention, under its fullest written name
    ("World Health Organization (WHO)" rather than "WHO")."""
    seen: dict[str, PartnerMention] = {}
    for p in mentions:
        first = seen.get(p.key)
        if first is None:
            seen[p.key] = p
        elif len(p.name) > len(first.name):
            seen[p.key] = PartnerMention(
                p.name, p.type, p.iso3, first.start, first.end, p.canonical
            )
    return list(seen.values())


# People ------------------------------------------------------------------------------------

ROLE_HEAD = re.compile(
    r"\b(?:Wakil\s+Menteri|Menteri|Menkes|Wamenkes|Sekretaris\s+Jenderal|Sekjen|"
    r"Direktur\s+Jenderal|Dirjen|Direktur\s+Utama|Direktur|Kepala|Duta\s+Besar|Dubes|"
    r"Wakil\s+Presiden|Presiden|Pelaksana\s+Tugas\s+Harian|Plt\.?|Ketua\s+Umum|Ketua|Gubernur|"
    r"Permanent\s+Secretary|Deputy\s+Minister|Vice\s+Minister|Health\s+Minister|Minister|"
    r"Vice\s+President|President|Ambassador|Director\s+General|Director|"
    r"Parliamentary\s+Under\s+Secretary|Under\s+Secretary|Secretary[- ]General|Secretary|"
    r"Chairman|Chief\s+Executive|Country\s+Representative|Representative|"
    r"Managing\s+Director|Country\s+Director|Deputy\s+Chief\s+of\s+Mission|Governor|"
    r"Advis[oe]r|Penasihat|Spokes(?:person|man|woman)|Juru\s+Bicara|Anggota\s+Dewan|"
    r"Sekretaris\s+Daerah|Kadis|Wali\s*[Kk]ota|Bupati|Rektor|Rector|Dekan|Dean)\b"
)
REGIONAL = re.compile(r"Gubernur|Bupati|Wali\s*[Kk]ota")
REGION_AFTER = re.compile(r"[ \t]+[A-Z][\w-]+(?:[ \t]+(?:Selatan|Utara|Barat|Timur|Tengah|Raya))?")
# "Indonesian President", "Sudanese Minister of Health": the nationality is part of the role.
NATIONALITY_BEFORE = re.compile(r"(?<![.\n])\s\b([A-Z][a-z]+(?:ian|ese|ish)|[A-Z][a-z]+[’']s)\s+$")
# Capitalised words that belong to a role or an institution, not to a name.
ROLE_WORDS = {
    "kesehatan",
    "kementerian",
    "republik",
    "indonesia",
    "ri",
    "masyarakat",
    "jenderal",
    "sekretaris",
    "direktur",
    "kesejahteraan",
    "luar",
    "negeri",
    "urusan",
    "health",
    "ministry",
    "affairs",
    "external",
    "foreign",
    "state",
    "department",
    "social",
    "care",
    "secretary",
    "under",
    "parliamentary",
    "general",
    "kemenkes",
    "kemkes",
    "biro",
    "komunikasi",
    "pelayanan",
    "pharmaceuticals",
    "equipment",
    "indonesian",
    "delegasi",
    "ketua",
    "umum",
    "harian",
    "tugas",
    "pelaksana",
    "wakil",
    "besar",
    "duta",
    "plt",
    "kepala",
    "permanent",
    "deputy",
    "minister",
    "menteri",
    "republic",
    "rakyat",
    "people's",
    "dalam",
    "pertahanan",
    "perdagangan",
    "investasi",
    "koordinator",
    "bidang",
    "kemaritiman",
    "pencegahan",
    "pengendalian",
    "penyakit",
    "promosi",
    "gizi",
    "ibu",
    "anak",
    "pemberdayaan",
    "kefarmasian",
    "alat",
    "farmasi",
    "pembangunan",
    "perencanaan",
    "hukum",
    "humas",
    "staf",
    "ahli",
    "presiden",
    "president",
    "vice",
    "ambassador",
    "director",
    "kadin",
    "pt",
    "persero",
    "tbk",
    "embassy",
    "kedutaan",
    "perempuan",
    "industri",
    "kecil",
    "menengah",
    "usaha",
    "pengembangan",
    "sumber",
    "daya",
    "manusia",
    "medical",
    "services",
    "human",
    "resources",
    "development",
    "national",
    "nasional",
    "badan",
    "lembaga",
    "agency",
    "board",
    "council",
    "dewan",
    "eselon",
    "organisasi",
    "world",
    "organization",
    "center",
    "centre",
    "fund",
    "bank",
    "kesmas",
    "yankes",
    "farmalkes",
    "p2p",
    "bppsdmk",
    "ditjen",
    # Words of the ministry's directorate names ("Direktur Usia Produktif dan Lansia").
    "usia",
    "produktif",
    "lansia",
    "tradisional",
    "primer",
    "rujukan",
    "lingkungan",
    "kerja",
    "olahraga",
    "jiwa",
    "menular",
    "vektor",
    "zoonotik",
    "imunisasi",
    "surveilans",
    "karantina",
    "obat",
    "mutu",
    "akreditasi",
    "fasilitas",
    "tenaga",
    "pendidikan",
    "pelatihan",
    "pendayagunaan",
    "sekretariat",
    "inspektorat",
    "registrasi",
    "produksi",
    "distribusi",
    "keluarga",
    "reproduksi",
    "pangan",
    "makanan",
    "menkes",
    "sekjen",
    "dirjen",
    "dubes",
    "wamenkes",
    "korsel",
    "negara",
    "daerah",
    "kota",
    "provinsi",
    "dinas",
    "rsud",
    "rsup",
    "kantor",
    "bisnis",
    "anggota",
    "pusat",
    "data",
    "informasi",
    "welfare",
    "family",
    "food",
    "safety",
    "standards",
    "authority",
    "drugs",
    "research",
}
NAME_TOKEN = re.compile(r"[A-Z](?:[^\W\d_]|['’-])+|[A-Z]\.|(?:bin|binti|van|de|da|al|el)\b")
CONNECTORS = {"dan", "untuk", "serta", "of", "the", "at", "for", "and", "di", "bidang", "&", "in"}


@dataclass
class Person:
    name: str
    role: str
    start: int


def _clean_name(raw: str) -> str:
    name = gazetteer.HONORIFICS.sub("", raw.strip(" ,.;:"))
    name = gazetteer.DEGREES.sub("", name).strip(" ,.;:")
    name = re.sub(r"[’']s$", "", name)  # "Joko Widodo's visit"
    return re.sub(r"\s+", " ", name)


def _is_role_word(token: str) -> bool:
    bare = token.strip("(),.").lower()
    return (
        bare in ROLE_WORDS
        or bare in CONNECTORS
        or (len(token.strip("(),.")) > 1 and token.strip("(),.").isupper())  # RI, RRT, DHSC
        or token.strip("(),.") in gazetteer.country_names()
    )


def _read_name(text: str, pos: int) -> tuple[str, int]:
    """A personal name starting at pos (after an optional honorific), and where it ends."""
    rest = text[pos:]
    honorific = gazetteer.HONORIFICS.match(rest)
    offset = honorific.end() if honorific else 0
    tokens: list[str] = []
    i = offset
    while len(tokens) < 6:
        m = NAME_TOKEN.match(rest, i)
        if not m:
            break
        token = m.group(0)
        if not tokens and _is_role_word(token):
            break
        tokens.append(token)
        i = m.end()
        space = re.match(r"[ \t]+", rest[i:])
        if not space:
            break
        i += space.end()
    name = _clean_name(" ".join(tokens))
    return (name, pos + i) if name else ("", pos)


# "RS Prof. Ngoerah", "Gedung dr. Adhyatma": a building or hospital named after a person.
PLACE_BEFORE = re.compile(r"\b(?:RS|RSU|RSUP|RSUD|RSPAD|Rumah Sakit|Gedung|Jalan|Jl\.?)\s*$")


def _name_is_plausible(name: str, honorific: bool) -> bool:
    words = name.split()
    if not words or any(w.lower().strip(".") in ROLE_WORDS for w in words[-1:]):
        return False
    if gazetteer.country_pattern().fullmatch(name) or any(
        w in gazetteer.country_names() for w in (name, words[0])
    ):
        return False
    if len(words) == 1:
        return honorific and len(words[0]) >= 4
    return True


def people(text: str, sentences: list[Sentence]) -> list[Person]:
    """People with their role titles: "Role, Name", "Role Name", "H.E. Name", "Name, the Role"."""
    found: list[Person] = []
    # Titles are written in Title Case: every word looks like a name there.
    title_end = text.find("\n", text.find(text.strip()[:1])) if text.strip() else 0
    for m in ROLE_HEAD.finditer(text):
        if m.start() < title_end:
            continue
        # The role runs over role words and connectors, across one comma-free stretch.
        i = m.end()
        while True:
            token = re.match(r"[ \t]+(\(?[\w'’.&-]+\)?)", text[i:])
            if not token or not _is_role_word(token.group(1)):
                break
            if token.group(1)[0].islower() and token.group(1) not in CONNECTORS:
                break
            i += token.end()
        region = REGION_AFTER.match(text, i) if REGIONAL.match(m.group(0)) else None
        if region:  # "Gubernur Bali Made Mangku Pastika": the province belongs to the role
            i = region.end()
        role = text[m.start() : i].strip()
        while role.split()[-1].lower() in CONNECTORS:
            role = role.rsplit(" ", 1)[0]
        gap = re.match(r"[ \t]*(?:,[ \t]*|\n[ \t]*)?", text[i:])
        start = i + (gap.end() if gap else 0)
        honorific = bool(gazetteer.HONORIFICS.match(text[start:]))
        name, end = _read_name(text, start)
        direct = not (gap and gap.group(0).strip()) and not honorific
        later = _name_after_comma(text, m.start(), start if not name else end)
        if later is not None and name and direct and text[end : end + 1] == ",":
            # "Direktur Pengembangan Bisnis Bio Farma, Yuliana Indriati": what looked like a
            # name was the end of the role; the role runs across commas to the name.
            role, name = later
            honorific = True
        elif later is not None and not (
            name and _name_is_plausible(name, honorific or "\n" in (gap.group(0) if gap else ""))
        ):
            # "Deputy Minister for Planning and Coordination, Ministry of …, Mr. Ganglip Kim".
            role, name = later
            honorific = True
        head = NATIONALITY_BEFORE.search(text[max(0, m.start() - 30) : m.start()])
        if head:
            role = head.group(1) + " " + role
        if name and _name_is_plausible(name, honorific or "\n" in (gap.group(0) if gap else "")):
            found.append(Person(name, role, m.start()))
    # "Lord Bethell, the Parliamentary Under Secretary…" and "H.E. Mr. Kim Chang Beom".
    for m in re.finditer(r"\b(?:H\.E\.|Lord|Sir|Prof\.|Dr\.|dr\.|drg\.)\s", text):
        if m.start() < title_end or PLACE_BEFORE.search(text[max(0, m.start() - 20) : m.start()]):
            continue
        name, end = _read_name(text, m.start())
        if not _name_is_plausible(name, True):
            continue
        if m.group(0).startswith(("Lord", "Sir")):
            name = m.group(0).strip() + " " + name
        # "Lord Bethell, the Parliamentary …", "Dr. Widyawati, spokesperson for the Ministry …"
        after = re.match(r",\s*(the\s+)?([^,.;\n]{3,80})", text[end:])
        if after and not (
            after.group(1) or ROLE_HEAD.match(after.group(2)) or ROLE_AFTER.match(after.group(2))
        ):
            after = None
        role = after.group(2).strip() if after else _role_before(text, m.start(), sentences)
        found.append(Person(name, role, m.start()))
    return _distinct_people(found)


ROLE_AFTER = re.compile(r"(?:spokes(?:person|man|woman)|juru bicara|head of|kepala)\b", re.I)
# ", Mr. Yasuhisa Shiozaki": a name after a comma, after an optional honorific.
COMMA_NAME = re.compile(
    r",[ \t]*(?:(?:Mr|Ms|Mrs|Dr|dr|drg|Prof|H\.E|Honourable|Yang Mulia|Ibu|Bapak)\.?[ \t]+)?"
    r"((?:[A-Z](?:[^\W\d_]|['’.-])+)(?:[ \t]+[A-Z](?:[^\W\d_]|['’.-])*){1,4})"
    r"(?=[ \t]*[,.;()\n]|[ \t]+[a-z]|$)"
)


# A full stop that ends a sentence, not the one after "Mr" or an initial.
SENTENCE_STOP = re.compile(
    r"(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bDr)(?<!\bdr)(?<!\bdrg)(?<!\bProf)(?<![A-Z])\.(?=\s|$)|\n"
)


def _name_after_comma(text: str, head: int, pos: int) -> tuple[str, str] | None:
    """A role that runs over commas to the name: (role, name), within the sentence."""
    end = SENTENCE_STOP.search(text, pos + 1)
    stop = end.start() if end else len(text)
    window_end = min(stop, head + 200)
    another = ROLE_HEAD.search(text, pos + 1, window_end)
    if another is not None:
        window_end = another.start()
    for m in COMMA_NAME.finditer(text, pos, window_end):
        words = m.group(1).split()
        if any(_is_role_word(w) for w in words) or not _name_is_plausible(m.group(1), False):
            continue
        return re.sub(r"\s+", " ", text[head : m.start()]).strip(" ,"), _clean_name(m.group(1))
    return None


def _role_before(text: str, pos: int, sentences: list[Sentence]) -> str:
    sentence = next((s for s in sentences if s.start <= pos < s.end), None)
    if sentence is None:
        return ""
    roles = list(ROLE_HEAD.finditer(text, sentence.start, pos))
    if not roles:
        return ""
    head = roles[-1]
    tail = re.match(r"[^,\n]{0,80}", text[head.start() : pos])
    return tail.group(0).strip() if tail else ""


def _distinct_people(found: list[Person]) -> list[Person]:
    out: list[Person] = []
    for person in sorted(found, key=lambda p: p.start):
        key = person.name.lower()
        same = next((p for p in out if key in p.name.lower() or p.name.lower() in key), None)
        if same is None:
            out.append(person)
        elif len(person.name) > len(same.name):
            same.name = person.name
        if same is not None and not same.role and person.role:
            same.role = person.role
    return out
