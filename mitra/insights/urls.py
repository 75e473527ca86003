from __future__ import annotations

from django.urls import path

from mitra.insights import views

app_name = "insights"
urlpatterns = [
    path("partners/<str:code>/brief/", views.brief, name="brief"),
    path("partners/<str:code>/brief.pdf", views.brief_pdf, name="brief_pdf"),
    path("public/", views.portal, name="portal"),
]
