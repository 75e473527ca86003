from __future__ import annotations

from django.urls import path

from mitra.liaison import views

app_name = "liaison"
urlpatterns = [
    path("", views.index, name="index"),
    path("directory.xlsx", views.directory_xlsx, name="directory_xlsx"),
    path("directory.pdf", views.directory_pdf, name="directory_pdf"),
    path("contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/verify/", views.contact_verify, name="contact_verify"),
    path("contacts/<int:pk>/archive/", views.contact_archive, name="contact_archive"),
    path("tests/new/", views.test_record, name="test_record"),
    path("notices/new/", views.notice_create, name="notice_create"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/<int:pk>/acknowledge/", views.notice_acknowledge, name="notice_acknowledge"),
    path("notices/<int:pk>/correct/", views.notice_correct, name="notice_correct"),
]
