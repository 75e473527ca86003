from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TreatyConfig(AppConfig):
    name = "mitra.treaty"
    label = "treaty"
    verbose_name = _("Treaty record")
