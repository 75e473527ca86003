from __future__ import annotations

from django.urls import path

from mitra.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("new/", views.agreement_create, name="create"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/edit/", views.agreement_edit, name="edit"),
    path("<int:pk>/steps/<str:step>/", views.agreement_step, name="step"),
    path("<int:pk>/archive/", views.agreement_archive, name="archive"),
    path("<int:pk>/renew/", views.agreement_renew, name="renew"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("<int:pk>/documents/<int:document_pk>/", views.document_download, name="document"),
]
