"""Tell the bureau's officers and the assignees of every clearance step past its time limit
(once per step; part of the daily run, MITRA_DAILY_COMMANDS)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mitra.clearance.services import clearances_escalate


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args: Any, **options: Any) -> None:
        count = clearances_escalate()
        if not count and options["verbosity"] < 1:
            return  # run among the worker's frequent commands: nothing done, nothing said
        self.stdout.write(f"{count} clearance step(s) past their time limit escalated.")
