"""`vocweek scheduler`: enqueue the daily reminders and bulletins when they are due.

Looks every VOCWEEK_SCHEDULER_SECONDS (30 s) at the current campaign on the platform's clock;
SIGTERM or Ctrl-C stops it between two looks. Several schedulers may run (one per app server):
each job of each day is enqueued once (see `vocweek.reports.schedule`). `--once` looks once.
"""

import logging
import signal
import threading

from django.conf import settings
from django.db import close_old_connections

from vocweek.core.commands import PlatformCommand
from vocweek.reports.schedule import run_due_jobs

logger = logging.getLogger(__name__)


class Command(PlatformCommand):
    help = "Enqueue the daily reminders and bulletins of the current campaign when they are due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Look once, enqueue what is due, and exit."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=settings.VOCWEEK_SCHEDULER_SECONDS,
            help="Seconds between two looks (env VOCWEEK_SCHEDULER_SECONDS, default 30).",
        )

    def handle(self, *args, once: bool, interval: float, **options):
        if once:
            self._report(run_due_jobs())
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda signum, frame: stop.set())
        while not stop.is_set():
            close_old_connections()
            try:
                self._report(run_due_jobs())
            except Exception:  # a bad moment (database locked, queue down) must not end the loop
                logger.exception("scheduler: looking for due jobs failed; trying again later")
            close_old_connections()
            stop.wait(interval)

    def _report(self, jobs) -> None:
        for job in jobs:
            self.stdout.write(f"enqueued {job.name} for {job.day.isoformat()}")
