"""The daily run: at MITRA_DAILY_AT in MITRA_TIME_ZONE, the commands of MITRA_DAILY_COMMANDS.

Every worker looks at the clock; the first to insert the day's DailyRun row runs the day, the
others see the row and do nothing, so two workers or a restart never run a day twice. A claim
left unfinished by a worker that died is taken over once it is CLAIM_STALE old (the commands
are themselves idempotent: reminders keep a ledger).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management import call_command, get_commands
from django.db import IntegrityError, close_old_connections, transaction
from django.db.utils import OperationalError
from django.utils import timezone

from mitra.core.history import stamp
from mitra.jobs import rules
from mitra.jobs.models import DailyRun

logger = logging.getLogger(__name__)

CLAIM_STALE = dt.timedelta(hours=1)
CHECK_SECONDS = 30.0
_warned: set[str] = set()  # a missing command is named once per worker process, not daily


def today(now: dt.datetime | None = None) -> tuple[dt.date, dt.time]:
    """The date and time of day in MITRA_TIME_ZONE (the server itself may run in UTC)."""
    local = (now or timezone.now()).astimezone(ZoneInfo(settings.MITRA_TIME_ZONE))
    return local.date(), local.time()


def daily_claim(*, day: dt.date, worker: str, now: dt.datetime | None = None) -> DailyRun | None:
    """The day's run for this worker, or None when another worker has it."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            run = DailyRun(day=day, worker=worker, claimed_at=now)
            stamp(run, by=None, reason="claimed").save()
            return run
    except IntegrityError:
        pass
    with transaction.atomic():
        run = DailyRun.objects.select_for_update().get(day=day)
        if run.finished_at is not None or now - run.claimed_at < CLAIM_STALE:
            return None
        run.worker, run.claimed_at = worker, now
        stamp(run, by=None, reason=f"taken over from a stalled worker at {now:%H:%M}").save()
        return run


def daily_run_if_due(*, now: dt.datetime | None = None, out: Any = None) -> DailyRun | None:
    """Run today's commands if it is time and no worker has run them yet; returns the run."""
    day, time_of_day = today(now)
    if time_of_day < settings.MITRA_DAILY_AT:
        return None
    run = daily_claim(day=day, worker=rules.worker_name(), now=now)
    if run is None:
        return None
    outcome = _run_commands(settings.MITRA_DAILY_COMMANDS, out=out, what="Daily run", verbosity=1)
    run.finished_at, run.outcome = timezone.now(), outcome
    stamp(run, by=None, reason="finished").save()
    logger.info("Daily run of %s: %s", day, outcome)
    return run


def frequent_run(*, out: Any = None) -> dict[str, str]:
    """The commands of MITRA_FREQUENT_COMMANDS, run at every look at the clock: an e-mail chosen
    "at once" whose first try failed is retried 1, 2, 4… minutes later, between two daily runs.
    Each is idempotent and costs one query when there is nothing to do. They run at verbosity 0:
    a command says only what it did, so an idle worker's log stays quiet (errors are logged)."""
    names = settings.MITRA_FREQUENT_COMMANDS
    return _run_commands(names, out=out, what="Frequent run", verbosity=0)


def _run_commands(names: list[str], *, out: Any, what: str, verbosity: int) -> dict[str, str]:
    known = get_commands()
    outcome: dict[str, str] = {}
    for name in names:
        if name not in known:
            if name not in _warned:
                logger.warning("%s: there is no command %r; it is skipped.", what, name)
                _warned.add(name)
            outcome[name] = "missing"
            continue
        try:
            call_command(name, stdout=out, stderr=out, verbosity=verbosity)
        except Exception as exc:  # one failing command must not keep the others from running
            logger.exception("%s: %s failed", what, name)
            outcome[name] = f"{type(exc).__name__}: {exc}"[:500]
        else:
            outcome[name] = "ok"
    return outcome


class Scheduler:
    """Looks at the clock every CHECK_SECONDS from a thread beside the task loop."""

    def __init__(self, out: Any = None, every: float = CHECK_SECONDS) -> None:
        self.out, self.every = out, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="daily-run", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            close_old_connections()
            try:
                daily_run_if_due(out=self.out)
                frequent_run(out=self.out)
            except OperationalError as exc:  # SQLite busy with a long import: try again later
                logger.warning("Daily run postponed: %s", exc)
            except Exception:
                logger.exception("Daily run check failed")
            self._stop.wait(self.every)
