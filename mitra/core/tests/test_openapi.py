"""The API's OpenAPI document: valid for openapi-spec-validator (so a generated client works),
and every operation says how it fails, with the one error shape the handlers produce."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

ERRORS = ("401", "403", "404", "422")


@pytest.fixture
def document(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(document: dict) -> list[tuple[str, str, dict]]:
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in {"get", "put", "post", "patch", "delete"}
    ]


def test_the_document_validates(document):
    validate(document)


def test_every_operation_documents_its_errors_with_the_one_error_schema(document):
    error = document["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"code", "message"}
    assert set(error["properties"]) == {"code", "message", "fields"}
    operations = _operations(document)
    assert len(operations) >= 25
    missing = [
        f"{method.upper()} {path} {status}"
        for method, path, operation in operations
        for status in ERRORS
        if operation["responses"].get(status, {}).get("content", {}).get("application/json", {})
        != {"schema": {"$ref": "#/components/schemas/Error"}}
    ]
    assert missing == []


def test_a_documented_error_is_what_the_api_answers(client, viewer, kazakhstan):
    """The schema describes real answers: a refused write and a missing record."""
    client.force_login(viewer)
    refused = client.post(f"/api/v1/partners/{kazakhstan.code}/archive")
    missing = client.get("/api/v1/partners/NOPE")
    for response, status in ((refused, 403), (missing, 404)):
        body = response.json()
        assert response.status_code == status, body
        assert set(body) <= {"code", "message", "fields"}
        assert isinstance(body["code"], str) and isinstance(body["message"], str)


@pytest.mark.parametrize("url", ["/api/v1/openapi.json", "/api/v1/docs"])
def test_the_document_and_its_page_only_answer_reads(client, url):
    assert client.head(url).status_code == 200
    for method in (client.post, client.put, client.delete):
        assert method(url).status_code == 405
