"""The administrator keeps the clearance templates: ordered steps, edited inline. A template is
archived, never deleted; archiving is refused while a clearance made from it is under way."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from mitra.clearance import services
from mitra.clearance.models import ClearanceTemplate, TemplateStep


class TemplateStepInline(admin.TabularInline):
    model = TemplateStep
    extra = 1
    fields = (
        "order",
        "name_id",
        "name_en",
        "role",
        "unit",
        "responsible_unit",
        "mode",
        "condition",
        "days",
    )
    # A step changed or removed here changes no clearance under way: each keeps its own copy.
    autocomplete_fields = ("unit",)


@admin.register(ClearanceTemplate)
class ClearanceTemplateAdmin(SimpleHistoryAdmin):
    list_display = ("name", "is_default", "archived_at")
    list_filter = ("is_default",)
    inlines = [TemplateStepInline]
    actions = ["archive"]

    @admin.action(description=_("Archive the selected templates"))
    def archive(self, request: HttpRequest, queryset: QuerySet[ClearanceTemplate]) -> None:
        for template in queryset:
            try:
                services.template_archive(user=request.user, template=template)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), level=messages.ERROR)
            else:
                self.message_user(request, _("Archived: %(name)s") % {"name": template.name})

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # archived instead, so the clearances made from it keep their source

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
