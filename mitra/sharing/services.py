"""Writes: share an agreement with an organisation, revoke a share (archived, never deleted)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitra.core import history
from mitra.core.permissions import require
from mitra.sharing.models import Share
from mitra.sharing.selectors import ORGANISATION_KINDS

NOT_AN_ORGANISATION = _(
    "%(unit)s is a unit of the ministry itself; share only with another ministry or an embassy."
)
ALREADY_SHARED = _("This agreement is already shared with %(unit)s.")
ARCHIVED_UNIT = _("%(unit)s is archived and cannot receive a share.")
ARCHIVED_AGREEMENT = _("An archived agreement cannot be shared.")


@transaction.atomic
def share_create(*, user: Any, agreement: Any, unit: Any) -> Share:
    """Share an agreement (and what hangs under it) with another ministry or an embassy."""
    require(user, "agreement.share", agreement)
    if agreement.is_archived:
        raise ValidationError({"unit": [ARCHIVED_AGREEMENT]})
    if unit.kind not in ORGANISATION_KINDS:
        raise ValidationError(
            {"unit": [ValidationError(NOT_AN_ORGANISATION, params={"unit": unit})]}
        )
    if unit.is_archived:
        raise ValidationError({"unit": [ValidationError(ARCHIVED_UNIT, params={"unit": unit})]})
    # Locks the agreement's row so that two officers sharing at once make one share.
    type(agreement).objects.select_for_update().filter(pk=agreement.pk).first()
    if Share.objects.active().filter(agreement=agreement, unit=unit).exists():
        raise ValidationError({"unit": [ValidationError(ALREADY_SHARED, params={"unit": unit})]})
    share = Share(agreement=agreement, unit=unit, shared_by=user)
    share.full_clean()
    history.stamp(share, by=user, reason="shared")
    share.save()
    return share


@transaction.atomic
def share_revoke(*, user: Any, share: Share) -> Share:
    """Stop sharing: the share is archived (its history says who revoked it and when)."""
    require(user, "agreement.share", share.agreement)
    if share.is_archived:
        return share
    share.archived_at = timezone.now()
    history.stamp(share, by=user, reason="revoked")
    share.save(update_fields=["archived_at", "updated_at"])
    return share
