from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mitra.taxonomy.models import CooperationArea


@admin.register(CooperationArea)
class CooperationAreaAdmin(SimpleHistoryAdmin):
    """Reference data for administrators; partners and agreements are kept in the main UI."""

    list_display = ("code", "label_id", "label_en", "parent", "dac_codes")
    list_filter = ("parent",)
    search_fields = ("code", "label_id", "label_en", "keywords_id", "keywords_en")
