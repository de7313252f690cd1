"""`vocweek serve` as an operator runs it: one command, a web server, a task worker and the
scheduler, one clock."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CLOCK_START = "2021-05-24T15:00+08:00"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _children_of(pid: int) -> list[int]:
    tasks = Path(f"/proc/{pid}/task")
    found = []
    for task in tasks.iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _environment_of(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(entry.decode().split("=", 1) for entry in raw if b"=" in entry)


@pytest.fixture
def prepared_environment(tmp_path):
    """A migrated embedded-profile database and collected static files, as `make demo` leaves them."""
    environment = {
        **os.environ,
        "VOCWEEK_TESTING": "0",
        "VOCWEEK_VAR_DIR": str(tmp_path),
        "VOCWEEK_CLOCK_START": CLOCK_START,
    }
    environment.pop("VOCWEEK_CLOCK_ANCHOR", None)
    manage = [sys.executable, "-m", "vocweek.manage"]
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run([*manage, *command, "-v", "0"], env=environment, check=True)
    return environment


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
def test_serve_answers_in_chinese_shares_one_clock_and_stops_on_sigterm(prepared_environment):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "vocweek.manage", "serve", "--bind", f"127.0.0.1:{port}"],
        env=prepared_environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        page = None
        for _ in range(60):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    page = response.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert page is not None, "the server never answered"
        assert '<html lang="zh-hans">' in page

        children = _children_of(server.pid)
        assert len(children) == 3  # gunicorn, the database task worker and the scheduler
        commands = {Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[-2] for pid in children}
        assert b"scheduler" in commands
        anchors = {_environment_of(pid).get("VOCWEEK_CLOCK_ANCHOR") for pid in children}
        assert len(anchors) == 1 and None not in anchors

        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=20)
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()
    assert server.returncode == 0, output
    assert f"http://127.0.0.1:{port}/" in output
    assert not any(Path(f"/proc/{pid}").exists() for pid in children)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
