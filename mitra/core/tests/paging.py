"""What the paged lists' tests share: read a page, and count each page's queries."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

# A page parameter past the end gets the last page; one that is no number, the first.
OUT_OF_RANGE = ("9", "-1")
NOT_A_NUMBER = ("x", "")


def page_body(client: Any, url: str, params: dict[str, Any] | None = None) -> str:
    """The page's HTML, which must answer 200 (never a 500 for a bad page parameter)."""
    response = client.get(url, params or {})
    assert response.status_code == 200, (url, params, response.status_code)
    return str(response.content.decode())


def queries_per_page(client: Any, url: str, param: str = "page", pages: int = 2) -> list[int]:
    """How many queries each of the first `pages` pages of the list paged by `param` runs."""
    counts = []
    for number in range(1, pages + 1):
        with CaptureQueriesContext(connection) as ctx:
            page_body(client, url, {param: number})
        counts.append(len(ctx.captured_queries))
    return counts
