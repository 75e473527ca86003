from __future__ import annotations

from django.urls import path

from mitra.agreements import views

# agreements:detail, agreements:step and agreements:document_upload are the top layer's page
# (mitra/insights/pages/agreement.py), joined into this namespace by mitra/urls.py.
app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("new/", views.agreement_create, name="create"),
    path("<int:pk>/edit/", views.agreement_edit, name="edit"),
    path("<int:pk>/archive/", views.agreement_archive, name="archive"),
    path("<int:pk>/renew/", views.agreement_renew, name="renew"),
    path("<int:pk>/documents/<int:document_pk>/", views.document_download, name="document"),
]
