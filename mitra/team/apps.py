from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamConfig(AppConfig):
    name = "mitra.team"
    label = "team"
    verbose_name = _("Health globalisation team")
