"""Two-factor sign-in with a TOTP app (django-otp): optional for officers and administrators,
mandatory for them when MITRA_REQUIRE_2FA=true. The other roles change nothing sensitive and
are never asked."""

from __future__ import annotations

import math
from base64 import b32encode
from typing import Any

import django_otp
import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from mitra.core import security
from mitra.core.permissions import ADMIN, OFFICER, role_of

ROLES = frozenset({OFFICER, ADMIN})
SESSION_KEY = "second_factor"  # "verify", "setup" or "" — decided at sign-in
VERIFY, SETUP = "verify", "setup"

WRONG_CODE = _("This code is not right. Check that the phone's clock is correct and try again.")
TOO_SOON = _("Too many wrong codes: wait %(seconds)d seconds, then enter the newest code.")


def may_use(user: Any) -> bool:
    return role_of(user) in ROLES


def needed(user: Any) -> str:
    """What this user must do after the password: verify a code, set up an app, or nothing."""
    if not may_use(user):
        return ""
    if django_otp.user_has_device(user):
        return VERIFY
    return SETUP if settings.REQUIRE_2FA else ""


def remember_at_sign_in(request: HttpRequest, user: Any) -> None:
    # Kept in the session so that no request pays a query to ask again.
    request.session[SESSION_KEY] = needed(user)


def pending(request: HttpRequest) -> str:
    user = request.user
    if not user.is_authenticated or user.is_verified():  # type: ignore[union-attr,attr-defined]
        return ""
    step = str(request.session.get(SESSION_KEY, ""))
    if not step and settings.REQUIRE_2FA and may_use(user):
        # A session begun before the requirement was switched on, or before the user became an
        # officer, is asked too: the requirement holds from the next request, not the next login.
        step = request.session[SESSION_KEY] = needed(user)
    return step


@transaction.atomic
def totp_device_for_setup(*, user: Any) -> TOTPDevice:
    """The app to be set up: one unconfirmed device, the same until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Mitra", confirmed=False)
    return device


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code, for an <img> (the policy allows data: images)."""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2))


def secret_text(device: TOTPDevice) -> str:
    """The key as a phone app's "enter a setup key" expects it, in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _check(request: HttpRequest, device: TOTPDevice, token: str) -> None:
    allowed, info = device.verify_is_allowed()
    if not allowed:
        until = (info or {}).get("locked_until")
        left = (until - timezone.now()).total_seconds() if until else 1
        raise ValidationError(TOO_SOON % {"seconds": max(1, math.ceil(left))})
    if not device.verify_token(token.strip().replace(" ", "")):
        security.event("2fa-failed", request)
        raise ValidationError(WRONG_CODE)


# Not atomic: a wrong code's failure count must be kept, or throttling would never start.
def totp_confirm(*, request: HttpRequest, device: TOTPDevice, token: str) -> TOTPDevice:
    """The first code from the app: the device is confirmed and this session verified."""
    if device.user_id != request.user.pk or not may_use(request.user):
        raise ValidationError(WRONG_CODE)
    _check(request, device, token)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    django_otp.login(request, device)
    request.session[SESSION_KEY] = ""
    security.event("2fa-enabled", request)
    return device


def totp_verify(*, request: HttpRequest, token: str) -> TOTPDevice:
    """A code at sign-in, against the user's confirmed app."""
    device = TOTPDevice.objects.devices_for_user(request.user, confirmed=True).first()
    if device is None:
        raise ValidationError(WRONG_CODE)
    _check(request, device, token)
    django_otp.login(request, device)
    request.session[SESSION_KEY] = ""
    security.event("2fa-verified", request)
    return device
