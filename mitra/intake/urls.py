from __future__ import annotations

from django.urls import path

from mitra.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.review, name="review"),
    path("upload/", views.upload, name="upload"),
    path("upload/many/", views.upload_many, name="upload_many"),
    path("proposals/<int:pk>/", views.decide, name="decide"),
]
