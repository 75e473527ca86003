"""The language of a text (Indonesian, English or neither), judged by its commonest words.

Documents own it: a stored document records its language, intake refuses the others, and the
IATI export labels each narrative with it.
"""

from __future__ import annotations

import re

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
