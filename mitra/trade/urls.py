from __future__ import annotations

from django.urls import path

from mitra.trade import views

app_name = "trade"
urlpatterns = [
    path("", views.index, name="index"),
    path("groups/<slug:group>/", views.index, name="group"),
    path("import/", views.upload, name="upload"),
]
