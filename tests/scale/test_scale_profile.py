"""The scale profile as DESIGN §5 describes it: PostgreSQL, Redis, two app servers and a worker.

Everything runs as real processes against a database of its own on the PostgreSQL server that
DATABASE_URL names (never the pytest test database) and a private `redis-server`: a log-in on
one app server is honoured by the other (the session lives in Redis), and an activation e-mail
queued by a roster import on one app server is sent by the separate RQ task worker, and the
renditions of a photo filed on one server are made by that worker and served by the other.
"""

import email
import email.policy
import http.cookiejar
import io
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from vocweek.campaigns.demo import DEMO_PASSWORD

DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRESQL = urllib.parse.urlsplit(DATABASE_URL).scheme in {"postgres", "postgresql", "pgsql"}
REDIS_SERVER = shutil.which("redis-server")

pytestmark = [
    pytest.mark.scale,
    pytest.mark.skipif(
        not ON_POSTGRESQL, reason="the scale profile needs DATABASE_URL=postgres://…"
    ),
    pytest.mark.skipif(
        REDIS_SERVER is None, reason="the scale profile needs a redis-server binary"
    ),
]

DAY_THREE = "2021-05-24T15:00+08:00"
MANAGE = [sys.executable, "-m", "vocweek.manage"]
SETUP_SECONDS = 120  # each of migrate, demo and collectstatic
START_SECONDS = 30  # for every server to answer
MAIL_SECONDS = 20  # for the worker to send the activation e-mail
HTTP_SECONDS = 15  # for one request
STOP_SECONDS = 10

NEW_SCHOOL = "太原市规模验证职业学校"
NEW_LIAISON_EMAIL = "scale-liaison@example.org"
ROSTER_CSV = (
    "单位名称,单位类型,所属市,联系人,职务,手机,邮箱\n"
    f"{NEW_SCHOOL},中职,太原市,赵六,办公室主任,13800001111,{NEW_LIAISON_EMAIL}\n"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _log_tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return f"({path.name}: no output)"
    return f"--- {path.name}\n" + "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture
def scale_database_url() -> Iterator[str]:
    """A database of its own next to the one DATABASE_URL names, dropped at the end."""
    import psycopg
    from psycopg import sql

    name = f"vocweek_scale_{secrets.token_hex(4)}"
    with psycopg.connect(DATABASE_URL, autocommit=True, connect_timeout=10) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urllib.parse.urlsplit(DATABASE_URL)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(DATABASE_URL, autocommit=True, connect_timeout=10) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def redis_url(tmp_path) -> Iterator[str]:
    """A private redis-server on 127.0.0.1 that keeps nothing on disk."""
    port = _free_port()
    server = subprocess.Popen(
        [
            REDIS_SERVER,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + START_SECONDS
        while not _redis_answers(port):
            assert server.poll() is None, "redis-server exited"
            assert time.monotonic() < deadline, "redis-server never answered PING"
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        _stop(server)


@pytest.fixture
def scale_environment(tmp_path, scale_database_url, redis_url) -> dict[str, str]:
    """The scale profile's environment, with the database migrated, the demo loaded and static
    files collected, as an operator prepares it before starting the app servers."""
    var_dir = tmp_path / "var"
    environment = {
        **os.environ,
        "VOCWEEK_TESTING": "0",
        "DATABASE_URL": scale_database_url,
        "REDIS_URL": redis_url,
        "VOCWEEK_VAR_DIR": str(var_dir),
        "SECRET_KEY": "scale-profile-test-secret-key-not-for-production-0123456789",
        "VOCWEEK_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
    }
    for variable in ("VOCWEEK_CLOCK_START", "VOCWEEK_CLOCK_ANCHOR", "VOCWEEK_TASK_BACKEND"):
        environment.pop(variable, None)
    for command in (["migrate", "--noinput"], ["demo"], ["collectstatic", "--noinput"]):
        done = subprocess.run(
            [*MANAGE, *command, "-v", "0"],
            env=environment,
            capture_output=True,
            text=True,
            timeout=SETUP_SECONDS,
        )
        assert done.returncode == 0, f"{command[0]} failed:\n{done.stdout}\n{done.stderr}"
    return environment


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the process group we started; SIGKILL to it if its leader outlives the grace.

    The leader is not reaped before the SIGKILL, so the group id cannot have been reused.
    """
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_SECONDS)


@dataclass(frozen=True)
class Deployment:
    site_a: str
    site_b: str
    var_dir: Path
    logs: tuple[Path, ...]

    def logs_tail(self) -> str:
        return "\n".join(_log_tail(path) for path in self.logs)


@pytest.fixture
def deployment(tmp_path, scale_environment) -> Iterator[Deployment]:
    """Two app servers (`serve --no-task-worker`) and one RQ task worker, all on one Redis."""
    ports = {"a": _free_port(), "b": _free_port()}
    commands = {
        f"app-{name}": (
            [*MANAGE, "serve", "--no-task-worker"],
            {"VOCWEEK_BIND": f"127.0.0.1:{port}", "VOCWEEK_WORKERS": "1"},
        )
        for name, port in ports.items()
    }
    # What `vocweek serve` starts as its task worker on the RQ backend.
    commands["worker"] = ([*MANAGE, "rqworker", "default"], {})
    # Every process on day 3 of the 2021 week, on one shared clock (the demo was loaded without it).
    clock = {"VOCWEEK_CLOCK_START": DAY_THREE, "VOCWEEK_CLOCK_ANCHOR": str(time.time())}
    commands = {name: (command, {**extra, **clock}) for name, (command, extra) in commands.items()}
    processes: list[subprocess.Popen] = []
    logs: list[Path] = []
    try:
        for name, (command, extra) in commands.items():
            log = tmp_path / f"{name}.log"
            logs.append(log)
            with log.open("wb") as output:
                processes.append(
                    subprocess.Popen(
                        command,
                        env={**scale_environment, **extra},
                        stdout=output,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        found = Deployment(
            site_a=f"http://127.0.0.1:{ports['a']}",
            site_b=f"http://127.0.0.1:{ports['b']}",
            var_dir=Path(scale_environment["VOCWEEK_VAR_DIR"]),
            logs=tuple(logs),
        )
        deadline = time.monotonic() + START_SECONDS
        for site in (found.site_a, found.site_b):
            while not _answers(f"{site}/accounts/login/"):
                exited = [process.args for process in processes if process.poll() is not None]
                assert not exited, f"exited early: {exited}\n{found.logs_tail()}"
                assert time.monotonic() < deadline, f"{site} never answered\n{found.logs_tail()}"
                time.sleep(0.2)
        yield found
    finally:
        for process in processes:
            _stop(process)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


class Browser:
    """Plain HTTP with a cookie jar; cookies do not depend on the port, so both servers see them."""

    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, url: str) -> tuple[str, str]:
        """The final URL after redirects and the page."""
        with self.opener.open(url, timeout=HTTP_SECONDS) as response:
            return response.geturl(), response.read().decode()

    def post(
        self, url: str, fields: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None
    ) -> tuple[str, str]:
        fields = {"csrfmiddlewaretoken": self.cookie("csrftoken"), **fields}
        if files:
            boundary = secrets.token_hex(16)
            parts = []
            for name, value in fields.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                    f"{value}\r\n".encode()
                )
            for name, (file_name, data) in files.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                    f'filename="{file_name}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
                    + data
                    + b"\r\n"
                )
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            content_type = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            url, data=body, headers={"Content-Type": content_type}, method="POST"
        )
        with self.opener.open(request, timeout=HTTP_SECONDS) as response:
            return response.geturl(), response.read().decode()

    def cookie(self, name: str) -> str:
        for cookie in self.cookies:
            if cookie.name == name:
                return cookie.value
        raise AssertionError(f"no {name} cookie")


def _jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), (150, 30, 40)).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _sent_mail(outbox: Path) -> list[email.message.EmailMessage]:
    """The messages the file-based e-mail backend wrote (one file per connection)."""
    messages = []
    for path in sorted(outbox.glob("*.log")) if outbox.is_dir() else []:
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if raw.strip():
                messages.append(email.message_from_bytes(raw, policy=email.policy.default))
    return messages


def _activation_link(outbox: Path, address: str, site: str) -> str | None:
    """The activation link in the e-mail sent to `address`, once it is written out in full."""
    for message in _sent_mail(outbox):
        if message["To"] == address:
            found = re.search(rf"{re.escape(site)}/accounts/activate/\S+/", message.get_content())
            if found:
                return found.group(0)
    return None


def test_two_app_servers_share_sessions_and_a_worker_sends_the_queued_mail(deployment):
    site_a, site_b = deployment.site_a, deployment.site_b
    organiser = Browser()

    # Log in on server A.
    organiser.get(f"{site_a}/accounts/login/")
    landed, page = organiser.post(
        f"{site_a}/accounts/login/", {"username": "organiser", "password": DEMO_PASSWORD}
    )
    assert landed == f"{site_a}/console/", page
    assert '<span class="who-name">王建平</span>' in page

    # Server B knows nobody without the cookie, and the organiser with it.
    landed, _ = Browser().get(f"{site_b}/console/")
    assert landed.startswith(f"{site_b}/accounts/login/")
    landed, page = organiser.get(f"{site_b}/console/")
    assert landed == f"{site_b}/console/"
    assert '<span class="who-name">王建平</span>' in page

    # Upload, preview and import a roster with one new school on server B.
    _, form = organiser.get(f"{site_b}/console/roster/import/")
    campaign = re.search(r'<option value="(\d+)"[^>]*selected', form) or re.search(
        r'<option value="(\d+)"', form
    )
    assert campaign is not None, "no campaign to import into"
    landed, preview = organiser.post(
        f"{site_b}/console/roster/import/",
        {"campaign": campaign.group(1)},
        files={"file": ("名单.csv", ROSTER_CSV.encode())},
    )
    assert landed == f"{site_b}/console/roster/import/preview/", preview
    assert NEW_SCHOOL in preview and 'name="rows" value="all"' in preview
    landed, result = organiser.post(f"{site_b}/console/roster/import/run/", {"rows": "all"})
    assert landed == f"{site_b}/console/roster/import/result/", result
    assert f"{site_b}/accounts/activate/" in result

    # The RQ worker, not the app server, sends the activation e-mail.
    outbox = deployment.var_dir / "outbox"
    deadline = time.monotonic() + MAIL_SECONDS
    while (link := _activation_link(outbox, NEW_LIAISON_EMAIL, site_b)) is None:
        assert time.monotonic() < deadline, (
            f"no activation e-mail within {MAIL_SECONDS} s\n{deployment.logs_tail()}"
        )
        time.sleep(0.2)
    worker_log = deployment.logs[-1].read_text(errors="replace")
    assert "vocweek.accounts.tasks.send_activation_email" in worker_log, worker_log

    # Its owner opens the link on server A and is asked for a first password.
    landed, page = Browser().get(link.replace(site_b, site_a))
    assert landed.startswith(f"{site_a}/accounts/activate/") and "set-password" in landed
    assert 'name="new_password1"' in page

    # A school files a report with a photo on server A; the RQ worker makes its renditions,
    # which server B serves as passive images.
    school = Browser()
    school.get(f"{site_a}/accounts/login/")
    school.post(f"{site_a}/accounts/login/", {"username": "school", "password": DEMO_PASSWORD})
    school.get(f"{site_a}/console/reports/new/")
    landed, page = school.post(
        f"{site_a}/console/reports/new/",
        {
            "title": "实训车间开放日",
            "category": "news",
            "body": "师生演示技能。",
            "action": "submit",
        },
        files={"photos": ("车间.jpg", _jpeg())},
    )
    report_page = re.search(r"/console/reports/\d+/$", landed)
    assert report_page is not None, landed
    deadline = time.monotonic() + MAIL_SECONDS
    while (rendition := re.search(r'src="(/media/reports/[^"]+-medium\.jpg)"', page)) is None:
        assert time.monotonic() < deadline, (
            f"no rendition within {MAIL_SECONDS} s\n{deployment.logs_tail()}"
        )
        time.sleep(0.3)
        _, page = school.get(landed)
    assert "vocweek.reports.tasks.process_report_media" in deployment.logs[-1].read_text(
        errors="replace"
    )
    with urllib.request.urlopen(f"{site_b}{rendition.group(1)}", timeout=HTTP_SECONDS) as image:
        assert image.headers["Content-Type"] == "image/jpeg"
        assert image.headers["X-Content-Type-Options"] == "nosniff"
        assert image.read(3) == b"\xff\xd8\xff"
