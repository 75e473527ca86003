"""The HTML that base.html and the shared partials produce is valid (WHATWG / Nu checker)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

# HTML's "valid global date and time string": seconds may carry a fraction, but Nu and the
# HTML spec allow at most 3 digits; Django's "c" format writes 6 (microseconds).
VALID_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2}))?$"
)


def test_history_times_are_valid_html_datetimes(client, officer, draft):
    """An agreement's history: every `<time datetime>` is a value the HTML checker accepts."""
    client.force_login(officer)
    html = client.get(draft.get_absolute_url()).content.decode()
    values = re.findall(r'<time datetime="([^"]*)"', html)
    assert values, "the history shows at least its creation"
    assert [v for v in values if not VALID_DATETIME.match(v)] == []
