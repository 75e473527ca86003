"""Large IATI files for the worker tests, made of a real publisher file's activities."""

from __future__ import annotations

import re
from pathlib import Path

from mitra.interop.tests import iati_rules

ACTIVITIES = iati_rules.shared("data", "iati", "activities")


def many_activities(target: Path, copies: int) -> int:
    """A real publisher file's activities, repeated under new identifiers."""
    text = (ACTIVITIES / "dportal-covid19-sample-2.03.xml").read_text(encoding="utf-8")
    head, rest = text.split("<iati-activity ", 1)
    body, tail = ("<iati-activity " + rest).rsplit("</iati-activities>", 1)
    with target.open("w", encoding="utf-8") as out:
        out.write(head)
        for n in range(copies):
            out.write(re.sub(r"<iati-identifier>([^<]+)<", rf"<iati-identifier>\1-{n}<", body))
        out.write("</iati-activities>" + tail)
    return 401 * copies
