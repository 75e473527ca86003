"""Typed inputs of the liaison's services (forms, and anything else, build these)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ContactIn:
    role: str
    office: str
    partner: Any = None
    person: str = ""
    phone: str = ""
    email: str = ""
    secure_channel: str = ""
    duty_24_7: bool = False
    rank: int = 1
    last_verified: dt.date | None = None
    notes: str = ""


@dataclass(frozen=True)
class NoticeIn:
    partner: Any
    kind: str
    direction: str
    severity: str
    event: str
    to_contact: Any
    sent_at: dt.datetime
    from_contact: Any = None
    text: str = ""
    ack_deadline: dt.datetime | None = None  # None: 24 hours after it was sent


@dataclass(frozen=True)
class CommunicationTestIn:
    partner: Any
    tested_on: dt.date
    result: str
    note: str = ""
