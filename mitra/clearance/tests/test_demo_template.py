"""`mitra demo` sets up the issue's default template once, however often it runs."""

from __future__ import annotations

from mitra import demo
from mitra.clearance.models import ClearanceTemplate


def test_the_demo_loads_the_issues_four_step_template_once(db):
    demo.load(password="s3cret-demo")
    demo.load(password="s3cret-demo")
    template = ClearanceTemplate.objects.get(is_default=True)
    steps = list(template.steps.order_by("order"))
    assert [s.name_en for s in steps] == [
        "Technical unit review",
        "Legal review by the Legal Bureau",
        "Consultation with the Ministry of Foreign Affairs",
        "Approval for signature by the Secretary-General",
    ]
    assert steps[0].responsible_unit and steps[2].condition == "foreign_government"
    assert [s.unit.code if s.unit else None for s in steps] == [
        None,
        "biro-hukum",
        "kemenlu",
        "setjen",
    ]
