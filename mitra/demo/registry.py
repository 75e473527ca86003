"""Demo registry: units, users, partners and agreements from the seed texts. Idempotent.

Where a text gives no date or figure, the field stays empty: the ten MoUs named at the 2018
workshop are recorded with "signature date unknown", Kazakhstan's MoU with only its year (2021),
and the talks with Cambodia as "exploring" with no date. The signed MoUs are public (the
ministry published them), so the demo's public portal shows them; the talks are not.
"""

from __future__ import annotations

from typing import TypedDict, Unpack

from django.db import transaction

from mitra.accounts.models import Unit, User
from mitra.agreements import services as agreement_services
from mitra.agreements.models import Agreement, AgreementParty
from mitra.partners import services as partner_services
from mitra.partners.models import Contact, Partner
from mitra.taxonomy.models import CooperationArea

DEFAULT_PASSWORD = "mitra-demo"  # noqa: S105 - the documented demo password (MITRA_DEMO_PASSWORD)
USERNAMES = ("admin", "officer", "focal", "viewer")

# Units on our side. The bureau and the eselon-I units are named in DESIGN.md; the ministries of
# the health globalisation team in seed 001; the embassies in seeds 000 and 002.
UNITS = [
    (
        "biro-kerja-sama",
        Unit.Kind.MINISTRY_UNIT,
        "Biro Kerja Sama",
        "Bureau of International Cooperation",
        "BKS",
    ),
    (
        "ditjen-p2p",
        Unit.Kind.MINISTRY_UNIT,
        "Direktorat Jenderal Pencegahan dan Pengendalian Penyakit",
        "Directorate General of Disease Prevention and Control",
        "Ditjen P2P",
    ),
    (
        "ditjen-farmalkes",
        Unit.Kind.MINISTRY_UNIT,
        "Direktorat Jenderal Kefarmasian dan Alat Kesehatan",
        "Directorate General of Pharmaceuticals and Medical Devices",
        "Ditjen Farmalkes",
    ),
    (
        "bppsdmk",
        Unit.Kind.MINISTRY_UNIT,
        "Badan Pengembangan dan Pemberdayaan Sumber Daya Manusia Kesehatan",
        "Agency for Health Human Resources Development",
        "BPPSDMK",
    ),
    (
        "kemenlu",
        Unit.Kind.MINISTRY,
        "Kementerian Luar Negeri",
        "Ministry of Foreign Affairs",
        "Kemenlu",
    ),
    ("kemendag", Unit.Kind.MINISTRY, "Kementerian Perdagangan", "Ministry of Trade", "Kemendag"),
    (
        "kemenkumham",
        Unit.Kind.MINISTRY,
        "Kementerian Hukum dan Hak Asasi Manusia",
        "Ministry of Law and Human Rights",
        "Kemenkumham",
    ),
    (
        "bkpm",
        Unit.Kind.MINISTRY,
        "Badan Koordinasi Penanaman Modal",
        "Investment Coordinating Board",
        "BKPM",
    ),
    (
        "kbri-astana",
        Unit.Kind.EMBASSY,
        "KBRI Astana",
        "Embassy of Indonesia in Astana",
        "KBRI Astana",
    ),
    (
        "kbri-phnom-penh",
        Unit.Kind.EMBASSY,
        "KBRI Phnom Penh",
        "Embassy of Indonesia in Phnom Penh",
        "KBRI Phnom Penh",
    ),
]

# Seed 001 (workshop of 18 January 2018): ten partner countries that have a health MoU.
WORKSHOP_2018 = [
    ("BRN", "southeast_asia", None),
    ("TLS", "southeast_asia", "Timor Leste"),
    ("SAU", "middle_east", None),
    ("QAT", "middle_east", None),
    ("KOR", "east_asia", None),
    ("CHN", "east_asia", "Republik Rakyat Tiongkok (RRT)"),
    ("DNK", "europe", None),
    ("CUB", "americas", None),
    ("TUR", "middle_east", None),
    ("VNM", "southeast_asia", "Viet Nam"),
]
WORKSHOP_NOTE = (
    "Disebut pada workshop Biro Kerja Sama, 18 Januari 2018, sebagai salah satu dari 10 negara "
    "mitra yang sudah memiliki MoU kesehatan dengan Kemenkes RI. Tanggal penandatanganan, masa "
    "berlaku dan area kerja sama belum tercatat."
)


def _areas(*codes: str) -> list[CooperationArea]:
    found = {a.code: a for a in CooperationArea.objects.filter(code__in=codes)}
    missing = set(codes) - set(found)
    if missing:
        raise LookupError(f"unknown area codes: {sorted(missing)}")
    return [found[c] for c in codes]


def _users(password: str) -> None:
    bureau = Unit.objects.get(code="biro-kerja-sama")
    p2p = Unit.objects.get(code="ditjen-p2p")
    spec = [
        ("admin", User.Role.ADMIN, None, True),
        ("officer", User.Role.OFFICER, bureau, False),
        ("focal", User.Role.FOCAL, p2p, False),
        ("viewer", User.Role.VIEWER, None, False),
    ]
    for username, role, unit, staff in spec:
        user = User.objects.filter(username=username).first() or User(username=username)
        user.role, user.unit = role, unit
        user.is_staff = user.is_superuser = staff
        user.set_password(password)
        user.save()


class _PartnerFields(TypedDict, total=False):
    """The keywords of `partners.services.partner_create` the seeds give (typed, so a misspelt
    or mistyped one is a mypy error rather than a TypeError at load time)."""

    name_id: str
    name_en: str
    abbreviation: str
    region: str
    notes: str
    areas: list[CooperationArea]


class _AgreementFields(TypedDict, total=False):
    """The keywords of `agreements.services.agreement_create` the seeds give."""

    title_en: str
    kind: str
    status: str
    summary: str
    signed_year: int
    signature_date_unknown: bool
    is_public: bool
    cooperation_model: str
    areas: list[CooperationArea]
    responsible_unit: Unit


def _partner(officer: User, kind: str, code: str, **fields: Unpack[_PartnerFields]) -> Partner:
    existing = Partner.objects.filter(code__iexact=code).first()
    if existing is not None:
        return existing
    return partner_services.partner_create(user=officer, kind=kind, code=code, **fields)


def _agreement(
    officer: User, partner: Partner, title: str, **fields: Unpack[_AgreementFields]
) -> Agreement:
    existing = Agreement.objects.filter(title=title, parties__partner=partner).first()
    if existing is not None:
        if fields.get("is_public") and not existing.is_public:
            # A demo loaded before these MoUs were marked public catches up.
            agreement_services.agreement_update(user=officer, agreement=existing, is_public=True)
        return existing
    return agreement_services.agreement_create(
        user=officer, title=title, parties=[(partner, AgreementParty.Role.SIGNATORY)], **fields
    )


def _contact(officer: User, partner: Partner, name: str, title: str) -> None:
    if not Contact.objects.filter(partner=partner, name=name).exists():
        partner_services.contact_create(user=officer, partner=partner, name=name, title=title)


@transaction.atomic
def load(*, password: str = DEFAULT_PASSWORD) -> str:
    """Load units, users, partners and agreements from the seeds; safe to run again."""
    for code, kind, name_id, name_en, abbr in UNITS:
        Unit.objects.update_or_create(
            code=code,
            defaults={"kind": kind, "name_id": name_id, "name_en": name_en, "abbreviation": abbr},
        )
    _users(password)
    officer = User.objects.get(username="officer")

    for code, region, own_name in WORKSHOP_2018:
        # None: the seed gives no name of its own, and "" (partner_create's default) takes the
        # ISO name.
        partner = _partner(
            officer, Partner.Kind.COUNTRY, code, region=region, name_id=own_name or ""
        )
        _agreement(
            officer,
            partner,
            f"MoU kerja sama bidang kesehatan Indonesia–{partner.name_id}",
            title_en=f"Memorandum of understanding on health cooperation, Indonesia–{partner.name_en}",
            kind=Agreement.Kind.MOU,
            status=Agreement.Status.IN_FORCE,
            signature_date_unknown=True,
            summary=WORKSHOP_NOTE,
            is_public=True,  # public knowledge: the ministry itself published the ten
            cooperation_model=Agreement.CooperationModel.G2G,
        )

    # Seed 002: the MoU with Kazakhstan signed in 2021 and the meeting of 28 April 2025.
    kaz = _partner(officer, Partner.Kind.COUNTRY, "KAZ", region="central_asia")
    _agreement(
        officer,
        kaz,
        "MoU kerja sama di bidang kesehatan Indonesia–Kazakhstan",
        title_en="Memorandum of understanding on health cooperation, Indonesia–Kazakhstan",
        kind=Agreement.Kind.MOU,
        status=Agreement.Status.IN_FORCE,
        signed_year=2021,
        is_public=True,  # signed and published by the ministry
        summary=(
            "Menekankan kolaborasi bilateral di bidang pelayanan kesehatan, pengembangan sumber "
            "daya manusia, serta farmasi dan peralatan kesehatan. Pada 28 April 2025 Duta Besar "
            "RI dan Menteri Kesehatan Kazakhstan membahas implementasinya; Menteri Kesehatan "
            "Kazakhstan merekomendasikan rencana aksi implementasi untuk periode 2025–2027."
        ),
        areas=_areas("primary-care", "health-workforce", "pharma-devices"),
        cooperation_model=Agreement.CooperationModel.G2G,
    )
    _contact(officer, kaz, "Akmaral Alnazarova", "Menteri Kesehatan Kazakhstan")

    # Seed 000: the ambassador's meeting with Cambodia's health minister in Phnom Penh.
    khm = _partner(officer, Partner.Kind.COUNTRY, "KHM", region="southeast_asia")
    _agreement(
        officer,
        khm,
        "Perjanjian bilateral kerja sama kesehatan Indonesia–Kamboja",
        title_en="Bilateral health cooperation agreement, Indonesia–Cambodia",
        kind=Agreement.Kind.MOU,
        status=Agreement.Status.EXPLORING,
        summary=(
            "Dijajaki oleh Duta Besar RI untuk Kerajaan Kamboja bersama Menteri Kesehatan "
            "Kamboja di Phnom Penh (tanggal tidak disebut). Tiga fokus: kerangka kerja sama "
            "melalui perjanjian bilateral; peningkatan kapasitas SDM melalui beasiswa, magang dan "
            "interaksi langsung tenaga medis dan tenaga kesehatan; perdagangan produk kesehatan "
            "(obat-obatan, suplemen herbal, alat kesehatan). Prioritas Kamboja: pencegahan "
            "penyakit menular, penyakit tidak menular, jaminan sosial, SDM, kesehatan digital."
        ),
        areas=_areas(
            "scholarships-internships",
            "workforce-exchange",
            "health-trade",
            "traditional-medicine",
            "communicable-disease-control",
            "ncd",
            "health-financing",
            "digital-health",
            "health-promotion",
        ),
        cooperation_model=Agreement.CooperationModel.G2G,
        responsible_unit=Unit.objects.get(code="kbri-phnom-penh"),
    )
    _contact(officer, khm, "H.E. Prof Chheang Ra", "Menteri Kesehatan Kamboja")

    # Seed 004: partnerships with UNICEF, WHO and NGOs, with the areas it gives each.
    _partner(
        officer,
        Partner.Kind.INTERNATIONAL,
        "unicef",
        region="global",
        name_id="UNICEF",
        name_en="UNICEF",
        abbreviation="UNICEF",
        notes="Kemitraan berfokus pada kesehatan ibu dan anak, nutrisi dan pengembangan anak usia dini.",
        areas=_areas("maternal-child", "nutrition"),
    )
    _partner(
        officer,
        Partner.Kind.INTERNATIONAL,
        "who",
        region="global",
        name_id="Organisasi Kesehatan Dunia (WHO)",
        name_en="World Health Organization",
        abbreviation="WHO",
        notes="Kemitraan untuk memperkuat sistem kesehatan, mengendalikan penyakit menular, dan mempromosikan kesehatan masyarakat.",
        areas=_areas("health-systems", "communicable-disease-control", "health-promotion"),
    )
    _partner(
        officer,
        Partner.Kind.NGO,
        "lsm",
        region="",
        name_id="Lembaga swadaya masyarakat (LSM) mitra",
        name_en="Partner non-governmental organisations",
        notes=(
            "Kemitraan dengan LSM yang mendukung program bagi masyarakat yang kurang terlayani, "
            "seperti kesehatan reproduksi dan kesehatan mental. Teks sumber tidak menyebut nama "
            "organisasinya."
        ),
        areas=_areas("mental-reproductive"),
    )
    return (
        f"Demo data: {Partner.objects.count()} partners, {Agreement.objects.count()} agreements, "
        f"{Unit.objects.count()} units."
    )
