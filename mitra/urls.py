from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from mitra.accounts import views as account_views
from mitra.agreements import urls as agreement_urls
from mitra.api import api
from mitra.core import views as core_views
from mitra.insights import urls as insight_urls
from mitra.insights import views as insight_views
from mitra.interop import calendar as calendar_views
from mitra.notifications.forms import OutboxPasswordResetForm
from mitra.partners import urls as partner_urls
from mitra.plans import urls as plan_urls
from mitra.roadmap import urls as roadmap_urls

handler403 = "mitra.core.views.forbidden"

# Password change and reset: Django's views with our templates; the reset e-mail goes through
# the outbox (notifications.forms), in the account's language.
password_urls = [
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_form.html",
            extra_context={"heading": _("Change my password"), "submit": _("Change my password")},
        ),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/message.html",
            extra_context={
                "heading": _("Password changed"),
                "text": _("Your new password is in use."),
                "link": "profile",
                "link_text": _("Back to my account"),
            },
        ),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_form.html",
            form_class=OutboxPasswordResetForm,
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            extra_context={
                "heading": _("Reset my password"),
                "intro": _(
                    "Give your account's e-mail address: we send a link to set a new password."
                ),
                "submit": _("Send the link"),
            },
        ),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/message.html",
            extra_context={
                "heading": _("Check your e-mail"),
                "text": _(
                    "If an account has this address, a link to set a new password is on its way."
                ),
                "link": "login",
                "link_text": _("Log in"),
            },
        ),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_form.html",
            extra_context={"heading": _("Set a new password"), "submit": _("Set the password")},
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/message.html",
            extra_context={
                "heading": _("Password set"),
                "text": _("Your new password is set: you can log in with it."),
                "link": "login",
                "link_text": _("Log in"),
            },
        ),
        name="password_reset_complete",
    ),
]

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
    *password_urls,
    path("notifications/", include("mitra.notifications.urls")),
    path("", include("mitra.workflow.urls")),
    path("", include("mitra.treaty.urls")),
    path("", include("mitra.team.urls")),
    path("", include("mitra.clearance.urls")),
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
    path("comments/", include("mitra.comments.urls")),
    path("documents/", include("mitra.documents.urls")),
    path("search/", include("mitra.search.urls")),
    path("review/", include("mitra.intake.urls")),
    path("interop/", include("mitra.interop.urls")),
    path("jobs/", include("mitra.jobs.urls")),
    path("trade/", include("mitra.trade.urls")),  # issue 15
    path(  # issue 15: the roadmap's own pages, and its year's page with the matrix (insights)
        "roadmap/",
        include((roadmap_urls.urlpatterns + insight_urls.roadmap_pages, "roadmap")),
    ),
    path("liaison/", include("mitra.liaison.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
