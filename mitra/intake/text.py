"""Text basics for extraction: sentences with their offsets, and the language."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? (not after an initial such as "F." or a title such as "Dr.") or at a
# line break; quotes and closing brackets after the stop stay with the sentence.
_BOUNDARY = re.compile(
    r"(?<!\b[A-Z])(?<!\bDr)(?<!\bdr)(?<!\bdrg)(?<!\bProf)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bSt)"
    r"(?<!\bNo)(?<!\bH\.E)(?<!\bPT)(?<!\bJl)(?<!\bvs)"
    r"[.!?]+[”\"')\]]*(?=\s+[“\"(]?[A-Z0-9])|\n+|"
    # "… 2 Juli 2018 lalu.Menkes RI …": a stop with no space, between a word and a capital.
    r"(?<=[a-z]{2})\.(?=[A-Z][a-z])"
)


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


_ID = {
    "yang",
    "dan",
    "di",
    "dengan",
    "untuk",
    "dalam",
    "ini",
    "pada",
    "dari",
    "tersebut",
    "akan",
    "telah",
    "juga",
    "kerja",
    "sama",
    "kesehatan",
    "adalah",
    "oleh",
    "bahwa",
    "ke",
}
_EN = {
    "the",
    "and",
    "of",
    "to",
    "in",
    "with",
    "for",
    "on",
    "is",
    "has",
    "have",
    "was",
    "by",
    "that",
    "this",
    "health",
    "from",
    "as",
    "at",
    "will",
}
_WORD = re.compile(r"[a-z]+")


def language(text: str) -> str:
    """ "id", "en", or "other" when neither language's common words make up the text."""
    words = _WORD.findall(text.lower()[:20000])
    if not words:
        return "other"
    id_share = sum(w in _ID for w in words) / len(words)
    en_share = sum(w in _EN for w in words) / len(words)
    if max(id_share, en_share) < 0.06:
        return "other"
    return "id" if id_share >= en_share else "en"
