"""Public pages as served: req/s and p99 of home, column, story and exhibition hall next to a
hello-world view.

The app server is started exactly as `vocweek serve` starts it (`gunicorn_command`: the same
worker count, threads and options) against the benchmark database, with a hello-world view
mounted (VOCWEEK_BENCH_HELLO=1) so the reference goes through the same server and middleware.
`wrk` loads each URL from 127.0.0.1 for a few seconds after a warm-up, 2 threads, 8 connections.
The server runs twice: with the public page cache (the default) and without it
(VOCWEEK_PAGE_CACHE=0). Without it every request reaches the views, which still keep the parts of
pages that depend on public content alone under the public generation (VOCWEEK_FRAGMENT_CACHE, on
in production; `VOCWEEK_FRAGMENT_CACHE=0 python -m bench pages` measures pages rendered from the
database every time).

Targets (docs/DESIGN §7): cached pages at least 90 % of the hello-world view's req/s in the same
run (a plain `cache_page` reaches about 75 % here, because the whole middleware stack still runs
on every hit); p99 of a cached page at most 1.5 × the hello-world view's p99; uncached pages at
least twice an equivalent Wagtail page (~135 req/s here for a detail page, so 270 req/s).
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from bench.harness import Figure

STORIES = 20
HALL_PHOTOS = 4
HALL_MAJORS = ("数控技术应用", "汽车运用与维修", "电子商务", "学前教育", "工业机器人技术")
SECONDS = 5
WARM_UP_SECONDS = 1
CACHED_SHARE = 0.9
P99_FACTOR = 1.5
UNCACHED_TARGET = 270.0  # 2 × ~135 req/s, an equivalent Wagtail 8 detail page on this machine
CLOCK = "2021-05-25T20:00+08:00"  # day four of the 2021 week
ROOT = Path(__file__).resolve().parent.parent
WRK_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_P99 = re.compile(r"^\s*99%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Load:
    rate: float  # requests per second
    p99_ms: float


@dataclass(frozen=True)
class Prepared:
    story: int  # the top story of the column
    hall: int  # a published hall with photos and majors, whose school has featured stories


def prepare() -> Prepared:
    """A current campaign with featured stories and a published exhibition hall, made through
    the services as the schools and reviewers would."""
    from vocweek.campaigns.tests.factories import make_campaign
    from vocweek.core.clock import ANCHOR_VARIABLE
    from vocweek.orgs.tests.factories import Tree
    from vocweek.reports import services
    from vocweek.reports.tests.week import enrol_reporting_schools, file_report, staff

    settings.VOCWEEK_CLOCK_START = CLOCK  # stories are filed on a day of the week
    os.environ[ANCHOR_VARIABLE] = str(time.time())
    tree = Tree()
    campaign = make_campaign(tree.province)
    people = staff(tree, enrol_reporting_schools(tree, campaign))
    reporters = [
        (tree.college, people["college"]),
        (tree.qingxu_school, people["qingxu"]),
        (tree.datong_school, people["datong"]),
    ]
    featured = None
    for number in range(STORIES):
        unit, author = reporters[number % len(reporters)]
        report = file_report(
            campaign, unit, author, f"第{number + 1}篇：技能服务进社区，开放校园迎来八方来客"
        )
        report = services.adopt_report(
            report=report, actor=people["province"], version=report.version
        )
        featured = services.feature_report(
            report=report, actor=people["province"], version=report.version
        )
    hall = prepare_hall(tree.qingxu_school, people["qingxu"])
    settings.VOCWEEK_CLOCK_START = ""
    return Prepared(story=featured.pk, hall=hall)


def prepare_hall(unit, manager) -> int:
    """The school's hall with an album of photos (renditions made here, as the task would) and
    its majors, published; its pk."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from vocweek.reports.halls import processing, services
    from vocweek.reports.halls.enums import HallMediaKind, MajorLevel
    from vocweek.reports.tests.media_files import encoded, halves

    hall = services.open_hall(unit=unit, actor=manager)
    content = services.HallContent(
        tagline="技能成才 匠心筑梦",
        introduction="<p>学校开设数控、汽修、电商等专业，欢迎线上参观校园和实训中心。</p>" * 3,
        enrolment="<p>面向全省招收初中毕业生，欢迎咨询。</p>",
        enrolment_phone="0351 5720000",
        address="清徐县清源镇文源路1号",
    )
    hall = services.update_hall(hall=hall, content=content, actor=manager)
    album = services.save_album(hall=hall, title="校园风光", actor=manager)
    for number in range(HALL_PHOTOS):
        upload = SimpleUploadedFile(
            f"photo-{number}.jpg", encoded(halves(2400, 1600), "JPEG"), "image/jpeg"
        )
        media = services.add_hall_media(
            hall=hall,
            kind=HallMediaKind.PHOTO,
            upload=upload,
            caption=f"实训中心 {number + 1}",
            album=album,
            actor=manager,
        )
        processing.process_hall_media(media.pk)  # no task worker runs during the benchmark
    for name in HALL_MAJORS:
        content = services.MajorContent(name=name, level=MajorLevel.SECONDARY, years=3, quota=50)
        services.save_major(hall=hall, content=content, actor=manager)
    return services.publish_hall(hall=hall, actor=manager).pk


def database_url() -> str:
    values = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(values['NAME']).resolve()}"
    auth = values["USER"] + (f":{values['PASSWORD']}" if values["PASSWORD"] else "")
    return f"postgres://{auth}@{values['HOST']}:{values['PORT']}/{values['NAME']}"


def collect_static() -> None:
    """The manifest the production storage renders `{% static %}` from (var/bench/static)."""
    subprocess.run(
        [sys.executable, "-m", "vocweek.manage", "collectstatic", "--noinput", "-v0"],
        check=True,
        env=os.environ | {"DATABASE_URL": database_url()},
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def server(*, page_cache: bool, extra: dict[str, str] | None = None):
    """gunicorn as `vocweek serve` runs it, on a free port of 127.0.0.1; yields the base URL."""
    from vocweek.core.management.commands.serve import gunicorn_command

    port = free_port()
    command = gunicorn_command(
        bind=f"127.0.0.1:{port}",
        workers=int(os.environ.get("VOCWEEK_WORKERS", 2)),
        threads=int(os.environ.get("VOCWEEK_THREADS", 4)),
    )
    environment = os.environ | {
        "DATABASE_URL": database_url(),
        "VOCWEEK_BENCH_HELLO": "1",
        "VOCWEEK_PAGE_CACHE": "1" if page_cache else "0",
        "VOCWEEK_CLOCK_START": CLOCK,
        "VOCWEEK_CLOCK_ANCHOR": str(time.time()),
        "VOCWEEK_LOG_LEVEL": "ERROR",
        **(extra or {}),
    }
    process = subprocess.Popen([*command, "--log-level", "warning"], env=environment, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/bench/hello/", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the app server did not come up") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def check(url: str) -> None:
    with urllib.request.urlopen(url, timeout=10) as answer:
        if answer.status != 200:
            raise RuntimeError(f"{url} answered {answer.status}")


def load(url: str) -> Load:
    """wrk against one URL: a warm-up, then the measured run."""
    check(url)
    wrk = ["wrk", "-t2", "-c8", "--latency"]
    subprocess.run([*wrk, f"-d{WARM_UP_SECONDS}s", url], check=True, capture_output=True)
    output = subprocess.run(
        [*wrk, f"-d{SECONDS}s", url], check=True, capture_output=True, text=True
    ).stdout
    if "Non-2xx" in output or "Socket errors" in output:
        raise RuntimeError(f"wrk saw errors on {url}:\n{output}")
    value, unit = WRK_P99.search(output).groups()
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return Load(rate=float(WRK_RATE.search(output).group(1)), p99_ms=float(value) * scale)


def run() -> list[Figure]:
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is missing: scripts/system-deps.sh wrk")
    prepared = prepare()
    collect_static()
    pages = {
        "home": "/",
        "column": "/column/",
        "story": f"/column/{prepared.story}/",
        "hall": f"/halls/{prepared.hall}/",
    }
    figures = []
    for page_cache in (True, False):
        with server(page_cache=page_cache) as base:
            hello = load(f"{base}/bench/hello/")
            for name, path in pages.items():
                measured = load(f"{base}{path}")
                figures += describe(name, measured, hello, cached=page_cache)
    return figures


def describe(name: str, measured: Load, hello: Load, *, cached: bool) -> list[Figure]:
    reference = "hello-world view, same server settings, same run"
    workers = f"gunicorn as `vocweek serve` ({settings.WSGI_APPLICATION})"
    if not cached:
        return [
            Figure(
                name=f"{name} page uncached, requests/s ({workers})",
                value=measured.rate,
                unit="req/s",
                target=UNCACHED_TARGET,
                better="higher",
                reference_name=reference,
                reference_value=hello.rate,
            )
        ]
    return [
        Figure(
            name=f"{name} page from the public page cache, requests/s",
            value=measured.rate,
            unit="req/s",
            target=round(CACHED_SHARE * hello.rate, 1),
            better="higher",
            reference_name=reference,
            reference_value=hello.rate,
        ),
        Figure(
            name=f"{name} page from the public page cache, p99 latency",
            value=measured.p99_ms,
            unit="ms",
            target=round(P99_FACTOR * hello.p99_ms, 2),
            better="lower",
            reference_name=reference,
            reference_value=hello.p99_ms,
        ),
    ]
