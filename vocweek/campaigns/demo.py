"""The 2021 Shanxi activity week as demo data, and the loader that puts it into the database.

The data is a Chinese data set: real departments, cities and colleges (public facts), invented
secondary schools named after real counties, and invented people. Everything goes through the
services, except the campaign and its activity lists, which have no service of their own.
Loading is idempotent: units are found by parent and name, the campaign by slug, accounts by
user name, so a second run writes nothing.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vocweek.accounts import services as account_services
from vocweek.accounts.models import User
from vocweek.campaigns import services
from vocweek.campaigns.enums import ActivityLevel
from vocweek.campaigns.models import Campaign, Liaison, ListedActivity, Participation
from vocweek.orgs import services as org_services
from vocweek.orgs.enums import Role, UnitKind
from vocweek.orgs.models import Membership, Unit

DEMO_PASSWORD = "vocweek2021"
"""The one password of every demo account. Demo data only: never load the demo in production."""

SHANGHAI = ZoneInfo("Asia/Shanghai")

PROVINCE = "山西省教育厅"

CO_ORGANISERS = (
    "中共山西省委宣传部",
    "山西省网信办",
    "山西省人力资源和社会保障厅",
    "山西省工业和信息化厅",
    "山西省农业农村厅",
    "山西省国资委",
    "山西省总工会",
    "共青团山西省委",
    "山西省中华职教社",
)


@dataclass(frozen=True)
class CitySeed:
    """One city: its province-direct schools, its own schools, and its county bureaus' schools."""

    city: str
    colleges: tuple[str, ...] = ()
    provincial_schools: tuple[str, ...] = ()
    schools: tuple[str, ...] = ()
    counties: tuple[tuple[str, tuple[str, ...]], ...] = ()
    technical: tuple[str, ...] = ()

    @property
    def bureau(self) -> str:
        return f"{self.city}教育局"


CITIES = (
    CitySeed(
        "太原市",
        colleges=(
            "山西职业技术学院",
            "山西建筑职业技术学院",
            "山西交通职业技术学院",
            "山西财贸职业技术学院",
            "山西林业职业技术学院",
            "山西金融职业学院",
            "太原城市职业技术学院",
            "山西艺术职业学院",
            "山西药科职业学院",
            "山西铁道职业技术学院",
            "山西工程职业学院",
        ),
        provincial_schools=("山西省贸易学校", "山西省经济贸易学校", "山西省工贸学校"),
        schools=("太原市第一职业中学",),
        counties=(
            ("清徐县", ("清徐县职业中学",)),
            ("阳曲县", ("阳曲县职业技术学校",)),
            ("古交市", ("古交市职业教育中心",)),
        ),
        technical=("太原技师学院",),
    ),
    CitySeed(
        "大同市",
        colleges=("大同煤炭职业技术学院", "山西通用航空职业技术学院"),
        schools=("大同市第二职业中学",),
        counties=(
            ("阳高县", ("阳高县职业中学",)),
            ("灵丘县", ("灵丘县职业技术教育中心",)),
        ),
        technical=("大同技师学院",),
    ),
    CitySeed(
        "朔州市",
        colleges=("朔州职业技术学院",),
        schools=("朔州市职业技术学校",),
        counties=(
            ("应县", ("应县职业中学",)),
            ("怀仁市", ("怀仁市职业教育中心",)),
        ),
        technical=("朔州技师学院",),
    ),
    CitySeed(
        "忻州市",
        colleges=("忻州职业技术学院",),
        schools=("忻州市第一职业中学",),
        counties=(
            ("原平市", ("原平市职业技术学校",)),
            ("五台县", ("五台县职业中学",)),
        ),
        technical=("忻州技师学院",),
    ),
    CitySeed(
        "阳泉市",
        colleges=("阳泉职业技术学院",),
        schools=("阳泉市第一职业中学",),
        counties=(
            ("平定县", ("平定县职业中学",)),
            ("盂县", ("盂县职业技术学校",)),
        ),
        technical=("阳泉技师学院",),
    ),
    CitySeed(
        "吕梁市",
        colleges=("吕梁职业技术学院",),
        schools=("吕梁市卫生学校",),
        counties=(
            ("孝义市", ("孝义市职业中学",)),
            ("汾阳市", ("汾阳市职业教育中心",)),
        ),
        technical=("吕梁技师学院",),
    ),
    CitySeed(
        "晋中市",
        colleges=("晋中职业技术学院", "山西同文职业技术学院"),
        provincial_schools=("山西省农业机械化学校",),
        schools=("晋中市卫生学校",),
        counties=(
            ("平遥县", ("平遥县职业中学",)),
            ("介休市", ("介休市职业教育中心",)),
        ),
        technical=("晋中技师学院",),
    ),
    CitySeed(
        "长治市",
        colleges=("长治职业技术学院", "山西机电职业技术学院", "潞安职业技术学院"),
        provincial_schools=("山西省煤炭工业学校",),
        schools=("长治市财经学校",),
        counties=(
            ("长子县", ("长子县职业中学",)),
            ("武乡县", ("武乡县职业中学",)),
        ),
        technical=("长治技师学院",),
    ),
    CitySeed(
        "晋城市",
        colleges=("晋城职业技术学院",),
        schools=("晋城市职业技术学校",),
        counties=(
            ("高平市", ("高平市职业中学",)),
            ("阳城县", ("阳城县职业中学",)),
        ),
        technical=("晋城技师学院",),
    ),
    CitySeed(
        "临汾市",
        colleges=("临汾职业技术学院", "山西信息职业技术学院"),
        schools=("临汾市第一职业中学",),
        counties=(
            ("洪洞县", ("洪洞县职业中学",)),
            ("侯马市", ("侯马市职业中学",)),
        ),
        technical=("临汾技师学院",),
    ),
    CitySeed(
        "运城市",
        colleges=("山西水利职业技术学院", "运城护理职业学院", "运城职业技术大学"),
        schools=("运城市职业中学",),
        counties=(
            ("永济市", ("永济市职业中学",)),
            ("河津市", ("河津市职业中学",)),
        ),
        technical=("运城技师学院",),
    ),
)


NOTICE_SUMMARY = """\
山西省教育厅等十部门关于做好2021年职业教育活动周相关工作的通知（要点）

一、时间和主题：2021年5月22日至28日，主题“技能：让生活更美好”。

二、主要活动：全国性活动由教育部等十部门分别牵头（见全国性活动清单）。全省性活动为启动仪式、\
产教融合成果展示（现代学徒制、1+X 证书试点、职业教育集团，含线上展厅）、“少年工匠心向党 \
青春奋进新时代”主题教育相关比赛和《中等职业学校学生公约》签署。各地各校按疫情防控要求开展开放校园、\
开放赛场、开放企业、开放院所、走进社区等活动，举办“云上活动周”“线上逛校园”“网上开放日”，\
组织师生在线观看全国职业院校技能大赛改革试点赛，开展技能服务美好生活和乡村振兴活动。

三、宣传重点：职业教育方针政策、全国职业教育大会精神、改革发展成果、典型集体和人物。

四、工作要求：各市教育局牵头组织本地活动周；各市教育局、各省直职业院校于5月15日前提交活动方案、\
专题网站网址和联络员信息；活动周期间每所职业院校每天至少报送一篇信息；活动周结束后一周内填报\
《2021年职业教育活动周情况统计表》。省教育厅等部门在全省活动周宣传专栏择优选登。
"""


@dataclass(frozen=True)
class ListedSeed:
    """An item of an activity list: what, who leads it, and its provincial counterpart's name."""

    title: str
    lead: str
    lead_unit: str
    description: str = ""


NATIONAL_ITEMS = (
    ListedSeed(
        "全国启动仪式暨全国职业院校技能大赛开幕式、技能大赛、职业教育高地建设论坛、主题作品征集",
        "教育部",
        PROVINCE,
        "各校组织师生在线观看全国职业院校技能大赛改革试点赛。",
    ),
    ListedSeed("中央媒体集中宣传职业教育", "中央宣传部", "中共山西省委宣传部"),
    ListedSeed("网络新媒体集中宣传职业教育", "中央网信办", "山西省网信办"),
    ListedSeed(
        "中华技能大奖、全国技术能手事迹宣传，高技能领军人才和世赛国赛获奖选手进校园",
        "人力资源社会保障部",
        "山西省人力资源和社会保障厅",
    ),
    ListedSeed("利用互联网等新媒体加强活动周宣传", "工业和信息化部", "山西省工业和信息化厅"),
    ListedSeed(
        "发布“百所乡村振兴优质校”遴选结果，宣传职业教育助力乡村振兴成果",
        "农业农村部",
        "山西省农业农村厅",
    ),
    ListedSeed("央企大国工匠、劳模进校园，职业院校优秀学生进央企", "国务院国资委", "山西省国资委"),
    ListedSeed("大国工匠和劳模进校园", "全国总工会", "山西省总工会"),
    ListedSeed(
        "“职业技能哪家强”网络传播活动", "共青团中央", "共青团山西省委", "以短视频展示职业技能。"
    ),
    ListedSeed("“最美职校生”网络评选、职业院校中华文明礼仪展演", "中华职教社", "山西省中华职教社"),
)

PROVINCIAL_ITEMS = (
    ListedSeed("山西省2021年职业教育活动周启动仪式", PROVINCE, PROVINCE),
    ListedSeed(
        "全省职业教育产教融合成果展示",
        PROVINCE,
        PROVINCE,
        "展示现代学徒制、1+X 证书试点和职业教育集团的成果，同时开设线上展厅。",
    ),
    ListedSeed(
        "“少年工匠心向党 青春奋进新时代”主题教育相关比赛",
        PROVINCE,
        PROVINCE,
        "演讲、征文、技能展示和短视频等比赛：征集作品、评审，可设网络投票。",
    ),
    ListedSeed(
        "《中等职业学校学生公约》签署",
        PROVINCE,
        PROVINCE,
        "各中职学校举行签署仪式，学生在线签署，学校报送线下签署人数。",
    ),
)


@dataclass(frozen=True)
class DemoLogin:
    """A demo account: who it stands for, how to log in, and where it belongs."""

    label: "str | Promise"
    username: str
    full_name: str
    role: str
    unit: str


DEMO_LOGINS = (
    DemoLogin(_("organiser administrator"), "organiser", "王建平", Role.ORGANISER_ADMIN, PROVINCE),
    DemoLogin(_("provincial reviewer"), "province", "李晓梅", Role.PROVINCE_REVIEWER, PROVINCE),
    DemoLogin(_("city reviewer"), "taiyuan", "张志刚", Role.CITY_REVIEWER, "太原市教育局"),
    DemoLogin(
        _("school liaison (higher vocational)"),
        "school",
        "刘海燕",
        Role.UNIT_MANAGER,
        "山西职业技术学院",
    ),
    DemoLogin(
        _("school liaison (secondary)"), "school2", "陈国强", Role.UNIT_MANAGER, "清徐县职业中学"
    ),
    DemoLogin(_("reporter"), "reporter", "杨帆", Role.UNIT_REPORTER, "山西职业技术学院"),
    DemoLogin(_("co-organiser liaison"), "union", "赵丽娟", Role.UNIT_MANAGER, "山西省总工会"),
)

_SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯董程曹袁邓许傅沈彭吕苏卢蒋蔡贾丁魏薛"
)
_GIVEN_NAMES = (
    "建国", "丽娟", "志强", "晓燕", "海涛", "秀英", "文博", "春梅", "国华", "雅琴", "立新",
    "俊峰", "慧敏", "永红", "宏伟", "晓东", "玉兰", "振华", "佳怡", "鹏飞", "翠萍", "建军",
    "丽霞", "瑞峰", "晋生", "红梅", "卫东", "素芳", "晓光", "艳萍", "志刚", "美玲",
)  # fmt: skip
_LIAISON_POSITIONS = {
    UnitKind.PROVINCE: "职成处干部",
    UnitKind.CITY: "职成科科长",
    UnitKind.COUNTY: "职成股干事",
    UnitKind.HIGHER_VOCATIONAL: "党委宣传部干事",
    UnitKind.PROVINCIAL_SECONDARY: "办公室主任",
    UnitKind.CITY_SECONDARY: "办公室主任",
    UnitKind.TECHNICAL: "招生就业处干事",
    UnitKind.CO_ORGANISER: "办公室联络员",
}


@dataclass(frozen=True)
class DemoSummary:
    """What the demo database holds after loading: the campaign, its units and the log-ins."""

    campaign: Campaign
    units: int
    schools: int
    cities: int
    counties: int
    co_organisers: int
    liaisons: int
    logins: tuple[DemoLogin, ...]
    password: str = DEMO_PASSWORD


def _number(text: str) -> int:
    """A stable number for a text, so invented names and numbers are the same on every run."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def demo_mobile(text: str) -> str:
    return f"139{_number('mobile:' + text) % 10**8:08d}"


def demo_person(text: str) -> str:
    number = _number("name:" + text)
    surname = _SURNAMES[number % len(_SURNAMES)]
    return surname + _GIVEN_NAMES[number // len(_SURNAMES) % len(_GIVEN_NAMES)]


def _beijing(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


class _TreeLoader:
    """Finds each unit by parent and name, creating it through the service only when missing."""

    def __init__(self, actor: User | None) -> None:
        self.actor = actor
        self.units: list[Unit] = []
        self.by_name: dict[str, Unit] = {}

    def unit(self, name: str, kind: str, parent: Unit | None, city: Unit | None = None) -> Unit:
        unit = Unit.objects.filter(parent=parent, name=name).first()
        if unit is None:
            short_name = name.removesuffix("教育局") if kind == UnitKind.CITY else ""
            unit = org_services.create_unit(
                name=name,
                kind=kind,
                parent=parent,
                city=city,
                short_name=short_name,
                actor=self.actor,
            )
        self.units.append(unit)
        self.by_name[name] = unit
        return unit

    def load(self) -> None:
        province = self.unit(PROVINCE, UnitKind.PROVINCE, None)
        for name in CO_ORGANISERS:
            self.unit(name, UnitKind.CO_ORGANISER, province)
        bureaus = {seed.city: self.unit(seed.bureau, UnitKind.CITY, province) for seed in CITIES}
        for seed in CITIES:
            for name in seed.colleges:
                self.unit(name, UnitKind.HIGHER_VOCATIONAL, province, city=bureaus[seed.city])
        for seed in CITIES:
            for name in seed.provincial_schools:
                self.unit(name, UnitKind.PROVINCIAL_SECONDARY, province, city=bureaus[seed.city])
        for seed in CITIES:
            bureau = bureaus[seed.city]
            for name in seed.schools:
                self.unit(name, UnitKind.CITY_SECONDARY, bureau)
            for name in seed.technical:
                self.unit(name, UnitKind.TECHNICAL, bureau)
            for county, schools in seed.counties:
                county_bureau = self.unit(f"{county}教育局", UnitKind.COUNTY, bureau)
                for name in schools:
                    self.unit(name, UnitKind.CITY_SECONDARY, county_bureau)


def _campaign(organiser: Unit) -> Campaign:
    campaign = Campaign.objects.filter(slug="2021").first()
    if campaign is not None:
        return campaign
    return Campaign.objects.create(
        slug="2021",
        year=2021,
        title="山西省2021年职业教育活动周",
        theme="技能：让生活更美好",
        organiser=organiser,
        notice_reference="晋教职成函〔2021〕30号",
        notice_date=date(2021, 5, 6),
        notice_text=NOTICE_SUMMARY,
        contact="贾琪华 柴鹏 0351-3046534",
        time_zone="Asia/Shanghai",
        opens_at=_beijing(2021, 5, 6, 0, 0),
        starts_on=date(2021, 5, 22),
        ends_on=date(2021, 5, 28),
        plan_deadline=_beijing(2021, 5, 16, 0, 0),  # the end of 5/15
        statistics_deadline=_beijing(2021, 6, 5, 0, 0),  # one week after the week
        daily_report_quota=1,
        daily_cutoff=time(0, 0),
    )


def _listed_activities(campaign: Campaign, units: dict[str, Unit]) -> None:
    lists = {ActivityLevel.NATIONAL: NATIONAL_ITEMS, ActivityLevel.PROVINCIAL: PROVINCIAL_ITEMS}
    for level, items in lists.items():
        for position, item in enumerate(items, start=1):
            ListedActivity.objects.get_or_create(
                campaign=campaign,
                level=level,
                position=position,
                defaults={
                    "title": item.title,
                    "description": item.description,
                    "lead": item.lead,
                    "lead_unit": units.get(item.lead_unit),
                },
            )


def _account(login: DemoLogin, unit: Unit, actor: User | None) -> User:
    user = User.objects.filter(username=login.username).first()
    if user is None:
        user = account_services.create_account(
            username=login.username,
            full_name=login.full_name,
            email=f"{login.username}@example.edu.cn",
            mobile=demo_mobile(login.username),
            actor=actor,
        )
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    membership = Membership.objects.filter(user=user).first()
    if membership is None or (membership.unit_id, membership.role) != (unit.pk, login.role):
        org_services.assign_membership(user=user, unit=unit, role=login.role, actor=actor)
    return user


def _liaison(participation: Participation, managers: dict[str, User], actor: User | None) -> None:
    unit = participation.unit
    manager = managers.get(unit.name)
    if manager is not None:
        name, mobile, email = manager.full_name, manager.mobile, manager.email
    else:
        name = demo_person(unit.name)
        mobile = demo_mobile(unit.name)
        email = f"{unit.code.lower()}@example.edu.cn"
    liaison = services.set_liaison(
        participation=participation,
        name=name,
        mobile=mobile,
        email=email,
        position=_LIAISON_POSITIONS[unit.kind],
        actor=actor,
    )
    if manager is not None and liaison.user_id != manager.pk:
        liaison.user = manager
        liaison.save(update_fields=["user", "updated_at"])


@transaction.atomic
def load_demo(*, actor: User | None = None) -> DemoSummary:
    """Load the 2021 Shanxi week: the unit tree, the current campaign, its lists, every unit's
    participation and liaison, and one log-in per role. Safe to run again: it adds nothing twice.
    """
    tree = _TreeLoader(actor)
    tree.load()
    province = tree.by_name[PROVINCE]

    users = {
        login.username: _account(login, tree.by_name[login.unit], actor) for login in DEMO_LOGINS
    }
    managers = {
        login.unit: users[login.username]
        for login in DEMO_LOGINS
        if login.role == Role.UNIT_MANAGER
    }

    campaign = _campaign(province)
    services.make_current(campaign=campaign, actor=actor)
    _listed_activities(campaign, tree.by_name)

    for unit in tree.units:
        participation = services.enrol_unit(
            campaign=campaign, unit=unit, actor=actor, **services.obligations_for_kind(unit.kind)
        )
        _liaison(participation, managers, actor)

    kinds = dict(
        Participation.objects.filter(campaign=campaign)
        .values_list("unit__kind")
        .annotate(count=Count("pk"))
    )
    return DemoSummary(
        campaign=campaign,
        units=sum(kinds.values()),
        schools=sum(kinds.get(kind, 0) for kind in UnitKind.schools()),
        cities=kinds.get(UnitKind.CITY, 0),
        counties=kinds.get(UnitKind.COUNTY, 0),
        co_organisers=kinds.get(UnitKind.CO_ORGANISER, 0),
        liaisons=Liaison.objects.filter(participation__campaign=campaign).count(),
        logins=DEMO_LOGINS,
    )
