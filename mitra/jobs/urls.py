from __future__ import annotations

from django.urls import path

from mitra.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/retry/", views.retry, name="retry"),
    path("<int:pk>/download/", views.download, name="download"),
]
