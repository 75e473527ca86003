from __future__ import annotations

from django.urls import path

from mitra.partners import views

# partners:list, partners:detail and partners:contact_add are the top layer's pages
# (mitra/insights/pages/partner.py), joined into this namespace by mitra/urls.py.
app_name = "partners"
urlpatterns = [
    path("new/", views.partner_create, name="create"),
    path("<str:code>/edit/", views.partner_edit, name="edit"),
    path("<str:code>/archive/", views.partner_archive, name="archive"),
    path("<str:code>/contacts/<int:pk>/archive/", views.contact_archive, name="contact_archive"),
]
