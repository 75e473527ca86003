"""What the review queue needs beside the scored fields: where an agreement was signed, who
signed it, and what it is about, read from the sentences that name it."""

from __future__ import annotations

import re
from typing import Any

from mitra.intake import gazetteer

# "di Nusa Dua, Bali", "in New Delhi": a capitalised place after a preposition of place.
PLACE = re.compile(
    r"\b(?:di|in|at)\s+((?:Kantor|Gedung|Ruang)\s+[^,.;()]{3,80}?(?=\s+(?:pada|on|tanggal)\b|[,.;()]|$)"
    r"|[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,3})"
)
# "MoU tentang Kerja Sama Kesehatan", "MoU on Health Cooperation": the document's subject.
SUBJECT = re.compile(
    r"\s+(?:tentang|mengenai|on|concerning|regarding|bidang)\s+([^,.;:\n()]{3,80}?)"
    r"(?=\s+(?:antara|between|dengan|with|bersama|yang|which|di|in|pada|oleh|by|and its|dan)\b|[,.;:\n()]|$)",
)
NOT_PLACES = {"Indonesia", "Kementerian", "Kemenkes", "Bidang", "Sektor", "Sela", "The", "This"}


def place(sentence: str) -> str:
    """The first place named in a signing sentence that is not a party's name."""
    for m in PLACE.finditer(sentence):
        found = m.group(1).strip()
        first = found.split()[0]
        if first in NOT_PLACES or first[0].isdigit():
            continue
        if gazetteer.country_names().get(found) not in (None, gazetteer.HOME):
            continue  # "in Sudan" names the counterpart more often than the place
        return found
    return ""


def subject(text: str, pos: int, end: int) -> str:
    """What the agreement mentioned at pos is about, if the next words say so."""
    m = SUBJECT.match(text, pos)
    if m is None or m.end() > end:
        return ""
    return re.sub(r"\s+", " ", m.group(1)).strip()


def signatories(people: list[dict[str, Any]], start: int, end: int) -> list[dict[str, str]]:
    """The people named in the agreement's sentence, with their roles."""
    return [
        {"name": p["name"], "role": p.get("role", "")}
        for p in people
        if start <= p["evidence"][0] < end
    ]
