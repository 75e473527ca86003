"""The words of each kind of notification, rendered from its parameters in the reader's language.

Parameters (JSON on the notification): `title` (and `title_en`, used in English when set), `date`
(ISO), `days` (days left; negative once past), `label` (an extra phrase such as a period, or a
clearance step's name; `label_en` used in English when set),
`author` for mentions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mitra.notifications.models import Kind


def _date(params: dict[str, Any]) -> str:
    raw = params.get("date")
    if not raw:
        return ""
    return formats.date_format(dt.date.fromisoformat(raw), "j F Y")


def _when(days: int, date: str) -> str:
    """“in 30 days (1 March 2027)”, “today”, or “3 days ago (…)”, in the active language."""
    if days > 0:
        return ngettext("in %(n)d day (%(date)s)", "in %(n)d days (%(date)s)", days) % {
            "n": days,
            "date": date,
        }
    if days == 0:
        return _("today (%(date)s)") % {"date": date}
    return ngettext("%(n)d day ago (%(date)s)", "%(n)d days ago (%(date)s)", -days) % {
        "n": -days,
        "date": date,
    }


def subject(kind: str, params: dict[str, Any]) -> str:
    """One line: what happens to what, and when."""
    title = params.get("title", "")
    if translation.get_language() == "en" and params.get("title_en"):
        title = params["title_en"]
    date = _date(params)
    days = int(params.get("days", 0))
    when = _when(days, date) if date else ""
    label = params.get("label", "")
    if translation.get_language() == "en" and params.get("label_en"):
        label = params["label_en"]
    values = {"title": title, "when": when, "label": label}
    if kind == Kind.EXPIRY:
        if days < 0:
            return _("“%(title)s” expired %(when)s") % values
        return _("“%(title)s” expires %(when)s") % values
    if kind == Kind.NOTICE:
        if days < 0:
            return _("The notice deadline of “%(title)s” passed %(when)s") % values
        return _("Notice deadline of “%(title)s” %(when)s") % values
    if kind == Kind.FOLLOWUP:
        if days < 0:
            return _("Follow-up overdue, due %(when)s: %(title)s") % values
        return _("Follow-up due %(when)s: %(title)s") % values
    if kind == Kind.REPORT:
        if days < 0:
            return _("Report overdue for “%(title)s”, %(label)s, due %(when)s") % values
        return _("Report due %(when)s for “%(title)s”, %(label)s") % values
    if kind == Kind.DELAYED:
        return _("Activity delayed: “%(title)s”") % values
    if kind == Kind.DORMANT:
        return _("“%(title)s” is dormant: no activity or meeting in the last 12 months") % values
    if kind == Kind.OBLIGATION:
        if days < 0:
            return _("Obligation overdue, due %(when)s: %(title)s") % values
        return _("Obligation due %(when)s: %(title)s") % values
    if kind == Kind.CLEARANCE_STEP:
        return _("Clearance of “%(title)s”: the step “%(label)s” awaits your decision") % values
    if kind == Kind.CLEARANCE_RETURN:
        return _("Clearance of “%(title)s” returned at the step “%(label)s”") % values
    if kind == Kind.CLEARANCE_LATE:
        return _("Clearance of “%(title)s”: the step “%(label)s” is past its time limit") % values
    if kind == Kind.CLEARANCE_DONE:
        return _("“%(title)s” is cleared for signature") % values
    if kind == Kind.LIAISON:
        if params.get("next"):
            return _(
                "Not acknowledged in time: “%(title)s” (%(label)s); next contact: %(next)s"
            ) % {**values, "next": params["next"]}
        return _("Not acknowledged in time: “%(title)s” (%(label)s)") % values
    return _("%(author)s mentioned you: %(title)s") % {
        "author": params.get("author", ""),
        "title": title,
    }


def absolute(url: str) -> str:
    return settings.MITRA_BASE_URL + url if url.startswith("/") else url


def email_for_one(kind: str, params: dict[str, Any], url: str, name: str) -> tuple[str, str]:
    """Subject and text of an e-mail that carries one notification at once."""
    line = subject(kind, params)
    body = "\n\n".join(
        [
            _("Hello %(name)s,") % {"name": name},
            line,
            _("Open it in Mitra: %(url)s") % {"url": absolute(url)},
            _footer(),
        ]
    )
    return "Mitra: " + line, body


def email_digest(
    items: list[tuple[str, dict[str, Any], str]], name: str, mode: str
) -> tuple[str, str]:
    """Subject and text of a digest of several notifications (kind, params, url each)."""
    lines = [f"- {subject(kind, params)}\n  {absolute(url)}" for kind, params, url in items]
    n = len(items)
    if mode == "weekly":
        title = ngettext(
            "Mitra weekly digest: %(n)d notification", "Mitra weekly digest: %(n)d notifications", n
        ) % {"n": n}
    else:
        title = ngettext(
            "Mitra daily digest: %(n)d notification", "Mitra daily digest: %(n)d notifications", n
        ) % {"n": n}
    body = "\n\n".join([_("Hello %(name)s,") % {"name": name}, "\n".join(lines), _footer()])
    return title, body


def _footer() -> str:
    return _("Choose which e-mails you receive, and when: %(url)s") % {
        "url": absolute("/notifications/")
    }
