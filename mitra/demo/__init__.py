"""Demo data: only facts written in the seed texts (../shared/corpus/seeds/). Idempotent.

`registry` loads units, users, partners and agreements; `delivery` the action plan and meetings.
"""

from __future__ import annotations

from django.db import transaction

from mitra.accounts.models import User
from mitra.demo import clearance, delivery, registry
from mitra.demo import roadmap as roadmap_data
from mitra.demo import team as team_demo
from mitra.meetings.models import Meeting
from mitra.plans.models import ActionPlan

DEFAULT_PASSWORD = registry.DEFAULT_PASSWORD
USERNAMES = registry.USERNAMES


@transaction.atomic
def load(*, password: str = DEFAULT_PASSWORD) -> str:
    """Load everything the seeds tell; safe to run again."""
    summary = registry.load(password=password)
    delivery.load(
        officer=User.objects.get(username="officer"),
        workshop_countries=[code for code, _region, _name in registry.WORKSHOP_2018],
    )
    team_demo.load(officer=User.objects.get(username="officer"))  # issue 14 §6
    clearance.load()
    roadmap_data.load(officer=User.objects.get(username="officer"))
    return (
        f"{summary} Action plans: {ActionPlan.objects.count()}, "
        f"meetings: {Meeting.objects.count()}."
    )
