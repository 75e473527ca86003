"""Reads of partners: who may see them, the filtered list, one partner, codes into partners.

Counting a partner's agreements is the agreements domain's (agreements.selectors), since
partners sit below agreements and know nothing of them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from mitra.core import history
from mitra.core.errors import NotFound
from mitra.core.permissions import can, role_of
from mitra.core.validators import unknown_code
from mitra.partners.models import Contact, Partner

NO_SUCH_PARTNER = _("No partner has the code “%(code)s”.")


def visible_to(user: Any, qs: QuerySet[Partner] | None = None) -> QuerySet[Partner]:
    """Partners this user may read: the registry of partners is open to every signed-in role."""
    qs = Partner.objects.all() if qs is None else qs
    return qs if role_of(user) is not None else qs.none()


def audience(user: Any) -> str:
    """What of partners this user reads: "all" for every signed-in role, else ""."""
    return "all" if role_of(user) is not None else ""


def _by_code(qs: QuerySet[Partner], code: str) -> QuerySet[Partner]:
    # lower(code) = …, the expression of the unique index: iexact's LIKE scans every row.
    return qs.alias(code_ci=Lower("code")).filter(code_ci=(code or "").strip().lower())


def _choice(field: str, value: str, valid: list[str]) -> str:
    """A kind or region value (any case); anything else is a ValidationError naming it."""
    wanted = value.strip().lower()
    if wanted not in valid:
        raise unknown_code(field, value, valid)
    return wanted


def partner_list(
    *,
    user: Any,
    q: str = "",
    kind: str = "",
    region: str = "",
    area: str = "",
    archived: bool = False,
) -> QuerySet[Partner]:
    """Partners this user may read, filtered, by name.

    `area` (a code or a parent area's code, any case) matches the partnership's own areas and
    those of its agreements, through the reverse relation by name.
    """
    qs = visible_to(user, Partner.objects.archived() if archived else Partner.objects.active())
    if q:
        qs = qs.filter(
            Q(name_id__icontains=q)
            | Q(name_en__icontains=q)
            | Q(code__icontains=q)
            | Q(abbreviation__icontains=q)
        )
    if kind:
        qs = qs.filter(kind=_choice("kind", kind, Partner.Kind.values))
    if region:
        qs = qs.filter(region=_choice("region", region, Partner.Region.values))
    if area:
        area = area.strip().lower()
        own = Q(areas__code=area) | Q(areas__parent__code=area)
        via_agreement = Q(agreement_parties__agreement__areas__code=area) | Q(
            agreement_parties__agreement__areas__parent__code=area
        )
        qs = qs.filter(pk__in=Partner.objects.filter(own | via_agreement).values("pk"))
    return qs.order_by("name_id", "pk")


def partner_get(*, user: Any, code: str) -> Partner:
    """One partner by code (any case) with its active contacts, areas and children; else 404."""
    partner = (
        _by_code(visible_to(user), code)
        .select_related("parent")
        .prefetch_related(
            Prefetch("contacts", queryset=Contact.objects.active()),
            "areas",
            "children",
        )
        .first()
    )
    if partner is None:
        raise NotFound(NO_SUCH_PARTNER % {"code": code})
    return partner


def contact_get(*, user: Any, partner: Partner, pk: int) -> Contact:
    """One of the partner's contacts, or 404."""
    contact = Contact.objects.filter(partner=partner, pk=pk).first()
    if contact is None or role_of(user) is None:
        raise NotFound(_("No such contact."))
    return contact


def partner_by_code(code: str, *, field: str = "partners", active: bool = True) -> Partner:
    """The partner with this code (any case); an unknown code is a ValidationError naming it."""
    qs = Partner.objects.active() if active else Partner.objects.all()
    partner = _by_code(qs, code).first()
    if partner is None:
        raise unknown_code(field, code)
    return partner


def partners_by_codes(codes: Iterable[str], *, field: str = "partners") -> list[Partner]:
    """Partners for codes (any case), in the order given; every unknown code is named at once."""
    codes = [c for c in (str(c).strip() for c in codes) if c]
    found = {
        p.code.lower(): p
        for p in Partner.objects.annotate(code_ci=Lower("code")).filter(
            code_ci__in=[c.lower() for c in codes]
        )
    }
    missing = [c for c in codes if c.lower() not in found]
    if missing:
        raise unknown_code(field, ", ".join(missing))
    out: dict[int, Partner] = {}
    for c in codes:
        partner = found[c.lower()]
        out.setdefault(partner.pk, partner)
    return list(out.values())


def partner_history(*, user: Any, partner: Partner) -> list[history.Entry]:
    """The partner's and its contacts' changes, newest first, for those who may read history."""
    if not can(user, "history.view"):
        return []
    return history.merged(
        record_history(partner.history.all(), str(partner)),
        history.entries(Contact.history.filter(partner_id=partner.pk), str(_("Contact"))),
    )


ARCHIVED = _("archived")
RESTORED = _("restored")


class _Rows:
    """History rows already read, in the shape history.entries reads a queryset in."""

    def __init__(self, rows: list[Any]) -> None:
        self.rows = rows

    def select_related(self, *_fields: str) -> _Rows:
        return self

    def order_by(self, *_fields: str) -> _Rows:
        return self  # read newest first already

    def __getitem__(self, index: slice) -> list[Any]:
        return self.rows[index]


def record_history(records: Any, subject: str, limit: int = 200) -> list[history.Entry]:
    """A record's history entries, archiving and restoring included, from one read of its rows.

    core.history.entries leaves archiving out: `archived_at` is not an editable field, and
    django-simple-history diffs only editable ones. (Shared by agreements; its home is
    core.history once that is changed.)
    """
    rows = list(
        records.select_related("history_user").order_by("-history_date", "-pk")[: limit + 1]
    )
    out = history.entries(_Rows(rows), subject, limit)
    oldest_first = rows[::-1]
    for prev, rec in itertools.pairwise(oldest_first):
        if (prev.archived_at is None) == (rec.archived_at is None):
            continue
        archived = rec.archived_at is not None
        out.append(
            history.Entry(
                when=rec.history_date,
                who=history.person(rec.history_user),
                action=str(ARCHIVED if archived else RESTORED),
                subject=subject,
                reason=rec.history_change_reason or "",
                changes=[
                    history.Change(
                        str(_("Archived")),
                        str(_("no") if archived else _("yes")),
                        str(_("yes") if archived else _("no")),
                    )
                ],
            )
        )
    return history.merged(out)


def find_by_code(*, user: Any, code: str) -> Partner | None:
    """The partner with this code (any case, archived or not) that the user may read, or None:
    for an import that creates what it does not find."""
    return _by_code(visible_to(user), code).first()


def partners_for_export(*, user: Any) -> QuerySet[Partner]:
    """The partners on the books this user may read, with their areas, by code."""
    return visible_to(user, Partner.objects.active()).prefetch_related("areas").order_by("code")


def names_for_matching(*, user: Any) -> QuerySet[Any]:
    """(key, code, IATI ref, Indonesian name, English name, abbreviation) of every partner on
    the books this user may read: what an import matches organisations against."""
    return visible_to(user, Partner.objects.active()).values_list(
        "pk", "code", "iati_ref", "name_id", "name_en", "abbreviation"
    )


def kind_choices() -> list[tuple[str, Any]]:
    """Partner kinds as (code, label); the labels stay lazy, for forms defined at import."""
    return list(Partner.Kind.choices)


def region_choices() -> list[tuple[str, Any]]:
    """Regions as (code, label); the labels stay lazy, for forms defined at import."""
    return list(Partner.Region.choices)


def parent_choices() -> QuerySet[Partner]:
    """Organisations another partner may be part of (countries are never a parent)."""
    return Partner.objects.active().exclude(kind=Partner.Kind.COUNTRY)


def partner_choices() -> QuerySet[Partner]:
    """Partners an agreement, plan or meeting may name (the forms of those who may write)."""
    return Partner.objects.active().order_by("name_id")
