"""`vocweek serve`: the embedded profile's one command — the WSGI app server, the task worker
and the scheduler (`vocweek scheduler`, which enqueues the daily reminders and bulletins).

All run as child processes that share one `VOCWEEK_CLOCK_ANCHOR`, so that with
`VOCWEEK_CLOCK_START` set every process agrees on the shifted clock. Ctrl-C or SIGTERM stops
them all; when one child dies the others are stopped too and the command exits with its status.
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import get_commands
from django.core.management.base import BaseCommand, CommandError

from vocweek.core.clock import ANCHOR_VARIABLE
from vocweek.env import env

STOP_GRACE_SECONDS = 10


def gunicorn_command(*, bind: str, workers: int, threads: int) -> list[str]:
    """The app server's command line (also started by bench/pages.py, to measure it as served)."""
    gunicorn_options = {
        "--bind": bind,
        "--workers": workers,
        "--threads": threads,
        "--worker-tmp-dir": "/dev/shm" if os.path.isdir("/dev/shm") else "/tmp",
    }
    return [
        *(sys.executable, "-m", "gunicorn", "vocweek.wsgi:application"),
        *(str(part) for option in gunicorn_options.items() for part in option),
        # One control socket per user would be shared by every server on the machine.
        "--no-control-socket",
    ]


class Command(BaseCommand):
    help = "Run the platform: gunicorn, the task worker and the scheduler, sharing one clock."

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default=env.str("VOCWEEK_BIND", default="127.0.0.1:8000"),
            help="Address for gunicorn (env VOCWEEK_BIND, default 127.0.0.1:8000).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=env.int("VOCWEEK_WORKERS", default=2),
            help="gunicorn worker processes (env VOCWEEK_WORKERS, default 2).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=env.int("VOCWEEK_THREADS", default=4),
            help="Threads per gunicorn worker (env VOCWEEK_THREADS, default 4).",
        )
        parser.add_argument(
            "--no-task-worker",
            action="store_false",
            dest="task_worker",
            help="Start the app server only (scale profile: task workers run elsewhere).",
        )
        parser.add_argument(
            "--no-scheduler",
            action="store_false",
            dest="scheduler",
            help="Do not start `vocweek scheduler` (daily reminders and bulletins).",
        )

    def handle(
        self,
        *args,
        bind: str,
        workers: int,
        threads: int,
        task_worker: bool,
        scheduler: bool,
        **options,
    ):
        child_env = os.environ.copy()
        if settings.VOCWEEK_CLOCK_START and ANCHOR_VARIABLE not in child_env:
            child_env[ANCHOR_VARIABLE] = str(time.time())
        self._warn_if_static_files_missing()

        commands = {"web": gunicorn_command(bind=bind, workers=workers, threads=threads)}
        if task_worker:
            worker = self._task_worker_command()
            if worker:
                commands["tasks"] = worker
        if scheduler:
            # Started by command name: the scheduler belongs to a domain app, not to core.
            commands["scheduler"] = [sys.executable, "-m", "vocweek.manage", "scheduler"]

        children: dict[str, subprocess.Popen] = {}
        signalled = False

        def stop_children() -> None:
            for child in children.values():
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)

        def on_signal(signum, frame) -> None:
            nonlocal signalled
            signalled = True
            stop_children()

        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)

        for name, command in commands.items():
            children[name] = subprocess.Popen(command, env=child_env)

        self.stdout.write(f"VocWeek is running at http://{bind}/  (Ctrl-C stops it)")
        if settings.VOCWEEK_CLOCK_START:
            self.stdout.write(f"The clock started at {settings.VOCWEEK_CLOCK_START} and runs on.")
        if "tasks" not in children:
            self.stdout.write("No task worker started by this command.")

        exit_code = self._wait_for_first_exit(children)
        stop_children()
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        if exit_code and not signalled:
            raise CommandError(f"a child process exited with status {exit_code}; stopped the rest")

    def _wait_for_first_exit(self, children: dict[str, subprocess.Popen]) -> int:
        while True:
            for name, child in children.items():
                code = child.poll()
                if code is not None:
                    if code:
                        self.stderr.write(f"{name} exited with status {code}")
                    return code
            time.sleep(0.5)

    def _task_worker_command(self) -> list[str] | None:
        backend = settings.TASKS["default"]["BACKEND"]
        manage = [sys.executable, "-m", "vocweek.manage"]
        if backend == "django_tasks_db.DatabaseBackend":
            return [*manage, "db_worker", "--queue-name", "*"]
        if backend == "django_tasks_rq.RQBackend":
            if "rqworker" not in get_commands():
                raise CommandError("the RQ task backend needs django_rq in INSTALLED_APPS")
            return [*manage, "rqworker", *settings.TASKS["default"].get("QUEUES", ["default"])]
        return None  # immediate or dummy backends run tasks in-process

    def _warn_if_static_files_missing(self) -> None:
        manifest_name = getattr(staticfiles_storage, "manifest_name", None)
        if manifest_name and not staticfiles_storage.exists(manifest_name):
            self.stderr.write(
                "Static files are not collected yet: run `vocweek collectstatic --noinput` first."
            )
