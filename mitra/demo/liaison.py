"""The demo's liaison directory (issue 15 §1, §5): the seeds name no contact point, so none is
invented; but each partner listed in the directory gets the model procedure's duties — its
contact points confirmed yearly, a communication test twice a year — reminded to the bureau
until the bureau fills the directory in."""

from __future__ import annotations

from mitra.accounts.models import User
from mitra.liaison import selectors, services


def load(*, officer: User) -> None:
    for row in selectors.directory(user=officer):
        if row.partner is not None:
            services.directory_duties_ensure(user=officer, partner=row.partner)
