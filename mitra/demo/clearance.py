"""The default clearance template of issue 14: technical unit review → Biro Hukum legal review →
Kemenlu consultation (only when a foreign government is a party) → approval for signature by
the Secretary-General. Idempotent.

The step names and the order are the issue's; the seeds give no time limits, so each step keeps
the model's default (10 days) for the administrator to set in /admin/.
"""

from __future__ import annotations

from typing import Any

from mitra.accounts.models import Unit
from mitra.clearance.models import ClearanceTemplate, Condition, TemplateStep

NAME = "Kliring sebelum penandatanganan (UU 24/2000)"

UNITS = [
    ("biro-hukum", "Biro Hukum", "Legal Bureau", "Biro Hukum"),
    ("setjen", "Sekretariat Jenderal", "Secretariat-General", "Setjen"),
]


def load() -> ClearanceTemplate:
    for code, name_id, name_en, abbr in UNITS:
        Unit.objects.update_or_create(
            code=code,
            defaults={
                "kind": Unit.Kind.MINISTRY_UNIT,
                "name_id": name_id,
                "name_en": name_en,
                "abbreviation": abbr,
            },
        )
    template, _created = ClearanceTemplate.objects.get_or_create(
        name=NAME, defaults={"is_default": True}
    )
    steps: list[tuple[str, str, dict[str, Any]]] = [
        ("Telaah unit teknis", "Technical unit review", {"responsible_unit": True}),
        (
            "Telaah hukum oleh Biro Hukum",
            "Legal review by the Legal Bureau",
            {"unit": Unit.objects.get(code="biro-hukum")},
        ),
        (
            "Konsultasi dengan Kementerian Luar Negeri",
            "Consultation with the Ministry of Foreign Affairs",
            {
                "unit": Unit.objects.get(code="kemenlu"),
                "condition": Condition.FOREIGN_GOVERNMENT,
            },
        ),
        (
            "Persetujuan penandatanganan oleh Sekretaris Jenderal",
            "Approval for signature by the Secretary-General",
            {"unit": Unit.objects.get(code="setjen")},
        ),
    ]
    for order, (name_id, name_en, who) in enumerate(steps, start=1):
        TemplateStep.objects.update_or_create(
            template=template,
            order=order,
            defaults={"name_id": name_id, "name_en": name_en, **who},
        )
    return template
