"""Typed inputs of the roadmap's services."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class AssessmentInput:
    """What the sector form (or the demo) says of one sector in one year."""

    strengths: str = ""
    weaknesses: str = ""
    opportunities: str = ""
    threats: str = ""
    stance: str = ""
    priority: bool = False
    target_partners: list[Any] = field(default_factory=list)
    agreements: list[Any] = field(default_factory=list)
    activities: list[Any] = field(default_factory=list)
