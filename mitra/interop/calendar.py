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
from icalendar import Alarm, Calendar, Event

from mitra.accounts.tokens import user_for_request
from mitra.agreements import rules as agreement_rules
from mitra.agreements import selectors as agreement_selectors
from mitra.meetings import selectors as meeting_selectors
from mitra.workflow import selectors as workflow_selectors

DOMAIN = "mitra.local"


def _user(request: HttpRequest) -> Any:
    if request.user.is_authenticated:
        return request.user
    header = request.headers.get("Authorization", "")
    raw = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
    return user_for_request(request, raw or request.GET.get("token", ""))


def _event(
    uid: str,
    day: dt.date,
    summary: str,
    url: str,
    description: str = "",
    alarms: tuple[int, ...] = (),
) -> Event:
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
    for days in alarms:  # the user's reminder thresholds, at 09:00 that day
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", dt.timedelta(days=-days, hours=9))
        event.add_component(alarm)
    return event


def build(user: Any, base: str) -> Calendar:
    """The feed for one user: what they may read, nothing more."""
    calendar = Calendar()
    calendar.add("prodid", "-//Mitra//health cooperation registry//ID")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Mitra: deadlines and meetings"))
    reminders = workflow_selectors.calendar_reminders(user=user)
    for a in agreement_selectors.with_expiry_dates(user=user):
        if a.date_expiry is None:  # excluded by the query; says so to the type checker
            continue
        url = base + a.get_absolute_url()
        calendar.add_component(
            _event(
                f"expiry-{a.pk}",
                a.date_expiry,
                _("Expires: %(t)s") % {"t": a.title},
                url,
                alarms=reminders.expiry(a),
            )
        )
        notice = agreement_rules.notice_date(a)
        if notice is not None:
            calendar.add_component(
                _event(
                    f"notice-{a.pk}",
                    notice,
                    _("Notice deadline: %(t)s") % {"t": a.title},
                    url,
                    alarms=reminders.notice(a),
                )
            )
    # The meetings selectors decide what this user reads: none for a role that may not read
    # meetings, and a unit's focal point gets the follow-ups their unit owns.
    for m in meeting_selectors.dated_meetings(user=user):
        if m.date is None:  # excluded by the query; says so to the type checker
            continue
        calendar.add_component(
            _event(f"meeting-{m.pk}", m.date, m.title, base + m.get_absolute_url(), m.place)
        )
    for f in meeting_selectors.followups_due(user=user):
        if f.due_date is None:  # excluded by the query; says so to the type checker
            continue
        summary = _("Follow-up due: %(t)s") % {"t": f.description[:120]}
        calendar.add_component(
            _event(
                f"followup-{f.pk}",
                f.due_date,
                summary,
                base + f.get_absolute_url(),
                str(f.owner_unit),
                alarms=reminders.followup(f),
            )
        )
    for o in workflow_selectors.calendar_occurrences(user=user):
        calendar.add_component(
            _event(
                f"obligation-{o.pk}",
                o.due_date,
                _("Obligation due: %(t)s") % {"t": o.obligation.title},
                base + o.get_absolute_url(),
                str(o.owner_unit or _("the bureau's officers")),
                alarms=reminders.obligation(o),
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
