"""Typed inputs of the team's services."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PolicyItemIn:
    title: str
    description: str = ""
    agreed_line: str = ""
    source_meeting: Any = None
    agreements: list[Any] = field(default_factory=list)
    partners: list[Any] = field(default_factory=list)
    followups: list[Any] = field(default_factory=list)
