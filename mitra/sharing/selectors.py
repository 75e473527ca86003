"""What a coordination member's organisation may read, for every domain's selectors to ask.

A coordination member (another ministry, an embassy) reads only what is shared with their
organisation (`user.unit`): the agreements shared with it explicitly, and, for an embassy, the
records of the partner country it sits in (`Unit.country`). What hangs under an agreement (its
plans and activities, the meetings about it and their follow-ups, its documents) follows it; each
domain's selectors build that from `shared_agreement_ids` and `partner_country`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mitra.accounts.models import Unit
from mitra.core.errors import NotFound
from mitra.core.permissions import COORDINATION, can, role_of
from mitra.sharing.models import Share

ORGANISATION_KINDS = (Unit.Kind.MINISTRY, Unit.Kind.EMBASSY)
NO_SUCH_SHARE = _("No share with number %(pk)s is visible to you.")


def applies(user: Any) -> bool:
    """Whether what this user reads is decided by what is shared with their organisation."""
    return role_of(user) == COORDINATION


def organisation(user: Any) -> Unit | None:
    """The coordination member's organisation: their unit when it is a ministry or embassy."""
    unit = getattr(user, "unit", None) if applies(user) else None
    if unit is None or unit.kind not in ORGANISATION_KINDS or unit.is_archived:
        return None
    return unit


def shared_agreement_ids(user: Any) -> QuerySet[Any]:
    """The ids of agreements shared with the user's organisation (a subquery; empty without)."""
    unit = organisation(user)
    if unit is None:
        return Share.objects.none().values("agreement_id")
    return Share.objects.active().filter(unit=unit).values("agreement_id")


def partner_country(user: Any) -> str:
    """The partner code whose records an embassy reads ("" for a ministry or anyone else)."""
    unit = organisation(user)
    return unit.country if unit is not None and unit.kind == Unit.Kind.EMBASSY else ""


def scope_key(user: Any) -> str:
    """What a page computed for this reader may be kept for: one organisation's readers share it
    (a share changes the data version, so nothing kept outlives one)."""
    unit = organisation(user)
    return f"unit:{unit.pk}" if unit is not None else ""


def organisations() -> QuerySet[Unit]:
    """The organisations a record can be shared with: other ministries and embassies."""
    return Unit.objects.active().filter(kind__in=ORGANISATION_KINDS).order_by("kind", "name_id")


def shares_of(*, user: Any, agreement: Any) -> QuerySet[Share]:
    """An agreement's active shares, for those who may share it; none for anyone else."""
    if not can(user, "agreement.share"):
        return Share.objects.none()
    return Share.objects.active().filter(agreement=agreement).select_related("unit", "shared_by")


def share_get(*, user: Any, pk: int) -> Share:
    """One active share, for those who may share; else NotFound."""
    share = None
    if can(user, "agreement.share"):
        share = Share.objects.active().select_related("agreement", "unit").filter(pk=pk).first()
    if share is None:
        raise NotFound(NO_SUCH_SHARE % {"pk": pk})
    return share
