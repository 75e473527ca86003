"""The password reset form whose e-mail goes through the outbox."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.template.loader import render_to_string
from django.utils import translation

from mitra.notifications import services


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the mail goes to the outbox (sent by send_outbox, never inside
    the request) and is written in the account's language, with MITRA_BASE_URL's link."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context["user"]
        context = {**context, "base_url": settings.MITRA_BASE_URL}
        with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
            subject = "".join(render_to_string(subject_template_name, context).splitlines())
            body = render_to_string(email_template_name, context)
        services.mail_queue(user=user, subject=subject, body=body)
