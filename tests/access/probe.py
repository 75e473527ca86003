"""Request a route as one role and say what the answer means for access."""

from __future__ import annotations

import io
import json
from typing import Any

from django.db import transaction
from django.test import Client

from tests.access.world import Route, World

LOGIN = ("/accounts/login/", "/admin/login/")
# Valid bodies for the API's writes: its schema is checked before the rules, so an empty body
# would be refused as invalid for everyone and say nothing about who may write.
API_BODIES: dict[str, dict[str, Any]] = {
    "api:create_partner": {"kind": "country", "code": "JPN"},
    "api:update_partner": {"notes": "diubah"},
    "api:create_agreement": {"title": "MoU baru", "partners": ["KAZ"]},
    "api:update_agreement": {"summary": "diubah"},
    "api:update_activity": {"status": "ongoing"},
    "api:report_result": {"period_start": "2026-01-01", "period_end": "2026-12-31", "value": 5},
    "api:review_result": {"decision": "approve"},
    "api:create_meeting": {"title": "Rapat baru", "kind": "technical"},
    "api:set_followup_status": {"status": "done"},
    "api:return_step": {"comment": "Pasal 3 perlu diperbaiki."},
}


def outcome(status: int, location: str = "") -> str:
    """ok, invalid (reached the rules, input refused), login (sign in first), deny (403),
    hide (404: not in this user's sight), method (not this method), locked (429)."""
    if status in (301, 302, 303) and location.startswith(LOGIN):
        return "login"
    if status == 401:
        return "login"
    if status < 400:
        return "ok"
    kinds = {400: "invalid", 422: "invalid", 403: "deny", 404: "hide", 405: "method"}
    return kinds.get(status, f"status {status}")


def client_for(world: World, role: str) -> Client:
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


def send(client: Client, route: Route, method: str) -> Any:
    """One request; a write is rolled back so the next request finds the same world."""
    with transaction.atomic():
        if method == "GET":
            response = client.get(route.path)
        elif route.name.startswith("api:"):
            body = json.dumps(API_BODIES.get(route.name, {}))
            response = client.generic(method, route.path, body, "application/json")
        else:
            response = client.post(route.path, {})
        transaction.set_rollback(True)
    return response


def text_of(response: Any) -> str:
    """What a reader of the answer gets to see, whatever its format."""
    kind = response.get("Content-Type", "")
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if "pdf" in kind:
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    return data.decode("utf-8", "replace")
