from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "mitra.roadmap"
    label = "roadmap"
    verbose_name = _("Roadmap of potential")
