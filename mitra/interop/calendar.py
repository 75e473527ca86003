"""/calendar.ics: expiries and notice deadlines, meetings and follow-up due dates, for the
user's scope; opened with a session or a personal token (?token= or Authorization: Bearer),
so Outlook or Google Calendar can subscribe."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from icalendar import Calendar, Event

from mitra.accounts.tokens import user_for_request
from mitra.agreements import selectors as agreement_selectors
from mitra.agreements.models import Agreement
from mitra.core.permissions import can, role_of
from mitra.meetings.models import FollowUp, Meeting

DOMAIN = "mitra.local"


def _user(request: HttpRequest) -> Any:
    if request.user.is_authenticated:
        return request.user
    header = request.headers.get("Authorization", "")
    raw = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
    return user_for_request(request, raw or request.GET.get("token", ""))


def _event(uid: str, day: dt.date, summary: str, url: str, description: str = "") -> Event:
    event = Event()
    event.add("uid", f"{uid}@{DOMAIN}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("url", url)
    if description:
        event.add("description", description)
    event.add("transp", "TRANSPARENT")
    return event


def build(user: Any, base: str) -> Calendar:
    """The feed for one user: what they may read, nothing more."""
    calendar = Calendar()
    calendar.add("prodid", "-//Mitra//health cooperation registry//ID")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Mitra: deadlines and meetings"))
    agreements = agreement_selectors.visible_to(user, Agreement.objects.active()).filter(
        status__in=[Agreement.Status.SIGNED, Agreement.Status.IN_FORCE],
        date_expiry__isnull=False,
    )
    for a in agreements:
        if a.date_expiry is None:  # excluded by the query; says so to the type checker
            continue
        url = base + a.get_absolute_url()
        calendar.add_component(
            _event(f"expiry-{a.pk}", a.date_expiry, _("Expires: %(t)s") % {"t": a.title}, url)
        )
        if a.notice_period_days:
            notice = a.date_expiry - dt.timedelta(days=a.notice_period_days)
            calendar.add_component(
                _event(f"notice-{a.pk}", notice, _("Notice deadline: %(t)s") % {"t": a.title}, url)
            )
    if can(user, "internal.view"):
        for m in Meeting.objects.active().filter(date__isnull=False):
            calendar.add_component(
                _event(f"meeting-{m.pk}", m.date, m.title, base + m.get_absolute_url(), m.place)
            )
        followups = FollowUp.objects.active().filter(
            status=FollowUp.Status.OPEN, due_date__isnull=False, meeting__archived_at__isnull=True
        )
        if role_of(user) == "focal":
            followups = followups.filter(owner_unit_id=user.unit_id)
        for f in followups.select_related("owner_unit"):
            summary = _("Follow-up due: %(t)s") % {"t": f.description[:120]}
            calendar.add_component(
                _event(
                    f"followup-{f.pk}",
                    f.due_date,
                    summary,
                    base + f.get_absolute_url(),
                    str(f.owner_unit),
                )
            )
    return calendar


@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user is None:
        response = HttpResponse(
            _("Log in, or add ?token= with a personal token."),
            status=401,
            content_type="text/plain",
        )
        response["WWW-Authenticate"] = "Bearer"
        return response
    feed = build(user, request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(feed.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="mitra.ics"'
    return response
