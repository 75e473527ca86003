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
