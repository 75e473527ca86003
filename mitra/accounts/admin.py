from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from mitra.accounts.models import Unit, User


@admin.register(User)
class MitraUserAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "get_full_name", "role", "unit", "is_active")
    list_filter = ("role", "is_active", "unit")
    # UserAdmin sets its fieldsets; the stubs give them ModelAdmin's type, which may be None.
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Mitra", {"fields": ("role", "unit")}))
    add_fieldsets = (*UserAdmin.add_fieldsets, ("Mitra", {"fields": ("role", "unit")}))


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ("name_id", "abbreviation", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("name_id", "name_en", "abbreviation", "code")
