"""The API against its own OpenAPI schema (schemathesis, a bounded number of cases per
operation): no 5xx, and every response matches the schema it promises."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from mitra.accounts.tokens import token_create

# Loaded through the application itself (in-process WSGI): no server, no network.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def officer_token(officer, in_force, plan, p2p_activity) -> str:  # some real records to read
    return token_create(user=officer, name="schemathesis")[1]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The real WSGI handler closes the database connection after each request, which would
    end the test's transaction on PostgreSQL; Django's own test client switches this off too."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=40,  # 25 operations: 1,000 cases in all (issue 16)
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_its_schema(case, officer_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {officer_token}"},
        checks=[
            schemathesis.checks.not_a_server_error,
            schemathesis.checks.response_schema_conformance,
        ],
    )
