"""History of a record (django-simple-history): who made a change, and readable entries of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _


def stamp(record: models.Model, *, by: Any, reason: str | None = None) -> models.Model:
    """Name who makes the next save of `record` (and why) in its history; returns the record.

    django-simple-history reads these two attributes when the save writes the history row, so
    every service says it here instead of setting private attributes by hand.
    """
    user = by if getattr(by, "is_authenticated", False) else None
    record._history_user = user  # type: ignore[attr-defined]
    if reason is not None:
        record._change_reason = reason  # type: ignore[attr-defined]
    return record


def author(record: models.Model) -> Any:
    """Who `stamp` named for the record's next save (None when nobody did)."""
    return getattr(record, "_history_user", None)


def person(user: Any) -> str:
    """Who made a change, by name (full name, else login name); "system" for nobody."""
    if user is None:
        return str(_("system"))
    return getattr(user, "display_name", "") or user.get_username()


ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("removed")}
HIDDEN_FIELDS = {"updated_at", "created_at", "id"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime
    who: str
    action: str
    subject: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def _show(model: type[models.Model], name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    try:
        f = model._meta.get_field(name)
    except Exception:
        return str(value)
    # A reverse relation (ForeignObjectRel) has no choices.
    if isinstance(f, models.Field) and f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.ManyToManyField):
        related = f.related_model
        ids = [row[f.m2m_reverse_field_name()] for row in value] if value else []
        names = [str(o) for o in related._default_manager.filter(pk__in=ids)]  # type: ignore[union-attr]
        return ", ".join(sorted(names)) or "—"
    if isinstance(f, models.ForeignKey):
        obj = f.related_model._default_manager.filter(pk=value).first()  # type: ignore[union-attr]
        return str(obj) if obj is not None else str(value)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "j M Y H:i")
    if isinstance(value, date):
        return formats.date_format(value, "j M Y")
    return str(value)


def _label(model: type[models.Model], name: str) -> str:
    try:
        f = model._meta.get_field(name)
    except Exception:
        return name
    # A reverse relation (ForeignObjectRel) has no verbose_name: it is shown by its name.
    return str(f.verbose_name) if isinstance(f, models.Field) else name


def entries(records: Any, subject: str = "", limit: int = 200) -> list[Entry]:
    """Entries for a history queryset, newest first, each with its field-by-field changes."""
    rows = list(
        records.select_related("history_user").order_by("-history_date", "-pk")[: limit + 1]
    )
    out = []
    for i, rec in enumerate(rows[:limit]):
        model = rec.instance_type
        changes: list[Change] = []
        prev = rows[i + 1] if i + 1 < len(rows) else None
        if rec.history_type == "~" and prev is not None and prev.id == rec.id:
            delta = rec.diff_against(prev)
            for c in delta.changes:
                if c.field in HIDDEN_FIELDS:
                    continue
                changes.append(
                    Change(
                        _label(model, c.field),
                        _show(model, c.field, c.old),
                        _show(model, c.field, c.new),
                    )
                )
            if not changes:
                continue
        who = person(rec.history_user)
        out.append(
            Entry(
                when=rec.history_date,
                who=who,
                action=str(ACTIONS[rec.history_type]),
                subject=subject or str(model._meta.verbose_name),
                reason=rec.history_change_reason or "",
                changes=changes,
            )
        )
    return out


def merged(*groups: list[Entry]) -> list[Entry]:
    """Several records' entries as one list, newest first."""
    return sorted((e for g in groups for e in g), key=lambda e: e.when, reverse=True)
