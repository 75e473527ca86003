"""A clearance world: the four units of the issue's template, one assignee each (two at the
legal bureau), a draft MoU with Cambodia whose technical unit is Ditjen P2P, and its v1."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mitra.accounts.models import Unit, User
from mitra.agreements import services as agreement_services
from mitra.agreements.models import Agreement
from mitra.clearance.models import ClearanceTemplate, Condition, Mode, TemplateStep
from mitra.partners import services as partner_services

V1 = (
    "Nota Kesepahaman antara Kementerian Kesehatan Republik Indonesia\n"
    "dan Kementerian Kesehatan Kerajaan Kamboja\n"
    "Pasal 1: Tujuan kerja sama di bidang kesehatan.\n"
    "Pasal 2: Bidang kerja sama meliputi pengendalian penyakit menular.\n"
    "Pasal 3: Nota Kesepahaman ini berlaku selama lima tahun.\n"
)
V2 = V1.replace("lima tahun", "tiga tahun").replace(
    "penyakit menular.\n", "penyakit menular dan pelatihan tenaga kesehatan.\n"
)


@dataclass
class World:
    officer: User
    focal: User
    lawyer: User
    lawyer2: User
    kemenlu: User
    sekjen: User
    template: ClearanceTemplate
    mou: Agreement


def _user(username: str, role: str, unit: Unit | None, email: str = "") -> User:
    return User.objects.create_user(
        username=username, password="pw-" + username, role=role, unit=unit, email=email
    )


def unit(code: str, name: str, kind: str = Unit.Kind.MINISTRY_UNIT) -> Unit:
    return Unit.objects.create(code=code, kind=kind, name_id=name)


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def issue_template(p2p_free: bool = False) -> ClearanceTemplate:
    """The issue's four steps: technical unit → Biro Hukum → Kemenlu (a foreign government
    only) → approval for signature by the Secretary-General."""
    hukum = Unit.objects.get(code="hukum")
    kemenlu = Unit.objects.get(code="kemenlu")
    setjen = Unit.objects.get(code="setjen")
    template = ClearanceTemplate.objects.create(name="Kliring UU 24/2000", is_default=True)
    rows = [
        ("Telaah unit teknis", "Technical unit review", {"responsible_unit": True}, 10),
        ("Telaah hukum Biro Hukum", "Legal review", {"unit": hukum}, 14),
        (
            "Konsultasi Kemenlu",
            "Foreign ministry consultation",
            {"unit": kemenlu, "role": "coordination", "condition": Condition.FOREIGN_GOVERNMENT},
            30,
        ),
        ("Persetujuan Sekjen", "Approval for signature", {"unit": setjen}, 7),
    ]
    for order, (name_id, name_en, who, days) in enumerate(rows, start=1):
        TemplateStep.objects.create(
            template=template,
            order=order,
            name_id=name_id,
            name_en=name_en,
            days=days,
            mode=Mode.ANY,
            **who,
        )
    return template


@pytest.fixture
def world(db) -> World:
    bks = unit("bks", "Biro Kerja Sama")
    p2p = unit("p2p", "Ditjen P2P")
    hukum = unit("hukum", "Biro Hukum")
    kemenlu = unit("kemenlu", "Kementerian Luar Negeri", Unit.Kind.MINISTRY)
    setjen = unit("setjen", "Sekretariat Jenderal")
    officer = _user("olga", User.Role.OFFICER, bks, "olga@kemkes.go.id")
    people = {
        "focal": _user("fajar", User.Role.FOCAL, p2p, "fajar@kemkes.go.id"),
        "lawyer": _user("hana", User.Role.OFFICER, hukum, "hana@kemkes.go.id"),
        "lawyer2": _user("hadi", User.Role.OFFICER, hukum),
        "kemenlu": _user("kirana", User.Role.COORDINATION, kemenlu, "kirana@kemlu.go.id"),
        "sekjen": _user("sekjen", User.Role.OFFICER, setjen),
    }
    khm = partner_services.partner_create(user=officer, kind="country", code="KHM")
    mou = agreement_services.agreement_create(
        user=officer,
        title="MoU kesehatan Indonesia–Kamboja",
        parties=[(khm, "signatory")],
        status=Agreement.Status.NEGOTIATING,
        responsible_unit=p2p,
    )
    agreement_services.agreement_attach_document(
        user=officer, agreement=mou, upload=upload("mou-v1.txt", V1), title="Draf v1", kind="draft"
    )
    return World(officer=officer, template=issue_template(), mou=mou, **people)
