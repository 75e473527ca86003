from __future__ import annotations

from django.urls import path

from mitra.workflow import views

app_name = "workflow"
urlpatterns = [
    path("obligations/<int:pk>/", views.occurrence_detail, name="occurrence"),
    path("obligations/<int:pk>/done/", views.occurrence_done, name="occurrence_done"),
    path("agreements/<int:pk>/obligations/new/", views.obligation_create, name="obligation_create"),
    path("agreements/<int:pk>/reminders/", views.agreement_reminders, name="agreement_reminders"),
    path("reminders/mute/", views.mute, name="mute"),
]
