"""Helpers shared by every app's forms."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where the form has it."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            target = name if name in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def errors_text(source: forms.BaseForm | forms.BaseFormSet | ValidationError) -> str:
    """Every message of a form, a formset or a service error, as one line for a flash message."""
    if isinstance(source, ValidationError):
        return " ".join(str(m) for m in source.messages)
    if isinstance(source, forms.BaseFormSet):
        return " ".join(errors_text(f) for f in source.forms if f.errors)
    return " ".join(str(m) for errors in source.errors.values() for m in errors)
