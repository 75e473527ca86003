from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from mitra.accounts import sessions
from mitra.accounts.models import ApiToken, SignedInSession, Unit, User


@admin.register(User)
class MitraUserAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "get_full_name", "role", "unit", "is_active")
    list_filter = ("role", "is_active", "unit")
    # UserAdmin sets its fieldsets; the stubs give them ModelAdmin's type, which may be None.
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Mitra", {"fields": ("role", "unit")}))
    add_fieldsets = (*UserAdmin.add_fieldsets, ("Mitra", {"fields": ("role", "unit")}))


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ("name_id", "abbreviation", "kind", "country", "parent")
    list_filter = ("kind",)
    search_fields = ("name_id", "name_en", "abbreviation", "code")


@admin.register(SignedInSession)
class ActiveSessionAdmin(admin.ModelAdmin):
    """Who is signed in now, from where; "End selected sessions" signs them out."""

    list_display = ("user", "address", "user_agent", "created_at", "last_seen_at")
    list_filter = ("user__role",)
    search_fields = ("user__username", "address")
    actions = ["end_sessions"]
    readonly_fields = [f.name for f in SignedInSession._meta.fields]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SignedInSession]:
        return sessions.sessions_active()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # ending keeps the record: the action below

    @admin.action(description=_("End selected sessions"))
    def end_sessions(self, request: HttpRequest, queryset: QuerySet[SignedInSession]) -> None:
        ended = 0
        for record in queryset:
            sessions.session_end(user=request.user, record=record, request=request)
            ended += 1
        self.message_user(request, _("%(n)d session(s) ended.") % {"n": ended})


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Every personal token: whose, when last used, until when (only a hash is stored)."""

    list_display = (
        "name",
        "user",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = ("revoked_at",)
    search_fields = ("user__username", "name", "prefix")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    fields = ("user", "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a token is made by its owner, who alone sees it once
