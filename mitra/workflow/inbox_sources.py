"""Inbox sections from apps beside insights (the review queue of intake): each app registers a
function when it starts, so insights lists them without importing its peers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# (user) → (key, title, [(text, url, action)]) or None
Source = Callable[[Any], tuple[str, Any, list[tuple[str, str, Any]]] | None]
_SOURCES: list[Source] = []


def register(source: Source) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def collect(*, user: Any) -> list[tuple[str, Any, list[tuple[str, str, Any]]]]:
    out = []
    for source in _SOURCES:
        section = source(user)
        if section is not None:
            out.append(section)
    return out
