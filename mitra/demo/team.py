"""The health globalisation team as seed 001 (the workshop of 18 January 2018) names it: its
five member organisations and the workshop's two conclusions as policy items. The text gives
no ministry's position, no agreed line and no member person: those stay empty."""

from __future__ import annotations

from mitra.accounts.models import Unit, User
from mitra.meetings.models import FollowUp, Meeting
from mitra.team import services as team_services
from mitra.team.models import Member, PolicyItem
from mitra.team.schemas import PolicyItemIn

# Kemenkes is the team's convenor; the four others are units the registry already keeps.
KEMENKES = ("kemenkes", "Kementerian Kesehatan", "Ministry of Health", "Kemenkes")
MEMBERS = ["kemenkes", "kemenlu", "kemendag", "kemenkumham", "bkpm"]
WORKSHOP = "Workshop Peningkatan Kerja Sama Bilateral 2018"

# The workshop's conclusions ("Disimpulkan bahwa…"), each with the follow-up that carries it.
ITEMS = [
    (
        "Kesehatan sebagai industri: Roadmap potensi kesehatan",
        "Kemenkes perlu membuat Roadmap potensi Kesehatan, termasuk kekuatan dan kelemahannya, "
        "yang bisa dikerjasamakan/dipersaingkan di tingkat global, utamanya sektor farmasi dan "
        "alat kesehatan (pertanyaan dalam diskusi: bagaimana agar industri farmasi dan alat "
        "kesehatan menjadi program komoditas nasional).",
        "Roadmap potensi kesehatan",
    ),
    (
        "Sinergi kebijakan kesehatan dengan Kementerian/Lembaga terkait",
        "Kemenkes perlu membentuk Tim Globalisasi Kesehatan yang terdiri dari Kemenkes, Kemenlu, "
        "Kemendag, Kemenkumham dan BKPM, yang mampu membangun sinergi dari berbagai kebijakan "
        "di internal Kemenkes maupun sinergi kebijakan dengan K/L terkait.",
        "Tim Globalisasi Kesehatan",
    ),
]


def load(*, officer: User) -> None:
    """Members and the two policy items; safe to run again."""
    code, name_id, name_en, abbr = KEMENKES
    Unit.objects.update_or_create(
        code=code,
        defaults={"kind": "ministry", "name_id": name_id, "name_en": name_en, "abbreviation": abbr},
    )
    for unit in Unit.objects.filter(code__in=MEMBERS):
        if not Member.objects.filter(unit=unit).exists():
            team_services.member_add(user=officer, unit=unit)
    workshop = Meeting.objects.filter(title=WORKSHOP).first()
    for title, description, followup_start in ITEMS:
        if PolicyItem.objects.filter(title=title).exists():
            continue
        followups = FollowUp.objects.filter(
            meeting=workshop, description__startswith=followup_start
        )
        team_services.item_save(
            user=officer,
            data=PolicyItemIn(
                title=title,
                description=description,
                source_meeting=workshop,
                followups=list(followups),
            ),
        )
