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


def test_the_layout_and_insights_templates_ask_permissions_not_roles():
    """Templates read `{% can %}` and flags; a role compared in a template drifts from the rules."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    templates = [*(root / "templates").rglob("*.html"), *(root / "insights").rglob("*.html")]
    assert templates
    offenders = [str(t) for t in templates if "user.role" in t.read_text()]
    assert offenders == []


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("officer", ["/meetings/", "/review/", "/interop/"], ["/admin/"]),
        ("viewer", [], ["/meetings/", "/review/", "/interop/", "/admin/"]),
        ("admin", ["/meetings/", "/admin/"], ["/review/", "/interop/"]),
    ],
)
def test_the_menu_offers_what_the_role_may_open(client, personas, persona, shown, hidden):
    client.force_login(personas[persona])
    nav = client.get("/").content.decode().split("<nav", 1)[1].split("</nav>", 1)[0]
    for url in shown:
        assert f'href="{url}"' in nav
    for url in hidden:
        assert f'href="{url}"' not in nav
