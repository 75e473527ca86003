"""Send the reminders due today (expiries, notice deadlines, follow-ups, reports, delayed
activities, dormant agreements, obligations) and queue the digests; --dry-run lists them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mitra.workflow.services import remind


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list, send nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        report = remind(dry_run=options["dry_run"])
        for line in report.lines():
            self.stdout.write(line)
        if options["dry_run"]:
            self.stdout.write(f"{len(report.lines())} reminder(s) due; nothing sent (dry run).")
            return
        done = report.notifications or report.digests.daily or report.digests.weekly
        if not done and options["verbosity"] < 1:
            return  # run among the worker's frequent commands: nothing done, nothing said
        self.stdout.write(
            f"{report.notifications} reminder(s) sent; digests queued: "
            f"{report.digests.daily} daily, {report.digests.weekly} weekly."
        )
