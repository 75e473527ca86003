from __future__ import annotations

from django.urls import path

from mitra.insights import views

app_name = "insights"
urlpatterns = [
    path("partners/<str:code>/brief/", views.brief, name="brief"),
    path("partners/<str:code>/brief.pdf", views.brief_pdf, name="brief_pdf"),
    path("public/", views.portal, name="portal"),
    path("inbox/", views.my_week, name="inbox"),
]

# The partner, agreement and plan pages, in their apps' URL namespaces (same URLs and names as
# before they moved here): mitra/urls.py puts each list after that app's own URLs.
from mitra.insights.pages import agreement as agreement_page  # noqa: E402
from mitra.insights.pages import partner as partner_page  # noqa: E402
from mitra.insights.pages import plan as plan_page  # noqa: E402
from mitra.insights.pages import roadmap as roadmap_page  # noqa: E402

partner_pages = [
    path("", partner_page.partner_list, name="list"),
    path("<str:code>/", partner_page.partner_detail, name="detail"),
    path("<str:code>/contacts/", partner_page.contact_add, name="contact_add"),
]
agreement_pages = [
    path("<int:pk>/", agreement_page.agreement_detail, name="detail"),
    path("<int:pk>/steps/<str:step>/", agreement_page.agreement_step, name="step"),
    path("<int:pk>/documents/", agreement_page.document_upload, name="document_upload"),
    path("<int:pk>/share/", agreement_page.agreement_share, name="share"),
    path(
        "<int:pk>/shares/<int:share_pk>/revoke/", agreement_page.agreement_unshare, name="unshare"
    ),
]
plan_pages = [
    path("", plan_page.plan_list, name="list"),
    path("<int:pk>/", plan_page.plan_detail, name="detail"),
]
roadmap_pages = [
    path("<int:year>/", roadmap_page.roadmap_detail, name="detail"),
    path("<int:year>.pdf", roadmap_page.roadmap_pdf, name="pdf"),
]
