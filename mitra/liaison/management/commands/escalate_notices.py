"""Escalate the health-security notices not acknowledged by their deadline: the next contact
point in line is named and the bureau notified (the worker runs this every 30 seconds, at
verbosity 0: it then says something only when it escalated a notice)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mitra.liaison.services import escalate


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args: Any, **options: Any) -> None:
        report = escalate()
        if not (report.escalated or report.notifications) and options["verbosity"] < 1:
            return
        self.stdout.write(
            f"{report.escalated} notice(s) escalated; {report.notifications} notification(s) sent."
        )
