from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from mitra.accounts import views as account_views
from mitra.agreements import urls as agreement_urls
from mitra.api import api
from mitra.core import views as core_views
from mitra.insights import urls as insight_urls
from mitra.insights import views as insight_views
from mitra.interop import calendar as calendar_views
from mitra.partners import urls as partner_urls
from mitra.plans import urls as plan_urls

handler403 = "mitra.core.views.forbidden"

urlpatterns = [
    path("", insight_views.dashboard, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="accounts/login.html"),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/profile/", account_views.profile, name="profile"),
    path("accounts/two-factor/", account_views.otp_verify, name="otp_verify"),
    path("accounts/two-factor/setup/", account_views.otp_setup, name="otp_setup"),
    path("calendar.ics", calendar_views.calendar, name="calendar"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("mitra.insights.urls")),  # before partners/: the brief lives under it
    # The partner, agreement and plan pages are insights' (they compose several domains); they
    # share the apps' namespaces so that partners:detail, agreements:detail, plans:detail… keep
    # their names (the apps' own patterns first: partners/new/ is not a partner's code).
    path("partners/", include((partner_urls.urlpatterns + insight_urls.partner_pages, "partners"))),
    path(
        "agreements/",
        include((agreement_urls.urlpatterns + insight_urls.agreement_pages, "agreements")),
    ),
    path("plans/", include((plan_urls.urlpatterns + insight_urls.plan_pages, "plans"))),
    path("meetings/", include("mitra.meetings.urls")),
    path("documents/", include("mitra.documents.urls")),
    path("search/", include("mitra.search.urls")),
    path("review/", include("mitra.intake.urls")),
    path("interop/", include("mitra.interop.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
