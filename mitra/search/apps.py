from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "mitra.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from mitra.search import signals

        signals.connect()
