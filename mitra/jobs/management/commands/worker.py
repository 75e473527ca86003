"""`mitra worker`: the django-tasks database worker, plus the daily run (jobs/daily.py)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django_tasks_db.management.commands import db_worker

from mitra.jobs import daily, rules, services


class Command(db_worker.Command):
    help = (
        "Run background tasks (django-tasks, database backend) and, once a day at "
        "MITRA_DAILY_AT (MITRA_TIME_ZONE), the commands of MITRA_DAILY_COMMANDS."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-daily", action="store_true", help="run tasks only, never the daily commands"
        )
        # The reloader would start a second process with its own daily clock.
        parser.set_defaults(reload=False)
        # The worker id is host:pid, as on a job, so that a task left RUNNING by a worker gone
        # from this host is known (django-tasks-db allows 64 characters: never cut the pid off).
        if len(rules.worker_name()) <= 64:
            parser.set_defaults(worker_id=rules.worker_name())

    def handle(self, *args: Any, **options: Any) -> None:
        orphaned = services.tasks_fail_orphaned()
        if orphaned:
            self.stdout.write(f"{orphaned} task(s) left running by a stopped worker marked failed.")
        scheduler = None
        if not options.pop("no_daily") and settings.MITRA_DAILY_COMMANDS:
            scheduler = daily.Scheduler(out=self.stdout)
            scheduler.start()
            self.stdout.write(
                f"Daily run at {settings.MITRA_DAILY_AT:%H:%M} {settings.MITRA_TIME_ZONE}: "
                + ", ".join(settings.MITRA_DAILY_COMMANDS)
            )
        try:
            super().handle(*args, **options)
        finally:
            if scheduler is not None:
                scheduler.stop()
