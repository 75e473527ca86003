"""Users, their roles, and the units on our side (the ministry's units, ministries, embassies)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mitra.core.models import Record


class Unit(Record):
    """An organisation on our side: a ministry unit, a coordinating ministry or an embassy."""

    class Kind(models.TextChoices):
        MINISTRY_UNIT = "ministry_unit", _("Ministry of Health unit")
        MINISTRY = "ministry", _("Other ministry or agency")
        EMBASSY = "embassy", _("Embassy")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=40, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    # The partner country an embassy sits in (ISO 3166 alpha-3, the partner code): the embassy
    # reads that partner's records (sharing.selectors). A code, not a foreign key: accounts sits
    # below partners.
    country = models.CharField(
        _("country (embassy)"),
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Give the ISO 3166 alpha-3 code, e.g. KHM."))],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name_id"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(country="") | models.Q(kind="embassy"),
                name="only_an_embassy_has_a_country",
            ),
        ]

    def clean(self) -> None:
        if self.country and self.kind != self.Kind.EMBASSY:
            raise ValidationError({"country": _("Only an embassy sits in a partner country.")})

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_id


class User(AbstractUser):
    """A person who signs in. What they may change follows from their role (core.permissions)."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        OFFICER = "officer", _("Bureau officer")
        FOCAL = "focal", _("Unit focal point")
        COORDINATION = "coordination", _("Coordination member")
        VIEWER = "viewer", _("Viewer")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("unit"),
    )
    # The language of this user's e-mails and digests (the interface follows the switcher).
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # A focal point reports for one unit; without it they could report for none.
            models.CheckConstraint(
                condition=~models.Q(role="focal") | models.Q(unit__isnull=False),
                name="focal_point_has_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The person's name where people read it (history, lists); the login name without one."""
        return self.get_full_name().strip() or self.username


class ApiToken(models.Model):
    """A personal token for the API and calendar feeds; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    # The first characters, shown so a person can tell their tokens apart.
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    # A token left in a script outlives its purpose: it stops working on this date (null: the
    # tokens made before expiry existed, which keep working until revoked).
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class SignedInSession(models.Model):
    """One sign-in: which session it opened, from where, and whether it has ended (the
    administrator's list of active sessions; ending one deletes the session, the row stays)."""

    session_key = models.CharField(max_length=40, unique=True)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="sign_ins", verbose_name=_("user")
    )
    address = models.CharField(_("address"), max_length=45, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("signed in"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last seen"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )

    class Meta:
        ordering = ["-last_seen_at"]
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")

    def __str__(self) -> str:
        return f"{self.user} · {self.address or '-'}"
