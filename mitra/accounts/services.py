"""Writes to a user's own account: name, e-mail address and the language of their messages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from mitra.core import history
from mitra.core.validators import one_line

LANGUAGE_UNKNOWN = _("Choose Indonesian or English.")
EMAIL_TAKEN = _("Another account already uses this e-mail address.")


@transaction.atomic
def profile_update(*, user: Any, first_name: str, last_name: str, email: str, language: str) -> Any:
    """Change one's own name, address and language (the language of e-mails and digests)."""
    from mitra.accounts.models import User

    errors: dict[str, list] = {}
    for name, value in (("first_name", first_name), ("last_name", last_name)):
        try:
            one_line(value)
        except ValidationError as exc:
            errors[name] = exc.messages
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            errors["email"] = exc.messages
        else:
            if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
                errors["email"] = [str(EMAIL_TAKEN)]
    if language not in dict(settings.LANGUAGES):
        errors["language"] = [str(LANGUAGE_UNKNOWN)]
    if errors:
        raise ValidationError(errors)
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.email = email
    user.language = language
    history.stamp(user, by=user)
    user.save(update_fields=["first_name", "last_name", "email", "language"])
    return user
