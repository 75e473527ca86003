from __future__ import annotations

from django.urls import path

from mitra.plans import views

# plans:list and plans:detail are the insights pages (mitra/insights/pages/plan.py).
app_name = "plans"
urlpatterns = [
    path("new/", views.plan_create, name="create"),
    path("mine/", views.my_activities, name="mine"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/activities/new/", views.activity_create, name="activity_create"),
    path("<int:pk>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/status/", views.activity_status, name="activity_status"),
    path("activities/<int:pk>/evidence/", views.activity_evidence, name="activity_evidence"),
    path("indicators/<int:pk>/results/new/", views.result_report, name="result_report"),
    path("results/<int:pk>/edit/", views.result_edit, name="result_edit"),
    path("results/<int:pk>/review/", views.result_review, name="result_review"),
    path("funding/<int:pk>/commitments/", views.commitment_add, name="commitment_add"),
    path("funding/<int:pk>/sustainability/", views.sustainability_set, name="sustainability_set"),
]
