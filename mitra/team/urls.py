from __future__ import annotations

from django.urls import path

from mitra.team import views

app_name = "team"
urlpatterns = [
    path("team/", views.team_page, name="page"),
    path("team/members/", views.member_add, name="member_add"),
    path("team/people/", views.person_add, name="person_add"),
    path("team/items/new/", views.item_create, name="item_create"),
    path("team/items/<int:pk>/", views.item_detail, name="item"),
    path("team/items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("team/items/<int:pk>/positions/", views.position_set, name="position_set"),
]
