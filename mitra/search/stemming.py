"""Indonesian stems (Sastrawi) shared by search and extraction: "bekerja" → "kerja",
"kefarmasian" → "farmasi". English words pass through unchanged except for lower case."""

from __future__ import annotations

import re
from functools import cache, lru_cache

WORD = re.compile(r"\w+")


@cache
def _stemmer():  # type: ignore[no-untyped-def]
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def stem_word(word: str) -> str:
    word = word.lower()
    if len(word) <= 3 or not word.isalpha():
        return word
    return str(_stemmer().stem(word)) or word


def stem_text(text: str) -> str:
    return " ".join(stem_word(w) for w in WORD.findall(text))
