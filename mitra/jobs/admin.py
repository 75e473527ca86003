from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mitra.jobs.models import DailyRun, Job


@admin.register(Job)
class JobAdmin(SimpleHistoryAdmin):
    list_display = ("pk", "kind", "title", "status", "started_by", "attempt", "created_at")
    list_filter = ("kind", "status")
    search_fields = ("title", "error", "summary")
    readonly_fields = [f.name for f in Job._meta.fields]


@admin.register(DailyRun)
class DailyRunAdmin(admin.ModelAdmin):
    list_display = ("day", "worker", "claimed_at", "finished_at")
    readonly_fields = ("day", "worker", "claimed_at", "finished_at", "outcome")
