"""Remove the uploads and result files of background jobs over for more than a week."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from mitra.jobs import services


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--days", type=int, default=services.KEEP_DAYS)

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        removed = services.jobs_prune_files(days=days)
        if not removed and options["verbosity"] < 1:
            return  # run among the worker's frequent commands: nothing done, nothing said
        self.stdout.write(f"{removed} job file(s) removed.")
