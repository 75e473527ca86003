"""Write "expired" on agreements whose expiry date has passed; run daily from a scheduler."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mitra.agreements.services import agreements_expire_due


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args: Any, **options: Any) -> None:
        count = agreements_expire_due()
        if not count and options["verbosity"] < 1:
            return  # run among the worker's frequent commands: nothing done, nothing said
        self.stdout.write(f"{count} agreement(s) marked expired.")
