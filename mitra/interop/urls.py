from __future__ import annotations

from django.urls import path

from mitra.interop import views

app_name = "interop"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.upload, name="upload"),
    path("import/<str:name>/", views.mapping, name="mapping"),
    path("iati/", views.iati_upload, name="iati_upload"),
    path("export/", views.export, name="export"),
]
