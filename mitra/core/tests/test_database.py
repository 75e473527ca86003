from __future__ import annotations

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_suite_runs_on_the_configured_database():
    """CI runs the suite twice; this proves the second pass really talks to PostgreSQL."""
    expected = "postgresql" if os.environ.get("MITRA_DATABASE_URL") else "sqlite"
    assert connection.vendor == expected
