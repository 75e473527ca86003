from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from mitra.taxonomy import selectors


def test_area_codes_are_case_insensitive(db):
    assert selectors.area_by_code("VACCINES").code == "vaccines"
    assert [a.code for a in selectors.areas_by_codes(["Vaccines", "vaccines"])] == ["vaccines"]


def test_unknown_area_codes_are_named_with_the_valid_ones(db):
    with pytest.raises(ValidationError) as exc:
        selectors.areas_by_codes(["vaccines", "teleportation"], field="areas")
    message = exc.value.message_dict["areas"][0]
    assert "teleportation" in message and "vaccines" in message
    with pytest.raises(ValidationError):
        selectors.area_by_code("nope", field="area")


def test_choices_indent_sub_areas_under_their_parent(db):
    choices = selectors.area_choices()
    assert choices and not choices[0][1].startswith("—")
    assert any(label.startswith("— ") for _code, label in choices)
