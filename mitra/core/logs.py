"""Logging that keeps the log readable: an expected refusal is one line, not a traceback."""

from __future__ import annotations

import logging


class ExpectedAnswers(logging.Filter):
    """Drops the traceback from `django.request` records of 4xx answers (a refused write, a
    missing record): Django attaches the exception to them, but they are the application
    working as meant. Server errors (5xx) keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
