from __future__ import annotations

from django.urls import path

from mitra.comments import views

app_name = "comments"
urlpatterns = [
    path("questions/", views.questions, name="questions"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<str:kind>/<int:pk>/", views.thread, name="thread"),
    path("<str:kind>/<int:pk>/post/", views.post, name="post"),
]
