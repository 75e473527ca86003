"""Names the extractor recognises: countries (ISO names in English and Indonesian, and the forms
Indonesian texts use), organisations, role titles. Hand-written lists are domain knowledge, not
fitted to any one text; they are listed here so they can be read and extended."""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import cache

import pycountry

# Forms of country names that ISO does not list but Indonesian and English news use.
EXTRA_COUNTRY_NAMES: dict[str, list[str]] = {
    "CHN": [
        "RRT",
        "Tiongkok",
        "Republik Rakyat Tiongkok",
        "Republik Rakyat China",
        "China",
        "Cina",
    ],
    "KOR": ["Korea Selatan", "Korsel", "South Korea", "Republic of Korea", "Korea"],
    "PRK": ["Korea Utara", "North Korea"],
    "SAU": ["Arab Saudi", "Saudi Arabia", "Saudi"],
    "GBR": ["UK", "Inggris", "Britania Raya", "United Kingdom", "Great Britain"],
    "USA": ["AS", "US", "USA", "Amerika Serikat", "Amerika", "United States"],
    "RUS": ["Rusia", "Russia"],
    "ARE": [
        "UEA",
        "UAE",
        "PEA",
        "Uni Emirat Arab",
        "Persatuan Emirat Arab",
        "United Arab Emirates",
        "Emirat Arab",
    ],
    "TLS": ["Timor Leste", "Timor-Leste", "East Timor"],
    "VNM": ["Viet Nam", "Vietnam"],
    "IRN": ["Iran"],
    "TUR": ["Turki", "Turkey", "Türkiye", "Turkiye"],
    "NLD": ["Belanda", "Netherlands", "the Netherlands"],
    "FRA": ["Prancis", "Perancis", "France"],
    "DEU": ["Jerman", "Germany"],
    "JPN": ["Jepang", "Japan"],
    "EGY": ["Mesir", "Egypt"],
    "SGP": ["Singapura", "Singapore"],
    "MYS": ["Malaysia"],
    "PHL": ["Filipina", "Philippines"],
    "THA": ["Thailand"],
    "KHM": ["Kamboja", "Cambodia"],
    "LAO": ["Laos"],
    "MMR": ["Myanmar"],
    "AUS": ["Australia"],
    "NZL": ["Selandia Baru", "New Zealand"],
    "IND": ["India"],
    "PAK": ["Pakistan"],
    "BGD": ["Bangladesh"],
    "CUB": ["Kuba", "Cuba"],
    "ZAF": ["Afrika Selatan", "South Africa"],
    "SDN": ["Sudan"],
    "CZE": ["Ceko", "Czech Republic", "Czechia"],
    "CHE": ["Swiss", "Switzerland"],
    "SWE": ["Swedia", "Sweden"],
    "NOR": ["Norwegia", "Norway"],
    "DNK": ["Denmark"],
    "FIN": ["Finlandia", "Finland"],
    "ITA": ["Italia", "Italy"],
    "ESP": ["Spanyol", "Spain"],
    "BRA": ["Brasil", "Brazil"],
    "MEX": ["Meksiko", "Mexico"],
    "CAN": ["Kanada", "Canada"],
}
# The Indonesian side, never a partner.
HOME = "IDN"
NOT_COUNTRIES = {"AS"}  # "AS" is also an English word; kept only upper-case (see _country_pattern)


@dataclass(frozen=True)
class Org:
    name: str
    kind: str  # the extraction format's partner type
    aliases: tuple[str, ...]
    iso3: str | None = None


ORGANISATIONS: list[Org] = [
    Org(
        "World Health Organization",
        "international_org",
        ("World Health Organization", "WHO", "Organisasi Kesehatan Dunia"),
    ),
    Org("UNICEF", "international_org", ("UNICEF", "United Nations Children's Fund")),
    Org("UNFPA", "international_org", ("UNFPA", "United Nations Population Fund")),
    Org("UNDP", "international_org", ("UNDP", "United Nations Development Programme")),
    Org("UNAIDS", "international_org", ("UNAIDS",)),
    Org("World Bank", "international_org", ("World Bank", "Bank Dunia")),
    Org("Asian Development Bank", "international_org", ("Asian Development Bank", "ADB")),
    Org("Islamic Development Bank", "international_org", ("Islamic Development Bank", "IsDB")),
    Org("Global Fund", "international_org", ("Global Fund", "The Global Fund")),
    Org("Gavi", "international_org", ("Gavi", "GAVI", "Vaccine Alliance")),
    Org("CEPI", "international_org", ("CEPI",)),
    Org("ASEAN", "international_org", ("ASEAN Secretariat", "Sekretariat ASEAN")),
    Org("USAID", "government_agency", ("USAID",), "USA"),
    Org("US CDC", "government_agency", ("CDC", "Centers for Disease Control"), "USA"),
    Org("JICA", "government_agency", ("JICA", "Japan International Cooperation Agency"), "JPN"),
    Org("KOICA", "government_agency", ("KOICA", "Korea International Cooperation Agency"), "KOR"),
    Org("GIZ", "government_agency", ("GIZ",), "DEU"),
    Org("DFAT", "government_agency", ("DFAT",), "AUS"),
    Org("Fleming Fund", "government_agency", ("Fleming Fund",), "GBR"),
    Org(
        "Bill & Melinda Gates Foundation",
        "ngo",
        ("Gates Foundation", "Bill & Melinda Gates Foundation", "Yayasan Bill & Melinda Gates"),
    ),
    Org("PATH", "ngo", ("PATH",)),
    Org("Wahana Visi Indonesia", "ngo", ("Wahana Visi",)),
    Org("Save the Children", "ngo", ("Save the Children",)),
    Org("Palang Merah", "ngo", ("Red Cross", "Palang Merah")),
    Org("Goethe-Institut", "ngo", ("Goethe-Institut", "Goethe Institut")),
    Org(
        "Kadin Indonesia",
        "private",
        (
            "Kamar Dagang dan Industri (Kadin) Indonesia",
            "Kamar Dagang dan Industri Indonesia",
            "Kadin Indonesia",
            "Kadin",
        ),
    ),
    Org("Bio Farma", "private", ("Bio Farma", "Biofarma")),
    Org(
        "Serum Institute of India",
        "private",
        ("Serum Institute of India (SII)", "Serum Institute of India"),
    ),
]

# Role titles (lower-case) that introduce a person; longest first when matching.
ROLE_HEADS = [
    "wakil menteri",
    "menteri",
    "menkes",
    "wamenkes",
    "sekretaris jenderal",
    "sekjen",
    "direktur jenderal",
    "dirjen",
    "direktur utama",
    "direktur",
    "kepala",
    "duta besar",
    "dubes",
    "presiden",
    "wakil presiden",
    "ketua umum",
    "ketua",
    "gubernur",
    "rektor",
    "pelaksana tugas harian",
    "plt",
    "permanent secretary",
    "staf ahli",
    "asisten deputi",
    "deputi",
    "koordinator",
    "minister",
    "deputy minister",
    "vice minister",
    "health minister",
    "president",
    "vice president",
    "ambassador",
    "director general",
    "director",
    "secretary general",
    "under secretary",
    "parliamentary under secretary",
    "secretary",
    "head",
    "chairman",
    "chair",
    "governor",
    "ceo",
    "chief executive",
    "representative",
    "country representative",
]
HONORIFICS = re.compile(
    r"^(?:(?:H\.E\.|HE|Yang Mulia|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|dr\.?|drg\.?|Prof\.?|Ir\.?|Drs\.?|"
    r"Lord|Sir|Lieut(?:enant)?\s+Gen(?:eral)?\s*(?:\(Ret\.?\))?|Jenderal|Letjen|Mayjen|"
    r"Brigjen|H\.|Hj\.)\s+)+"
)
DEGREES = re.compile(
    r"(?:,?\s+(?:MPH|MKM|M\.?Kes|MD|Ph\.?D|M\.?Sc|MSc|MBA|SH|S\.H\.|Sp\.[A-Z]+\(?K?\)?|"
    r"M\.?Epid|MARS|M\.?Si|SE|S\.E\.|FRCP|MM|M\.M\.))+\.?$"
)


@cache
def country_names() -> dict[str, str]:
    """Every recognised country name (as it may be written) → ISO alpha-3."""
    translate = gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=["id"], fallback=True
    ).gettext
    names: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_3
        for name in (
            country.name,
            getattr(country, "common_name", None),
            getattr(country, "official_name", None),
            translate(country.name),
        ):
            # Skip the "Korea, Republic of" style: texts never write a country so.
            if name and "," not in name and "(" not in name:
                names.setdefault(name, code)
    for code, forms in EXTRA_COUNTRY_NAMES.items():
        for form in forms:
            names[form] = code
    for name in [n for n, c in names.items() if c == HOME]:
        names[name] = HOME
    return names


@cache
def country_pattern() -> re.Pattern[str]:
    """One regex for all country names, longest first, on word boundaries.

    Short upper-case abbreviations (RRT, UK, AS, UEA) must match case-sensitively; the rest
    match with their first letter upper-case, as names are written.
    """
    names = sorted(country_names(), key=len, reverse=True)
    parts = [re.escape(n) for n in names]
    # Not after a letter (but after a hyphen: "RI-Iran"), not before a letter or "$" ("US$").
    return re.compile(r"(?<!\w)(" + "|".join(parts) + r")(?![\w$])")


@cache
def organisation_pattern() -> tuple[re.Pattern[str], dict[str, Org]]:
    by_alias = {alias: org for org in ORGANISATIONS for alias in org.aliases}
    aliases = sorted(by_alias, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(a) for a in aliases) + r")(?![\w-])")
    return pattern, by_alias
