from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonConfig(AppConfig):
    name = "mitra.liaison"
    label = "liaison"
    verbose_name = _("Health-security liaison")
