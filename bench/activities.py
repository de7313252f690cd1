"""Registrations for calendar activities under concurrency: registrations per second.

8 threads, each with its own database connection, register 2,000 distinct visitors into 10
activities of 150 places (1,500 confirmed, 500 on the waiting list) through
`services.register`: the activity's row is locked, the repeat check, the insert, the counter and
the queued text message (the task backend's row), as the public page does it. Every burst is
checked: places exact, nobody lost or doubled.

Reference, measured in the same run with the same threads: a raw INSERT loop through a cursor of
the same number of Registration-shaped rows into the same table (autocommit, no lock, no counter,
no message) — what the database alone accepts.

Target: DESIGN §7 names none for registrations. ≥ 200 /s: a whole school's open day (a few
thousand places across its activities) fills in about ten seconds at that rate, and the busiest
public moment — a popular activity announced in a chat group — fills in minutes, not seconds.
"""

import statistics
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection

from bench.harness import Figure, timed_burst
from vocweek.activities import services
from vocweek.activities.enums import ActivityKind, Audience, Level, Mode, RegistrationState
from vocweek.activities.models import Activity, Registration
from vocweek.campaigns.models import Campaign
from vocweek.orgs import services as org_services
from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import Unit

TARGET_PER_SECOND = 200.0  # see the module's docstring
THREADS = 8
VISITORS = 2_000
ACTIVITIES = 10
PLACES = 150  # 10 × 150 = 1,500 places for 2,000 visitors: 500 wait
RUNS = 3
SHANGHAI = ZoneInfo("Asia/Shanghai")
FIRST_DAY = date(2031, 5, 22)  # after the real present: registration is open


def _school() -> Unit:
    province = Unit.objects.filter(kind=UnitKind.PROVINCE, parent=None).first()
    if province is None:
        province = org_services.create_unit(
            name="基准测试省教育厅", kind=UnitKind.PROVINCE, parent=None
        )
    return org_services.create_unit(
        name="基准测试开放日学校", kind=UnitKind.HIGHER_VOCATIONAL, parent=province
    )


def _campaign(organiser: Unit) -> Campaign:
    return Campaign.objects.create(
        slug="bench-activities",
        year=FIRST_DAY.year,
        title="基准测试活动周（活动报名）",
        theme="技能：让生活更美好",
        organiser=organiser,
        opens_at=datetime(2031, 5, 6, tzinfo=SHANGHAI),
        starts_on=FIRST_DAY,
        ends_on=FIRST_DAY + timedelta(days=6),
        plan_deadline=datetime(2031, 5, 16, tzinfo=SHANGHAI),
        statistics_deadline=datetime(2031, 6, 5, tzinfo=SHANGHAI),
    )


def _activities(campaign: Campaign, school: Unit, run: int) -> list[Activity]:
    """Ten published open days of 150 places, made through the services."""
    made = []
    for number in range(ACTIVITIES):
        starts_at = datetime(2031, 5, 22 + number % 7, 9, 0, tzinfo=SHANGHAI)
        draft = services.create_activity(
            campaign=campaign,
            unit=school,
            actor=None,
            content=services.ActivityContent(
                title=f"校园开放日 第{run}轮 第{number + 1}场",
                description="参观实训基地，体验专业课程。",
                kind=ActivityKind.OPEN_CAMPUS,
                mode=Mode.OFFLINE,
                level=Level.SCHOOL,
                audience=Audience.PUPILS_AND_PARENTS,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=3),
                contact_name="王老师",
                contact_phone="0351-1234567",
                venue="实训楼一层",
                address="太原市示例路1号",
                registration_required=True,
                capacity=PLACES,
            ),
        )
        made.append(services.submit_activity(activity=draft, actor=None, version=draft.version))
    return made


def _mobile(run: int, visitor: int) -> str:
    return f"{13900000000 + run * 10_000 + visitor}"


def _registering(campaign: Campaign, school: Unit, run: int) -> float:
    activities = _activities(campaign, school, run)
    ids = [activity.pk for activity in activities]

    def register(visitor: int) -> None:
        services.register(
            activity_id=ids[visitor % ACTIVITIES],
            name=f"访客{visitor}",
            mobile=_mobile(run, visitor),
        )

    seconds = timed_burst(items=VISITORS, threads=THREADS, work=register)
    registrations = Registration.objects.filter(activity__in=activities)
    assert registrations.count() == VISITORS
    assert registrations.values("mobile").distinct().count() == VISITORS
    for activity in Activity.objects.filter(pk__in=ids):
        confirmed = activity.registrations.filter(state=RegistrationState.CONFIRMED).count()
        waiting = activity.registrations.filter(state=RegistrationState.WAITING).count()
        assert activity.confirmed_places == confirmed == PLACES, (activity.pk, confirmed)
        assert activity.waiting_places == waiting == VISITORS // ACTIVITIES - PLACES
    return VISITORS / seconds


def _raw_inserts(campaign: Campaign, school: Unit, run: int) -> float:
    """The reference: the same number of Registration-shaped rows, one INSERT each."""
    activity = _activities(campaign, school, 100 + run)[0]
    table = Registration._meta.db_table
    now = datetime.now(tz=SHANGHAI)
    sql = (
        f"INSERT INTO {table} (activity_id, name, mobile, party_size, state, code, token, "
        "created_at, confirmed_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
    )

    def insert(visitor: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [
                    activity.pk,
                    f"访客{visitor}",
                    _mobile(run, visitor),
                    1,
                    RegistrationState.CONFIRMED,
                    f"{visitor:08d}",
                    f"bench-raw-{run}-{visitor}",
                    now,
                    now,
                ],
            )

    seconds = timed_burst(items=VISITORS, threads=THREADS, work=insert)
    assert Registration.objects.filter(activity=activity).count() == VISITORS
    return VISITORS / seconds


def run() -> list[Figure]:
    school = _school()
    campaign = _campaign(school.parent)
    _registering(campaign, school, run=0)  # warm-up: imports, caches, connections
    rates = [_registering(campaign, school, run=number) for number in range(1, RUNS + 1)]
    raw = [_raw_inserts(campaign, school, run=number) for number in range(1, RUNS + 1)]
    return [
        Figure(
            name=(
                f"activity registrations: {THREADS} threads, {VISITORS:,} visitors into "
                f"{ACTIVITIES} activities of {PLACES} places (exact, {VISITORS - ACTIVITIES * PLACES} wait)"
            ),
            value=statistics.median(rates),
            unit="/s",
            target=TARGET_PER_SECOND,
            better="higher",
            reference_name=(
                f"raw INSERT of {VISITORS:,} Registration-shaped rows through a cursor, "
                f"{THREADS} threads, autocommit"
            ),
            reference_value=statistics.median(raw),
        )
    ]
