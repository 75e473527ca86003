"""Send the e-mails waiting in the outbox; failures stay queued with their error and are retried
with backoff. Run by the worker (and by `mitra remind`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mitra.notifications.services import outbox_send


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args: Any, **options: Any) -> None:
        report = outbox_send()
        if not (report.sent or report.retrying or report.failed) and options["verbosity"] < 2:
            return  # the worker runs this every 30 s: an idle outbox says nothing
        self.stdout.write(
            f"{report.sent} e-mail(s) sent, {report.retrying} to retry, {report.failed} given up."
        )
