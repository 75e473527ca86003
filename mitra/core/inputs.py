"""Helpers for the services' typed inputs (each app's schemas.py): what an update was given."""

from __future__ import annotations

import dataclasses
from typing import Any


class _Unset:
    """The value of a keyword an update was not given (None may be a value)."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


def given(changes: Any) -> dict[str, Any]:
    """The fields of a changes dataclass that were given (not UNSET), by name, in field order."""
    return {
        f.name: getattr(changes, f.name)
        for f in dataclasses.fields(changes)
        if getattr(changes, f.name) is not UNSET
    }
