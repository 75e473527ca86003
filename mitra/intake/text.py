"""Text basics for extraction: sentences with their offsets (the language is documents')."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? (not after an initial such as "F." or a title such as "Dr.") or at a
# line break; quotes and closing brackets after the stop stay with the sentence.
_BOUNDARY = re.compile(
    # The lookahead first: the titles' lookbehinds are tried only before a stop, not at every
    # character of the text (a tenth of the extractor's time went here).
    r"(?=[.!?])"
    r"(?<!\b[A-Z])(?<!\bDr)(?<!\bdr)(?<!\bdrg)(?<!\bProf)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bSt)"
    r"(?<!\bNo)(?<!\bH\.E)(?<!\bPT)(?<!\bJl)(?<!\bvs)"
    r"[.!?]+[”\"')\]]*(?=\s+[“\"(]?[A-Z0-9])|\n+|"
    # "… 2 Juli 2018 lalu.Menkes RI …": a stop with no space, between a word and a capital.
    r"(?<=[a-z]{2})\.(?=[A-Z][a-z])"
)


# Words Malaysian Malay writes where Indonesian writes another ("kesihatan" / "kesehatan",
# "persefahaman" / "kesepahaman", "bahawa" / "bahwa"): Malay is close enough to pass as
# Indonesian by its common words, and would then be read wrongly.
MALAY_ONLY = re.compile(
    r"\b(?:kesihatan|kerajaan|persefahaman|bahawa|iaitu|antarabangsa|mesyuarat|menerusi|"
    r"sebarang|kenyataan media|perdana menteri malaysia)\b",
    re.IGNORECASE,
)


def is_malay(text: str) -> bool:
    """Two or more distinct Malay-only words: a Malay text, not an Indonesian one."""
    return len({m.group(0).lower() for m in MALAY_ONLY.finditer(text[:20_000])}) >= 2


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        chunk = text[start:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            out.append(Sentence(start + lead, end, chunk.strip()))
        start = end
    if text[start:].strip():
        lead = len(text[start:]) - len(text[start:].lstrip())
        out.append(Sentence(start + lead, len(text), text[start:].strip()))
    return out


def short_title(text: str, limit: int = 100) -> str:
    """A title for a text that has none: its first sentence, cut at a word within the limit."""
    first = next((s.text for s in sentences(text.strip()[: limit * 4])), "")
    first = re.sub(r"\s+", " ", first).strip()
    if len(first) <= limit:
        return first
    cut = first[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–—")
    return cut + "…"
