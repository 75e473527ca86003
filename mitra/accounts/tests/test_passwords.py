"""Django's password validators guard every new password, with reasons in the user's language."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "reason_id", "reason_en"),
    [
        ("olga.pw", "terlalu mirip", "too similar"),
        ("k3s", "terlalu pendek", "too short"),
        ("password123", "terlalu umum", "too common"),
        ("4815162342", "angka", "numeric"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(officer, password, reason_id, reason_en):
    for language, reason in (("id", reason_id), ("en", reason_en)):
        with translation.override(language), pytest.raises(ValidationError) as refused:
            validate_password(password, officer)
        assert reason in " ".join(refused.value.messages), refused.value.messages


def test_a_long_unusual_passphrase_is_accepted(officer):
    validate_password("kerja sama vaksin Astana 2025", officer)
