from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClearanceConfig(AppConfig):
    name = "mitra.clearance"
    label = "clearance"
    verbose_name = _("Clearance before signature")

    def ready(self) -> None:
        # agreements, below this app, refuses a signature or an edit through these checks.
        from mitra.agreements import guards
        from mitra.clearance import rules, services

        guards.on_sign(rules.check_sign)
        guards.on_edit(rules.check_edit)
        guards.on_attach(services.version_record)
