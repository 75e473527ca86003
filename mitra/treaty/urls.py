from __future__ import annotations

from django.urls import path

from mitra.treaty import views

app_name = "treaty"
urlpatterns = [
    path("treaty/", views.treaty_list, name="list"),
    path("treaty/export.xlsx", views.treaty_export, name="export"),
    path("treaty/<int:pk>/", views.treaty_record, name="record"),
    path("treaty/<int:pk>/notes/", views.note_add, name="note_add"),
    path("treaty/<int:pk>/deadlines/", views.deadline_add, name="deadline_add"),
]
