from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "mitra.taxonomy"
    label = "taxonomy"
    verbose_name = _("Cooperation areas")
