from __future__ import annotations

from django.urls import path

from mitra.clearance import views

app_name = "clearance"
urlpatterns = [
    path("agreements/<int:pk>/clearance/", views.clearance_page, name="page"),
    path("agreements/<int:pk>/clearance/start/", views.clearance_start, name="start"),
    path("agreements/<int:pk>/clearance/decide/", views.step_decide, name="decide"),
    path("agreements/<int:pk>/clearance/resubmit/", views.clearance_resubmit, name="resubmit"),
]
