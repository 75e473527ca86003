"""Reads of agreements: who may see which, lists with filters, one agreement with its parts.

Every selector takes the `user` and returns only what that user may read; the derived rules
(current status, active, renewable, expiring) are agreements.rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitra.agreements import rules
from mitra.agreements.models import Agreement, AgreementParty
from mitra.core import history
from mitra.core.errors import NotFound
from mitra.core.permissions import can, role_of
from mitra.core.validators import unknown_code
from mitra.partners import selectors as partner_selectors
from mitra.partners.models import Partner
from mitra.sharing import selectors as sharing_selectors
from mitra.taxonomy import selectors as taxonomy_selectors
from mitra.taxonomy.models import CooperationArea

S = Agreement.Status
NO_SUCH_AGREEMENT = _("No agreement with number %(pk)s is visible to you.")


def current_status(today: dt.date | None = None) -> Any:
    """The status as of today, as a query expression (see rules.current_status_expression)."""
    return rules.current_status_expression(today)


def with_current_status(qs: QuerySet[Agreement], today: dt.date | None = None) -> QuerySet:
    return qs.annotate(current_status=rules.current_status_expression(today))


def visible_to(user: Any, qs: QuerySet[Agreement] | None = None) -> QuerySet[Agreement]:
    """The agreements this user may read: all of them, those shared with a coordination
    member's organisation, or only the public ones for a viewer."""
    qs = Agreement.objects.all() if qs is None else qs
    if can(user, "agreement.view_restricted"):
        return qs
    if sharing_selectors.applies(user):
        return qs.filter(shared_q(user))
    if role_of(user) is None:
        return qs.none()
    return qs.filter(is_public=True)


def shared_q(user: Any) -> Q:
    """The agreements shared with the user's organisation: explicitly, or, for an embassy,
    every agreement its partner country is a party to."""
    q = Q(pk__in=sharing_selectors.shared_agreement_ids(user))
    country = sharing_selectors.partner_country(user)
    if country:
        q |= Q(pk__in=AgreementParty.objects.filter(partner__code=country).values("agreement_id"))
    return q


def audience(user: Any) -> str:
    """What of agreements this user reads ("all", "shared" with their organisation, "public" or
    "" for nothing), for a page that keeps what it computed per audience rather than per user
    (with sharing.selectors.scope_key for "shared")."""
    if can(user, "agreement.view_restricted"):
        return "all"
    if sharing_selectors.applies(user):
        return "shared"
    return "public" if role_of(user) is not None else ""


def active(*, user: Any) -> QuerySet[Agreement]:
    """The agreements this user may read that are not archived."""
    return visible_to(user, Agreement.objects.active())


def with_expiry_dates(*, user: Any) -> QuerySet[Agreement]:
    """Signed or in-force agreements with an expiry date that this user may read (for the
    calendar of expiries and notice deadlines)."""
    return visible_to(user, Agreement.objects.active()).filter(
        status__in=rules.BINDING, date_expiry__isnull=False
    )


def in_area(qs: QuerySet[Agreement], code: str) -> QuerySet[Agreement]:
    """Agreements tagged with the area or one of its sub-areas.

    An EXISTS per agreement on the (agreement, area) index, so the other filters (an expiry
    range) choose where to start, rather than a list of every agreement in the area.
    """
    # The area and its sub-areas as a list (one small query), so that the check per agreement
    # is a lookup in the (agreement, area) index and not a join per tagged row.
    code = (code or "").strip()
    areas = list(
        CooperationArea.objects.filter(
            Q(code__iexact=code) | Q(parent__code__iexact=code)
        ).values_list("pk", flat=True)
    )
    tagged = Agreement.areas.through.objects.filter(
        agreement_id=OuterRef("pk"), cooperationarea_id__in=areas
    )
    return qs.filter(Exists(tagged))


def _choice(field: str, value: str, choices: Iterable[str]) -> str:
    """A status or kind value (any case); anything else is a ValidationError naming it."""
    valid = list(choices)
    wanted = value.strip().lower()
    if wanted not in valid:
        raise unknown_code(field, value, valid)
    return wanted


def agreement_list(
    *,
    user: Any,
    q: str = "",
    status: str = "",
    kind: str = "",
    partner: str = "",
    area: str = "",
    expiring_within: int | None = None,
    expires_before: dt.date | None = None,
    archived: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Agreement]:
    """Agreements this user may read, filtered, with what each row shows already loaded.

    Status, kind, partner and area are codes in any case; an unknown one is a ValidationError
    naming it (422 in the API), never an empty list. Newest first; those expiring within N
    days soonest to expire first (what the reader of that list acts on, and the expiry index
    then yields the page without sorting the window).
    """
    today = today or timezone.localdate()
    base = Agreement.objects.archived() if archived else Agreement.objects.active()
    qs: QuerySet[Any] = with_current_status(visible_to(user, base), today)
    if q:
        qs = qs.filter(
            Q(title__icontains=q) | Q(title_en__icontains=q) | Q(reference_number__icontains=q)
        )
    if status:
        qs = qs.filter(current_status=_choice("status", status, S.values))
    if kind:
        qs = qs.filter(kind=_choice("kind", kind, Agreement.Kind.values))
    if partner:
        found = partner_selectors.partner_by_code(partner, field="partner", active=False)
        qs = qs.filter(pk__in=AgreementParty.objects.filter(partner=found).values("agreement_id"))
    if area:
        qs = in_area(qs, taxonomy_selectors.area_by_code(area, field="area").code)
    if expiring_within is not None:
        qs = qs.filter(rules.expiring_q(expiring_within, today))
    if expires_before is not None:
        qs = qs.filter(date_expiry__lte=expires_before)
    return (
        qs.select_related("responsible_unit")
        .prefetch_related(
            Prefetch("parties", queryset=AgreementParty.objects.select_related("partner")),
            "areas",
        )
        .order_by(
            *(("date_expiry", "pk") if expiring_within is not None else ("-created_at", "-pk"))
        )
    )


def status_choices() -> list[tuple[str, Any]]:
    """The lifecycle's statuses as (code, label), in their order; the labels stay lazy."""
    return list(S.choices)


def kind_choices() -> list[tuple[str, Any]]:
    """The kinds of agreement as (code, label); the labels stay lazy."""
    return list(Agreement.Kind.choices)


def find_by_title(*, user: Any, title: str, partners: list[Any] | None = None) -> Any:
    """The first agreement on the books with this exact title (and one of these partners as a
    party, when given) that the user may read, or None: for an import that creates what it
    does not find."""
    qs = visible_to(user, Agreement.objects.active()).filter(title=title)
    if partners is not None:
        qs = qs.filter(parties__partner__in=partners).distinct()
    return qs.order_by("pk").first()


def agreements_for_export(*, user: Any) -> QuerySet[Agreement]:
    """The agreements on the books this user may read, with parties and areas, by key."""
    return (
        visible_to(user, Agreement.objects.active())
        .prefetch_related("parties__partner", "areas")
        .order_by("pk")
    )


def in_force(*, user: Any, today: dt.date | None = None) -> QuerySet[Any]:
    """Agreements in force today (by their current status) that this user may read."""
    qs = with_current_status(visible_to(user, Agreement.objects.active()), today)
    return qs.filter(current_status=S.IN_FORCE)


def with_parties_of(qs: QuerySet[Any], *, kind: str = "", region: str = "") -> QuerySet[Any]:
    """These agreements, only those with a party of this partner kind and region (each counted
    once however many parties match)."""
    if not (kind or region):
        return qs
    parties = AgreementParty.objects.all()
    if kind:
        parties = parties.filter(partner__kind=kind)
    if region:
        parties = parties.filter(partner__region=region)
    return qs.filter(pk__in=parties.values("agreement_id"))


def country_counts(agreements: QuerySet[Any]) -> list[dict[str, Any]]:
    """The partner countries of these agreements with how many each is party to, most first:
    rows of `code`, `name_id`, `name_en`, `n`."""
    rows = (
        AgreementParty.objects.filter(
            agreement__in=agreements.values("pk"), partner__kind=Partner.Kind.COUNTRY
        )
        .values("partner__code", "partner__name_id", "partner__name_en")
        .annotate(n=Count("agreement", distinct=True))
        .order_by("-n", "partner__code")
    )
    return [
        {
            "code": row["partner__code"],
            "name_id": row["partner__name_id"],
            "name_en": row["partner__name_en"],
            "n": row["n"],
        }
        for row in rows
    ]


def count_by_top_area(agreements: QuerySet[Any]) -> dict[int, int]:
    """How many of these agreements are tagged with each first-level area (or a sub-area of
    it), by the area's key."""
    top = Coalesce("cooperationarea__parent_id", "cooperationarea_id")
    tagging: Any = Agreement.areas.through  # the stubs cannot see the `top` annotation on it
    return dict(
        tagging.objects.filter(agreement__in=agreements.values("pk"))
        .annotate(top=top)
        .values("top")
        .annotate(n=Count("agreement", distinct=True))
        .values_list("top", "n")
    )


def with_parties_by_ids(*, user: Any, ids: Iterable[int]) -> dict[int, Agreement]:
    """The agreements with these keys that this user may read, with their parties, by key."""
    return visible_to(user).prefetch_related("parties__partner").in_bulk(list(ids))


def system_area_pairs(*, agreements: Any) -> QuerySet[Any]:
    """SYSTEM-LEVEL, for insights.measures only: (agreement key, area key) for each area tag of
    the agreements `agreements` names (keys, or a query of keys, the caller read through a
    selector that took the user)."""
    return Agreement.areas.through.objects.filter(agreement_id__in=agreements).values_list(
        "agreement_id", "cooperationarea_id"
    )


# What a row of the API's list (agreements.schemas.AgreementOut) is built from, read as values.
API_ROW_FIELDS = (
    "id",
    "title",
    "title_en",
    "kind",
    "current_status",
    "reference_number",
    "date_signed",
    "signed_year",
    "date_in_force",
    "date_expiry",
    "is_public",
    "archived_at",
)


def as_api_rows(qs: QuerySet[Any]) -> QuerySet[Any]:
    """These agreements (from agreement_list, which sets their current status) as plain values,
    for api_rows: no model instance per row."""
    return qs.select_related(None).prefetch_related(None).values(*API_ROW_FIELDS)


def api_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of as_api_rows in the shape and key order of AgreementOut, with their parties'
    partner codes and their area codes (two queries for the whole page).

    The same JSON as AgreementOut of the instances gave: partners in the order of their keys
    (what SQLite's walk of the (agreement, partner) index gave the unordered prefetch), areas in
    the taxonomy's order (CooperationArea.Meta.ordering, as the prefetch read them).
    """
    ids = [row["id"] for row in rows]
    partners: dict[int, list[str]] = {pk: [] for pk in ids}
    for agreement, code in (
        AgreementParty.objects.filter(agreement_id__in=ids)
        .order_by("partner_id")
        .values_list("agreement_id", "partner__code")
    ):
        partners[agreement].append(code)
    areas: dict[int, list[str]] = {pk: [] for pk in ids}
    tagging: Any = Agreement.areas.through
    for agreement, code in (
        tagging.objects.filter(agreement_id__in=ids)
        .order_by("cooperationarea__position", "cooperationarea_id")
        .values_list("agreement_id", "cooperationarea__code")
    ):
        areas[agreement].append(code)
    return [
        {
            "id": row["id"],
            "title": row["title"],
            "title_en": row["title_en"],
            "kind": row["kind"],
            "status": row["current_status"],
            "reference_number": row["reference_number"],
            "date_signed": row["date_signed"],
            "signed_year": row["signed_year"],
            "date_in_force": row["date_in_force"],
            "date_expiry": row["date_expiry"],
            "partners": partners[row["id"]],
            "areas": areas[row["id"]],
            "is_public": row["is_public"],
            "archived": row["archived_at"] is not None,
            "renewable": row["current_status"] in rules.RENEWABLE,
        }
        for row in rows
    ]


def agreement_get(*, user: Any, pk: int) -> Agreement:
    """One agreement with its parties, areas, documents and links; 404 if missing or hidden."""
    qs = with_current_status(visible_to(user))
    qs = qs.select_related("responsible_unit", "parent", "predecessor").prefetch_related(
        Prefetch("parties", queryset=AgreementParty.objects.select_related("partner")),
        Prefetch("areas", queryset=CooperationArea.objects.select_related("parent")),
        "documents",
        "implementing",
    )
    agreement = qs.filter(pk=pk).first()
    if agreement is None:
        raise NotFound(NO_SUCH_AGREEMENT % {"pk": pk})
    return agreement


def agreement_history(*, user: Any, agreement: Agreement) -> list[history.Entry]:
    """The agreement's and its parties' changes, newest first, for those who may read history."""
    if not can(user, "history.view"):
        return []
    return history.merged(
        partner_selectors.record_history(agreement.history.all(), str(_("Agreement"))),
        history.entries(AgreementParty.history.filter(agreement_id=agreement.pk), str(_("Party"))),
    )


def partner_agreements(
    *, user: Any, partner: Partner, today: dt.date | None = None
) -> QuerySet[Agreement]:
    """The partner's agreements this user may read, newest first, with their current status."""
    qs = visible_to(user, Agreement.objects.active())
    return (
        with_current_status(qs.filter(parties__partner=partner), today)
        .prefetch_related("areas")
        .order_by("-created_at")
    )


def partner_areas(*, partner: Partner, agreements: list[Agreement]) -> list[CooperationArea]:
    """The partnership's own areas and those of its agreements, in taxonomy order."""
    seen: dict[int, CooperationArea] = {a.pk: a for a in partner.areas.all()}
    for agreement in agreements:
        for area in agreement.areas.all():
            seen.setdefault(area.pk, area)
    return sorted(seen.values(), key=lambda a: a.position)


def with_active_counts(
    partners: QuerySet[Partner],
    *,
    user: Any,
    has_active: bool | None = None,
    today: dt.date | None = None,
) -> QuerySet[Partner]:
    """Partners annotated with `active_count`: the binding agreements this user may read."""
    q = rules.active_q("agreement__", today)
    if sharing_selectors.applies(user):
        q &= Q(agreement__in=visible_to(user))
    elif not can(user, "agreement.view_restricted"):
        q &= Q(agreement__is_public=True)
    # A subquery per partner shown, not a GROUP BY over every partner that passes the filters:
    # the page and its count stay cheap at 50,000 partners.
    parties = (
        AgreementParty.objects.filter(q)
        .filter(partner=OuterRef("pk"))
        .order_by()
        .values("partner")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = partners.annotate(active_count=Coalesce(Subquery(parties), 0))
    if has_active is True:
        qs = qs.filter(active_count__gt=0)
    elif has_active is False:
        qs = qs.filter(active_count=0)
    return qs


def public_agreements(
    *, q: str = "", partner: str = "", area: str = "", today: dt.date | None = None
) -> QuerySet[Agreement]:
    """What the public portal shows, to anyone: agreements marked public that exist on paper
    (signed, in force or expired). Exploring or negotiating ones never reach it."""
    qs = with_current_status(Agreement.objects.filter(rules.publishable_q()), today)
    if q:
        parties = AgreementParty.objects.filter(
            Q(partner__name_id__icontains=q)
            | Q(partner__name_en__icontains=q)
            | Q(partner__code__iexact=q)
        )
        qs = qs.filter(
            Q(title__icontains=q)
            | Q(title_en__icontains=q)
            | Q(reference_number__icontains=q)
            | Q(pk__in=parties.values("agreement_id"))
        )
    if partner:
        qs = qs.filter(
            pk__in=AgreementParty.objects.filter(partner__code__iexact=partner).values(
                "agreement_id"
            )
        )
    if area:
        qs = in_area(qs, area)
    return qs.prefetch_related(
        Prefetch("parties", queryset=AgreementParty.objects.select_related("partner")), "areas"
    ).order_by("-date_signed", "-signed_year", "-pk")


def parent_choices(exclude: Agreement | None = None) -> QuerySet[Agreement]:
    """Memoranda an implementing arrangement may fall under."""
    qs = Agreement.objects.active().filter(kind=Agreement.Kind.MOU)
    return qs.exclude(pk=exclude.pk) if exclude is not None and exclude.pk else qs
