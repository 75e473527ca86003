"""gunicorn's access log without secrets: `mitra serve` passes this class as --logger-class.

Calendar clients (Outlook, Google Calendar) can only send their personal token in the URL
(`/calendar.ics?token=…`), and gunicorn writes the whole request line and referer; a log file is
read by more people than the token's owner, so the value is masked before it is written.
"""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

# `token=…` in a query string, and a bearer token in any logged header.
_SECRET_QUERY = re.compile(r"((?:^|[?&;])(?:token|access_token|key)=)[^&;\s\"]*", re.IGNORECASE)
_SECRET_HEADERS = frozenset({"{authorization}i", "{cookie}i", "{set-cookie}o"})
MASK = "[hidden]"


def redact(text: str) -> str:
    """The text with the value of every token parameter masked."""
    return _SECRET_QUERY.sub(rf"\g<1>{MASK}", text)


class RedactingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if key in _SECRET_HEADERS:
                atoms[key] = MASK
            elif isinstance(value, str) and "=" in value:
                atoms[key] = redact(value)
        return atoms
