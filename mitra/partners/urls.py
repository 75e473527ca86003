from __future__ import annotations

from django.urls import path

from mitra.partners import views

app_name = "partners"
urlpatterns = [
    path("", views.partner_list, name="list"),
    path("new/", views.partner_create, name="create"),
    path("<str:code>/", views.partner_detail, name="detail"),
    path("<str:code>/edit/", views.partner_edit, name="edit"),
    path("<str:code>/archive/", views.partner_archive, name="archive"),
    path("<str:code>/contacts/", views.contact_add, name="contact_add"),
    path("<str:code>/contacts/<int:pk>/archive/", views.contact_archive, name="contact_archive"),
]
