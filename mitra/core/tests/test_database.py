from __future__ import annotations

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_suite_runs_on_the_configured_database():
    """CI runs the suite twice; this proves the second pass really talks to PostgreSQL."""
    expected = "postgresql" if os.environ.get("MITRA_DATABASE_URL") else "sqlite"
    assert connection.vendor == expected


def test_connections_are_kept_between_requests_and_checked_before_reuse(settings):
    """Kept connections save the connect on every page; the check replaces one the database
    closed (tests/deploy/test_two_app_servers.py drops them under two running servers)."""
    db = settings.DATABASES["default"]
    assert db["CONN_MAX_AGE"] == 600 and db["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize("value", ["-1", "soon"])
def test_a_bad_connection_age_stops_start_up_naming_the_variable(tmp_path, value):
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("MITRA_")}
    env.update(MITRA_DATA_DIR=str(tmp_path), MITRA_DB_CONN_MAX_AGE=value)
    done = subprocess.run(
        [sys.executable, "-c", "import mitra.settings"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0 and "MITRA_DB_CONN_MAX_AGE must be" in done.stderr
