from __future__ import annotations

from django.urls import path

from mitra.insights import views

app_name = "insights"
urlpatterns = [
    path("partners/<str:code>/brief/", views.brief, name="brief"),
    path("partners/<str:code>/brief.pdf", views.brief_pdf, name="brief_pdf"),
    path("public/", views.portal, name="portal"),
]

# The plan list and plan page, in the plans URL namespace (same URLs and names as before they
# moved here): mitra/urls.py puts them after the plans app's own URLs.
from mitra.insights.pages import plan as plan_page  # noqa: E402

plan_pages = [
    path("", plan_page.plan_list, name="list"),
    path("<int:pk>/", plan_page.plan_detail, name="detail"),
]
