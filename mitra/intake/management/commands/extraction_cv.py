"""Score the extractor on the 35 labelled development texts: fitted (full dev) and
cross-validated (5 fixed folds, each scored by a model trained without it), per field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mitra.intake import evaluation


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--shared", type=Path, help="the shared folder with corpus/ and tools/ (default: found)"
        )
        parser.add_argument("--folds", type=int, default=evaluation.FOLDS)

    def handle(self, *args: Any, **options: Any) -> None:
        shared = options["shared"] or evaluation.shared_dir()
        if shared is None or not (shared / "corpus").is_dir():
            raise CommandError(
                "No corpus: pass --shared DIR (the folder holding corpus/ and tools/)."
            )
        items = evaluation.corpus(shared)
        result = evaluation.cross_validate(
            items,
            shared / "tools" / "score_extraction.py",
            evaluation.train,
            evaluation.run,
            k=options["folds"],
        )
        self.stdout.write(evaluation.table(result))
