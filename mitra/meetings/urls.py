from __future__ import annotations

from django.urls import path

from mitra.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("follow-ups/", views.followup_list, name="followups"),
    path("follow-ups/<int:pk>/status/", views.followup_status, name="followup_status"),
    path("follow-ups/<int:pk>/due/", views.followup_due, name="followup_due"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/archive/", views.meeting_archive, name="archive"),
    path("<int:pk>/follow-ups/", views.followup_add, name="followup_add"),
]
