"""The roadmap of potential the 2018 bilateral cooperation workshop asked for (seed
001_d90302fa226230f5.txt): "Utamanya sektor farmasi dan alat kesehatan" — pharmaceuticals
and medical devices are its priority sectors. The seed gives no strengths, weaknesses,
opportunities, threats or stance: those cells stay empty for the bureau to fill. The roadmap
is dated with the workshop's year, the only year the seed gives. No trade figures: no seed
gives any figure that could be imported."""

from __future__ import annotations

from mitra.accounts.models import User
from mitra.roadmap import services
from mitra.roadmap.models import Assessment, Roadmap, Sector
from mitra.roadmap.schemas import AssessmentInput

YEAR = 2018
PRIORITY_SECTORS = ("pharmaceuticals", "medical-devices")


def load(*, officer: User) -> None:
    roadmap = Roadmap.objects.filter(year=YEAR).first() or services.roadmap_create(
        user=officer, year=YEAR
    )
    for code in PRIORITY_SECTORS:
        sector = Sector.objects.get(code=code)
        if not Assessment.objects.filter(roadmap=roadmap, sector=sector).exists():
            services.assessment_save(
                user=officer, roadmap=roadmap, sector=sector, data=AssessmentInput(priority=True)
            )
