from __future__ import annotations

from django.urls import path

from mitra.roadmap import views

app_name = "roadmap"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("sectors/", views.sector_add, name="sector_add"),
    path("<int:year>/sectors/<slug:sector>/", views.assessment_edit, name="assessment"),
]
