"""Rules every template keeps: valid HTML attributes, no role or date logic of its own."""

import re
from pathlib import Path

import pytest

import mitra

TEMPLATES = sorted(Path(mitra.__file__).parent.glob("**/templates/**/*.html"))


def test_the_templates_are_found():
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize(
    "path", TEMPLATES, ids=lambda p: str(p.relative_to(Path(mitra.__file__).parent))
)
def test_no_template_carries_an_invalid_hx_attribute(path):
    """htmx reads `data-hx-*`; a bare `hx-*` attribute is invalid HTML."""
    assert not re.search(r"(?<![\w-])hx-[a-z-]+=", path.read_text())


@pytest.mark.parametrize(
    "path", TEMPLATES, ids=lambda p: str(p.relative_to(Path(mitra.__file__).parent))
)
def test_no_template_compares_roles(path):
    """Templates ask `{% can %}` or read a flag; who may do what lives in core.permissions."""
    assert not re.search(r"role\s*(==|!=)", path.read_text())


# A role, kind or status (`partner.kind`, `r.status`, `a.current_status`…) next to a comparison
# with a quoted code, either way round, inside an {% if %} or {% elif %}.
_CODE = r"""[\w.]*(role|kind|status)\b"""
_LITERAL = r"""["'][^"']*["']"""
_COMPARISON = re.compile(
    rf"{_CODE}\s*(==|!=|<|>|not in|in)\s*{_LITERAL}|{_LITERAL}\s*(==|!=|not in|in)\s*{_CODE}"
)


def compared_codes(text: str) -> list[str]:
    """The {% if %}/{% elif %} conditions that compare a role, kind or status with a code."""
    conditions = re.findall(r"{%\s*(?:if|elif)\s(.*?)%}", text, flags=re.S)
    return [c.strip() for c in conditions if _COMPARISON.search(c)]


def test_the_scan_finds_each_form_of_comparison():
    assert compared_codes('{% if partner.kind == "country" %}x{% endif %}')
    assert compared_codes("{% elif r.status != 'returned' and ok %}")
    assert compared_codes('{% if "pending" == p.status %}')
    assert compared_codes('{% if a.current_status in "signed in_force" %}')
    assert compared_codes('{% if user.role == "officer" %}')
    # A flag, or choosing the selected option of a list, is not a comparison with a code.
    assert not compared_codes("{% if partner.is_country %}{% if value == a.status %}")
    assert not compared_codes('{% if kinds %}<option value="{{ v }}">{% endif %}')


@pytest.mark.parametrize(
    "path", TEMPLATES, ids=lambda p: str(p.relative_to(Path(mitra.__file__).parent))
)
def test_no_template_compares_kinds_or_statuses(path):
    """A template reads the flag or label its read model sets (`partner.is_country`,
    `page.brief_label`, `result.awaiting_review`); what a kind or status means lives beside the
    model, in one place."""
    assert compared_codes(path.read_text()) == []
