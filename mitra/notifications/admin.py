"""The administrator sees what failed to send (and sends it again) and who has no address."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mitra.notifications import services
from mitra.notifications.models import Notification, Outbox


@admin.register(Outbox)
class OutboxAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "to_address",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
    )
    list_filter = ("status",)
    search_fields = ("to_address", "subject")
    readonly_fields = [f.name for f in Outbox._meta.fields]
    actions = ["send_again"]

    @admin.action(description=_("Send again from now"))
    def send_again(self, request: HttpRequest, queryset: QuerySet[Outbox]) -> None:
        n = services.outbox_requeue(rows=queryset)
        self.message_user(request, _("%(n)d e-mail(s) queued again.") % {"n": n})

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class NoAddressFilter(admin.SimpleListFilter):
    title = _("recipient's e-mail address")
    parameter_name = "address"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("none", _("none: in Mitra only"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "none":
            return queryset.filter(recipient__email="")
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "kind", "mode", "read_at", "email")
    list_filter = (NoAddressFilter, "kind", "mode")
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
