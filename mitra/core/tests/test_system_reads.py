"""System-level reads (selectors named `system_…`) ignore who asks: only the measures (and
workflow's dormancy rule, which the reminders share with them) use them.

They exist because a measure (dormancy, implementation rate, progress, coverage) is a fact about
a record, the same whoever asks, and shows no record itself. Anywhere else a read takes the
user; this test fails when a `system_…` selector is called from any other module.
"""

from __future__ import annotations

import re
from pathlib import Path

import mitra

ROOT = Path(mitra.__file__).parent
# The measures, and dormancy, the one measure that reminders need too (workflow.rules).
ALLOWED = {"insights/measures.py", "workflow/rules.py"}
DEFINED = re.compile(r"^def (system_\w+)\(", re.M)


def _sources() -> list[Path]:
    return [p for p in ROOT.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts]


def test_system_reads_are_used_by_the_measures_only():
    defined = {
        name: path
        for path in _sources()
        if path.name == "selectors.py"
        for name in DEFINED.findall(path.read_text())
    }
    assert {"system_recent_meeting_q", "system_recent_activity_q"} <= set(defined)
    misused = []
    for path in _sources():
        relative = str(path.relative_to(ROOT))
        if relative in ALLOWED:
            continue
        text = path.read_text()
        for name, home in defined.items():
            if path != home and re.search(rf"\b{name}\b", text):
                misused.append(f"{relative}: {name}")
    assert misused == []
