"""Demo calendar for the 2021 Shanxi week: the provincial activities held by 山西省教育厅, the
national items the province relays, and a spread of city and school activities over the seven days.

Everything is published through the services at the moment it would have been (between 5/17 and
5/21), and some activities take registrations: the `school` log-in's open day has a few places
left, another school's is full with a waiting list, and past sessions have check-ins, so the
registration lists, the check-in page and the coverage grid all have something to show. Two
cities are left without activities on the last two days, which the coverage grid highlights.
Loading is idempotent: a campaign that has activities gets none added.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction

from vocweek.accounts.models import User
from vocweek.activities import services
from vocweek.activities.enums import (
    ActivityKind,
    ActivityState,
    Audience,
    Level,
    Mode,
    ServiceType,
)
from vocweek.activities.models import Activity, Registration
from vocweek.campaigns.models import Campaign, Participation
from vocweek.core import clock
from vocweek.orgs.enums import Role, UnitKind
from vocweek.orgs.models import Membership, Unit

SEED = 20210522
PUBLISHED_FROM = date(2021, 5, 17)
QUIET_CITIES = ("吕梁市", "忻州市")  # nothing on the last two days: the coverage grid shows it
QUIET_FROM_DAY = 5
SCHOOL_LOGIN_UNIT = "山西职业技术学院"
FULL_SCHOOL_UNIT = "太原市第一职业中学"


@dataclass(frozen=True)
class Seed:
    """An activity to hold: kind, title pattern, description, day offset, hours, mode, audience."""

    kind: str
    title: str
    text: str
    day: int
    start: time
    hours: float
    mode: str = Mode.OFFLINE
    audience: str = Audience.EVERYONE
    capacity: int | None = None
    party: int = 1
    service_type: str = ""
    last_day: int | None = None


PROVINCIAL = (
    Seed(
        ActivityKind.LAUNCH_CEREMONY,
        "山西省2021年职业教育活动周启动仪式",
        "省教育厅会同各协办部门举行全省活动周启动仪式，发布全省活动安排，表彰技能大赛获奖师生，"
        "现场同步网络直播。",
        0,
        time(9, 30),
        1.5,
        Mode.HYBRID,
    ),
    Seed(
        ActivityKind.ACHIEVEMENTS,
        "全省职业教育产教融合成果展示",
        "集中展示现代学徒制、1+X 证书试点和职业教育集团建设成果，同时开设线上展厅。",
        0,
        time(9, 0),
        8,
        Mode.HYBRID,
        capacity=300,
        party=4,
        last_day=6,
    ),
    Seed(
        ActivityKind.COMPETITION_VIEWING,
        "全国职业院校技能大赛改革试点赛在线观赛",
        "组织各校师生在线观看全国职业院校技能大赛改革试点赛，感受技能风采。",
        1,
        time(14, 0),
        3,
        Mode.ONLINE,
        Audience.STUDENTS_AND_TEACHERS,
    ),
    Seed(
        ActivityKind.THEME_CONTEST,
        "“少年工匠心向党 青春奋进新时代”演讲比赛决赛",
        "全省中职学生演讲比赛决赛，优秀作品在专题网站展示，并开放网络投票。",
        4,
        time(14, 30),
        3,
        Mode.HYBRID,
        Audience.STUDENTS_AND_TEACHERS,
    ),
    Seed(
        ActivityKind.POLICY,
        "《中等职业学校学生公约》线上签署",
        "全省中职学生在线签署《中等职业学校学生公约》，各校同步举行签署仪式。",
        2,
        time(8, 0),
        12,
        Mode.ONLINE,
        Audience.STUDENTS_AND_TEACHERS,
    ),
)

CITY = (
    Seed(
        ActivityKind.LAUNCH_CEREMONY,
        "{city}职业教育活动周启动仪式",
        "在{place}职业教育实训基地举行全市启动仪式，发布全市活动安排。",
        0,
        time(10, 0),
        1.5,
    ),
    Seed(
        ActivityKind.SKILL_SERVICE,
        "{city}技能服务进社区",
        "组织职业院校师生志愿服务队走进社区，开展家电维修、健康义诊和防诈骗宣传。",
        3,
        time(9, 0),
        4,
        audience=Audience.RESIDENTS,
        service_type=ServiceType.APPLIANCES,
    ),
    Seed(
        ActivityKind.INDUSTRY_DIALOGUE,
        "{city}产教融合校企对话会",
        "邀请本地重点企业与职业院校交流人才需求，推动订单培养和现代学徒制合作。",
        4,
        time(14, 30),
        2,
        Mode.HYBRID,
        Audience.EMPLOYEES,
    ),
)

SCHOOL = (
    Seed(
        ActivityKind.OPEN_CAMPUS,
        "{unit}校园开放日",
        "开放校园和实训基地，介绍专业设置、技能大赛成绩和毕业生就业情况，学生志愿者全程讲解。",
        1,
        time(9, 0),
        3,
        audience=Audience.PUPILS_AND_PARENTS,
        capacity=80,
        party=3,
    ),
    Seed(
        ActivityKind.ONLINE_OPEN_DAY,
        "{unit}网上开放日直播",
        "招生就业处在线带领网友“云逛校园”，解答专业选择和升学问题。",
        2,
        time(19, 0),
        1.5,
        Mode.ONLINE,
        Audience.PUPILS_AND_PARENTS,
    ),
    Seed(
        ActivityKind.SKILL_SERVICE,
        "{unit}义务维修进社区",
        "机电、汽修专业师生到社区开展家电维修保养和农机检修服务。",
        3,
        time(9, 30),
        3,
        audience=Audience.RESIDENTS,
        service_type=ServiceType.APPLIANCES,
    ),
    Seed(
        ActivityKind.MASTER_SHOWCASE,
        "劳模工匠进{unit}",
        "邀请行业企业劳动模范和技术能手到校，与学生座谈并现场展示绝活。",
        4,
        time(15, 0),
        2,
        audience=Audience.STUDENTS_AND_TEACHERS,
    ),
    Seed(
        ActivityKind.OPEN_ENTERPRISE,
        "走进合作企业：{unit}学生企业行",
        "组织学生和家长走进合作企业生产车间，了解岗位要求和职业发展路径。",
        5,
        time(9, 0),
        4,
        audience=Audience.PUPILS_AND_PARENTS,
        capacity=40,
    ),
    Seed(
        ActivityKind.ACHIEVEMENTS,
        "{unit}技能作品展",
        "展出学生技能大赛获奖作品和实训成果，观众可现场体验部分项目。",
        6,
        time(9, 0),
        6,
    ),
    Seed(
        ActivityKind.OPEN_COMPETITION,
        "{unit}技能节开放赛场",
        "校内技能节决赛向社会开放，观众可近距离观看比赛，赛后与选手交流。",
        2,
        time(9, 0),
        5,
        capacity=120,
        party=2,
    ),
    Seed(
        ActivityKind.COMMUNITY,
        "{unit}师生走进社区",
        "师生志愿者走进社区，开展职业教育政策宣传和职业体验活动。",
        4,
        time(9, 0),
        3,
        audience=Audience.RESIDENTS,
    ),
    Seed(
        ActivityKind.ONLINE_CAMPUS_TOUR,
        "线上逛{unit}",
        "在学校专题网站推出全景校园和实训室视频，网友可在线参观。",
        3,
        time(8, 0),
        14,
        Mode.ONLINE,
    ),
    Seed(
        ActivityKind.COOPERATION_CASES,
        "{unit}校企合作案例推介会",
        "发布学校与合作企业的订单培养、现代学徒制典型案例，企业代表现场交流。",
        5,
        time(14, 30),
        2,
        Mode.HYBRID,
        Audience.EMPLOYEES,
    ),
    Seed(
        ActivityKind.LAUNCH_CEREMONY,
        "{unit}活动周启动暨技能展示",
        "举行学校活动周启动仪式，各专业学生现场展示技能。",
        0,
        time(15, 0),
        1.5,
        audience=Audience.STUDENTS_AND_TEACHERS,
    ),
)

_VENUES = ("实训楼一层大厅", "学术报告厅", "图书馆广场", "综合实训中心", "体育馆")
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN = (
    "子涵",
    "浩然",
    "欣怡",
    "梓轩",
    "雨桐",
    "思源",
    "一诺",
    "俊杰",
    "佳琪",
    "明轩",
    "诗涵",
    "宇航",
)


def _place(unit: Unit) -> str:
    city = unit.city
    return (city.short_name or city.name) if city is not None else "太原市"


def _content(seed: Seed, unit: Unit, campaign: Campaign, rng: random.Random):
    city = _place(unit)
    first = campaign.starts_on + timedelta(days=seed.day)
    starts_at = datetime.combine(first, seed.start, tzinfo=campaign.zone)
    last = campaign.starts_on + timedelta(
        days=seed.last_day if seed.last_day is not None else seed.day
    )
    ends_at = datetime.combine(last, seed.start, tzinfo=campaign.zone) + timedelta(hours=seed.hours)
    name = unit.short_name or unit.name
    on_site = seed.mode in (Mode.OFFLINE, Mode.HYBRID)
    online = seed.mode in (Mode.ONLINE, Mode.HYBRID)
    return services.ActivityContent(
        title=seed.title.format(unit=name, city=city)[:80],
        description=seed.text.format(place=city),
        kind=seed.kind,
        service_type=seed.service_type,
        mode=seed.mode,
        level=(
            Level.PROVINCIAL
            if unit.kind == UnitKind.PROVINCE
            else Level.CITY
            if unit.kind == UnitKind.CITY
            else Level.SCHOOL
        ),
        audience=seed.audience,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=(f"{name}{rng.choice(_VENUES)}" if on_site else ""),
        address=(f"山西省{city}{name}" if on_site else ""),
        online_url=(f"https://live.example.cn/{unit.code.lower()}" if online else ""),
        livestream_url=(f"https://live.example.cn/{unit.code.lower()}/live" if online else ""),
        livestream_platform=("视频号" if online else ""),
        registration_required=seed.capacity is not None,
        capacity=seed.capacity,
        max_party_size=seed.party,
        contact_name=_SURNAMES[rng.randrange(len(_SURNAMES))] + "老师",
        contact_phone=f"0351-{rng.randrange(2000000, 8000000)}",
    )


def _actor(unit: Unit) -> User | None:
    membership = (
        Membership.objects.filter(unit=unit)
        .exclude(role=Role.UNIT_REPORTER)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def _hold(
    campaign: Campaign, unit: Unit, seed: Seed, rng: random.Random, now: datetime
) -> Activity:
    """The unit's activity, published on its day before the week — or, when the platform's clock
    has not reached that day, written as a draft now (its unit has not published it yet)."""
    published_on = PUBLISHED_FROM + timedelta(days=rng.randrange(5))
    moment = datetime.combine(
        published_on, time(9 + rng.randrange(8), rng.randrange(60)), tzinfo=campaign.zone
    )
    actor = _actor(unit)
    content = _content(seed, unit, campaign, rng)
    with clock.running_from(min(moment, now)):
        activity = services.create_activity(
            campaign=campaign, unit=unit, actor=actor, content=content
        )
        if moment > now:
            return activity
        return services.submit_activity(activity=activity, actor=actor, version=activity.version)


def _visitors(
    activity: Activity, count: int, rng: random.Random, *, start: int, now: datetime
) -> None:
    """`count` visitors register a few days before the activity (some with family), as far as
    the platform's clock has come."""
    moment = activity.starts_at - timedelta(days=3)
    if activity.state != ActivityState.PUBLISHED:
        return
    for number in range(count):
        if moment + timedelta(minutes=7 * number) > now:
            return
        name = _SURNAMES[(start + number) % len(_SURNAMES)] + _GIVEN[rng.randrange(len(_GIVEN))]
        party = rng.choice((1, 1, 2, 3)) if activity.max_party_size > 1 else 1
        party = min(party, activity.max_party_size)
        with clock.running_from(moment + timedelta(minutes=7 * number)):
            services.register(
                activity_id=activity.pk,
                name=name,
                mobile=f"139{start + number:08d}",
                party_size=party,
                tell=False,  # demo visitors of the past: nobody is texted
            )


def _check_in_the_past(activity: Activity, now: datetime, rng: random.Random) -> None:
    """Sessions that have begun by the platform's clock: most confirmed visitors came."""
    if activity.starts_at > now:
        return
    actor = _actor(activity.unit)
    for registration in Registration.objects.filter(activity=activity, state="confirmed"):
        if rng.random() < 0.8:
            with clock.running_from(activity.starts_at + timedelta(minutes=rng.randrange(40))):
                services.check_in(activity=activity, code=registration.code, actor=actor)


@dataclass(frozen=True)
class ActivitiesDemoSummary:
    activities: int
    with_registration: int
    registrations: int


@transaction.atomic
def load_demo_activities(*, campaign: Campaign) -> ActivitiesDemoSummary:
    """Publish the demo calendar unless the campaign already has activities."""
    now = clock.now()  # first: it anchors a shifted clock to the real present
    if not Activity.objects.filter(campaign=campaign).exists():
        rng = random.Random(SEED)
        province = campaign.organiser
        for seed in PROVINCIAL:
            _hold(campaign, province, seed, rng, now)
        units = [
            participation.unit
            for participation in Participation.objects.filter(campaign=campaign)
            .select_related("unit", "unit__city")
            .order_by("unit__path")
        ]
        visitors = 0
        for unit in units:
            quiet = unit.city is not None and _place(unit) in QUIET_CITIES
            if unit.kind == UnitKind.CITY:
                seeds = CITY
            elif unit.is_school:
                # Every school holds its open day; the others are spread by a fixed draw.
                seeds = (SCHOOL[0], *rng.sample(SCHOOL[1:], 2))
            else:
                continue
            for seed in seeds:
                if quiet and seed.day >= QUIET_FROM_DAY:
                    continue
                activity = _hold(campaign, unit, seed, rng, now)
                if activity.registration_required:
                    if unit.name == FULL_SCHOOL_UNIT:
                        count = 60  # more people than places: a waiting list
                    elif unit.name == SCHOOL_LOGIN_UNIT:
                        count = 24
                    else:
                        count = rng.randrange(0, 12)
                    _visitors(activity, count, rng, start=visitors, now=now)
                    visitors += count
                    _check_in_the_past(activity, now, rng)
    activities = Activity.objects.filter(campaign=campaign)
    return ActivitiesDemoSummary(
        activities=activities.count(),
        with_registration=activities.filter(registration_required=True).count(),
        registrations=Registration.objects.filter(activity__campaign=campaign).count(),
    )
