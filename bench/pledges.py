"""Pledge signatures sustained, through the signing service: signatures per second.

8 threads, each with its own database connection, sign one open pledge for 5,000 distinct
students of 20 schools through `services.sign`, as the public page will: the pledge's count
incremented (its row locked until the commit), the signature inserted with its number, the school's
tally incremented, one transaction each. After every burst the count is checked exact: 5,000
signatures numbered 1…5,000, the pledge's count 5,000, each school's tally its signatures.
A signature refused as busy fails the run (zero lost).

Reference, measured in the same run with the same threads: a raw INSERT loop through a cursor of
the same number of Signature-shaped rows into the same table (autocommit, no lock, no count, no
tally) — what the database alone accepts.

Target (docs/DESIGN §7): ≥ 1,000 /s on PostgreSQL, zero lost, counter exact. The design names
that target for the HTTP view (a naive Django insert-and-count view does ~440 /s there), so the
suite measures both: the service beneath the view, which the view's figure cannot exceed, and the
public view itself under `vocweek serve`'s gunicorn driven by wrk, next to a hello-world view on
the same server in the same run. The same target is printed for SQLite, whose one writer at a
time is the embedded profile's limit.
"""

import statistics
from datetime import date, datetime, timedelta
from hashlib import sha256
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Count, Max, Min

from bench.harness import Figure, timed_burst
from vocweek.campaigns.models import Campaign
from vocweek.orgs import services as org_services
from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import Unit
from vocweek.pledges import services
from vocweek.pledges.enums import IdentifierKind
from vocweek.pledges.models import Pledge, PledgeTally, Signature

TARGET_PER_SECOND = 1_000.0  # DESIGN §7, PostgreSQL
THREADS = 8
SIGNERS = 5_000
SCHOOLS = 20
RUNS = 3
SHANGHAI = ZoneInfo("Asia/Shanghai")
FIRST_DAY = date(2031, 5, 22)


def _schools() -> list[Unit]:
    province = Unit.objects.filter(kind=UnitKind.PROVINCE, parent=None).first()
    if province is None:
        province = org_services.create_unit(
            name="基准测试省教育厅", kind=UnitKind.PROVINCE, parent=None
        )
    city = org_services.create_unit(name="基准测试公约市", kind=UnitKind.CITY, parent=province)
    return [
        org_services.create_unit(
            name=f"基准测试公约第{number}职业学校", kind=UnitKind.CITY_SECONDARY, parent=city
        )
        for number in range(1, SCHOOLS + 1)
    ]


def _campaign(organiser: Unit) -> Campaign:
    return Campaign.objects.create(
        slug="bench-pledges",
        year=FIRST_DAY.year,
        title="基准测试活动周（公约签署）",
        theme="技能：让生活更美好",
        organiser=organiser,
        opens_at=datetime(2031, 5, 6, tzinfo=SHANGHAI),
        starts_on=FIRST_DAY,
        ends_on=FIRST_DAY + timedelta(days=6),
        plan_deadline=datetime(2031, 5, 16, tzinfo=SHANGHAI),
        statistics_deadline=datetime(2031, 6, 5, tzinfo=SHANGHAI),
    )


def _pledge(campaign: Campaign, run: int) -> Pledge:
    content = services.PledgeContent(
        title=f"基准测试承诺书 第{run}轮", text="我承诺：热爱专业，勤学苦练，守规守纪，诚实守信。"
    )
    pledge = services.create_pledge(campaign=campaign, actor=None, content=content)
    return services.open_pledge(pledge=pledge, actor=None)


def _check_exact(pledge: Pledge, schools: list[Unit]) -> None:
    """The count, the numbers and the tallies after a burst, against the signatures themselves."""
    signatures = Signature.objects.filter(pledge=pledge)
    numbers = signatures.aggregate(count=Count("pk"), first=Min("number"), last=Max("number"))
    assert numbers == {"count": SIGNERS, "first": 1, "last": SIGNERS}, numbers  # unique numbers
    pledge.refresh_from_db()
    assert pledge.signers == SIGNERS, pledge.signers
    per_school = dict(
        signatures.values("unit").annotate(signed=Count("pk")).values_list("unit", "signed")
    )
    tallies = dict(PledgeTally.objects.filter(pledge=pledge).values_list("unit", "signers"))
    assert tallies == per_school and len(tallies) == len(schools), (tallies, per_school)


def _signing(campaign: Campaign, schools: list[Unit], run: int) -> float:
    pledge = _pledge(campaign, run)
    school_of = [schools[signer % SCHOOLS] for signer in range(SIGNERS)]

    def sign(signer: int) -> None:
        signed = services.sign(
            pledge_id=pledge.pk,
            unit=school_of[signer],
            name=f"学生{signer}",
            kind=IdentifierKind.STUDENT_NUMBER,
            identifier=f"2031{signer:06d}",
        )
        assert signed.created, signer

    seconds = timed_burst(items=SIGNERS, threads=THREADS, work=sign)
    _check_exact(pledge, schools)
    return SIGNERS / seconds


def _raw_inserts(campaign: Campaign, schools: list[Unit], run: int) -> float:
    """The reference: the same number of Signature-shaped rows, one INSERT each."""
    pledge = _pledge(campaign, 100 + run)
    now = datetime.now(tz=SHANGHAI)
    sql = (
        f"INSERT INTO {Signature._meta.db_table} (pledge_id, unit_id, name, signer_hash, number, "
        "token, signed_at) VALUES (%s, %s, %s, %s, %s, %s, %s)"
    )

    def insert(signer: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [
                    pledge.pk,
                    schools[signer % SCHOOLS].pk,
                    f"学生{signer}",
                    sha256(f"{run}-{signer}".encode()).hexdigest(),
                    signer + 1,
                    f"bench-raw-{run}-{signer}",
                    now,
                ],
            )

    seconds = timed_burst(items=SIGNERS, threads=THREADS, work=insert)
    assert Signature.objects.filter(pledge=pledge).count() == SIGNERS
    return SIGNERS / seconds


# wrk posts one signature per request, each with its own student number ("<thread>-<n>"), the
# CSRF cookie and token fetched once, as a phone's browser would send them.
_WRK_SCRIPT = """
local counter = 0
local created = 0
function setup(thread)
  created = created + 1
  thread:set("thread_id", created)  -- a global of that thread's own Lua state
end
request = function()
  counter = counter + 1
  local school = SCHOOLS[(counter % #SCHOOLS) + 1]
  local body = "csrfmiddlewaretoken=" .. TOKEN .. "&name=%E5%AD%A6%E7%94%9F&school=" .. school
    .. "&kind=student_number&identifier=H" .. thread_id .. "X" .. counter
  return wrk.format("POST", PATH, HEADERS, body)
end
"""
HTTP_SECONDS = 5


def _over_http(campaign: Campaign, schools: list[Unit]) -> tuple[float, float]:
    """Signatures per second through the public view under `vocweek serve`'s gunicorn settings,
    and the hello-world view's requests per second on the same server; the count is checked
    against the signatures afterwards."""
    import http.cookiejar
    import re
    import subprocess
    import tempfile
    import urllib.parse
    import urllib.request

    from bench import pages
    from vocweek.campaigns.models import Participation

    Participation.objects.bulk_create(
        Participation(campaign=campaign, unit=school) for school in schools
    )
    campaign.is_current = True
    campaign.save(update_fields=["is_current"])
    pledge = _pledge(campaign, 1000)
    pages.collect_static()
    with pages.server(page_cache=False, extra={"VOCWEEK_SIGN_RATE": "1000000/s"}) as base:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"{base}/pledges/{pledge.pk}/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        cookie = next(c.value for c in jar if c.name == "csrftoken")
        headers = (
            '{["Content-Type"] = "application/x-www-form-urlencoded", '
            f'["Cookie"] = "csrftoken={cookie}"}}'
        )
        script = (
            f'TOKEN = "{urllib.parse.quote(token)}"\nPATH = "/pledges/{pledge.pk}/sign/"\n'
            f"HEADERS = {headers}\n"
            f"SCHOOLS = {{{', '.join(str(school.pk) for school in schools)}}}\n" + _WRK_SCRIPT
        )
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
            file.write(script)
        hello = pages.load(f"{base}/bench/hello/").rate
        output = subprocess.run(
            ["wrk", "-t2", "-c8", f"-d{HTTP_SECONDS}s", "-s", file.name, base],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    sent = int(re.search(r"(\d+) requests in", output).group(1))
    rate = float(pages.WRK_RATE.search(output).group(1))
    signatures = Signature.objects.filter(pledge=pledge).count()
    pledge.refresh_from_db()
    # Every request is a new signer answered 303 (wrk reports only 4xx and 5xx as errors); wrk
    # counts only the answers it read before time was up.
    assert "Non-2xx" not in output, output
    assert pledge.signers == signatures, (pledge.signers, signatures)
    assert abs(signatures - sent) <= 8, (sent, signatures)  # 8 connections in flight at the end
    return rate, hello


def run() -> list[Figure]:
    schools = _schools()
    campaign = _campaign(schools[0].parent.parent)
    _signing(campaign, schools, run=0)  # warm-up: imports, caches, connections
    rates = [_signing(campaign, schools, run=number) for number in range(1, RUNS + 1)]
    raw = [_raw_inserts(campaign, schools, run=number) for number in range(1, RUNS + 1)]
    http_rate, hello_rate = _over_http(campaign, schools)
    return [
        Figure(
            name=(
                f"pledge signatures through services.sign: {THREADS} threads, {SIGNERS:,} "
                f"signers of {SCHOOLS} schools, one pledge (zero lost, count exact)"
            ),
            value=statistics.median(rates),
            unit="/s",
            target=TARGET_PER_SECOND,
            better="higher",
            reference_name=(
                f"raw INSERT of {SIGNERS:,} Signature-shaped rows through a cursor, "
                f"{THREADS} threads, autocommit"
            ),
            reference_value=statistics.median(raw),
        ),
        Figure(
            name=(
                "pledge signatures through the public view (CSRF, rate limit, fields read, "
                "service, 303), vocweek serve's gunicorn, wrk 2 threads × 8 connections (count exact)"
            ),
            value=http_rate,
            unit="/s",
            target=TARGET_PER_SECOND,
            better="higher",
            reference_name="hello-world view, same server, same run",
            reference_value=hello_rate,
        ),
    ]
