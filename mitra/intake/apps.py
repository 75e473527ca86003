from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "mitra.intake"
    label = "intake"
    verbose_name = _("Intake")

    def ready(self) -> None:
        from mitra.intake import selectors
        from mitra.workflow import inbox_sources

        inbox_sources.register(selectors.inbox_section)
