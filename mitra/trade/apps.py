from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TradeConfig(AppConfig):
    name = "mitra.trade"
    label = "trade"
    verbose_name = _("Trade in health products")
