"""Send the e-mails waiting in the outbox; failures stay queued with their error and are retried
with backoff. Run by the worker (and by `mitra remind`): every 30 s at verbosity 0, when it says
something only if it sent, deferred or gave up an e-mail; in the daily run with its summary."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mitra.notifications.services import outbox_send


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args: Any, **options: Any) -> None:
        report = outbox_send()
        if not (report.sent or report.retrying or report.failed) and options["verbosity"] < 1:
            return
        self.stdout.write(
            f"{report.sent} e-mail(s) sent, {report.retrying} to retry, {report.failed} given up."
        )
