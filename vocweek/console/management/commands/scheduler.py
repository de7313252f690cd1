"""`vocweek scheduler`: enqueue the daily reminders and bulletins, and the plan reminders, when
they are due.

Looks every VOCWEEK_SCHEDULER_SECONDS (30 s) at the current campaign on the platform's clock;
SIGTERM or Ctrl-C stops it between two looks. Several schedulers may run (one per app server):
each job is enqueued once per day or reminder point (see `vocweek.reports.schedule` and
`vocweek.plans.schedule`). `--once` looks once. It lives in the console, the top layer, because it
runs the schedules of two sibling apps.
"""

import logging
import signal
import threading

from django.conf import settings
from django.db import close_old_connections

from vocweek.core.commands import PlatformCommand
from vocweek.plans import schedule as plan_schedule
from vocweek.reports import schedule as report_schedule

logger = logging.getLogger(__name__)


class Command(PlatformCommand):
    help = (
        "Enqueue the daily reminders and bulletins and the plan reminders of the current "
        "campaign when they are due."
    )

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
            self._run_reports()
            self._run_plans()
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda signum, frame: stop.set())
        while not stop.is_set():
            close_old_connections()
            # Each schedule on its own: one failing (database locked, queue down) must not keep
            # the other from running, nor end the loop.
            for run in (self._run_reports, self._run_plans):
                try:
                    run()
                except Exception:
                    logger.exception("scheduler: looking for due jobs failed; trying again later")
            close_old_connections()
            stop.wait(interval)

    def _run_reports(self) -> None:
        for job in report_schedule.run_due_jobs():
            self.stdout.write(f"enqueued {job.name} for {job.day.isoformat()}")

    def _run_plans(self) -> None:
        for job in plan_schedule.run_due_jobs():
            self.stdout.write(f"enqueued {job.name} at {job.point}")
