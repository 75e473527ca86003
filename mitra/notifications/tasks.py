"""E-mail leaves through the worker: a message chosen "at once" is queued in the outbox by the
writing transaction, and this task, enqueued when that transaction commits, sends it — so no web
request waits for an SMTP server, and a refused or slow one is retried from the outbox."""

from __future__ import annotations

from django_tasks import task

from mitra.notifications import services


@task()
def outbox_deliver() -> int:
    """Send what is due in the outbox now; the number sent."""
    return services.outbox_send().sent
