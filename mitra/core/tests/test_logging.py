"""An expected refusal is one line in the log, not a traceback: a 403 is the application
working, and tracebacks are kept for what is actually broken."""

from __future__ import annotations

import logging
import sys

import pytest

from mitra.accounts.tokens import token_create
from mitra.core.logs import ExpectedAnswers

pytestmark = pytest.mark.django_db


def _request_log(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "django.request"]


def _one_line(caplog) -> str:
    records = _request_log(caplog)
    assert len(records) == 1, [r.getMessage() for r in records]
    (record,) = records
    text = logging.Formatter().format(record)
    assert record.exc_info is None
    assert "\n" not in text, text
    assert "Traceback" not in text
    return text


def test_a_refused_page_write_logs_one_line(client, viewer, kazakhstan, caplog):
    client.force_login(viewer)
    with caplog.at_level(logging.INFO):
        response = client.post(f"/partners/{kazakhstan.code}/archive/")
    assert response.status_code == 403
    assert f"/partners/{kazakhstan.code}/archive/" in _one_line(caplog)


def test_a_refused_api_write_logs_one_line(client, viewer, kazakhstan, caplog):
    token = token_create(user=viewer, name="t")[1]
    with caplog.at_level(logging.INFO):
        response = client.post(
            f"/api/v1/partners/{kazakhstan.code}/archive",
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 403
    assert f"/api/v1/partners/{kazakhstan.code}/archive" in _one_line(caplog)


def test_a_server_error_keeps_its_traceback():
    """Only expected answers (4xx) lose the traceback; a 500 is logged in full."""
    try:
        raise RuntimeError("broken")
    except RuntimeError:
        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: /",
            (),
            sys.exc_info(),
        )
    record.status_code = 500
    assert ExpectedAnswers().filter(record)
    assert record.exc_info is not None
