"""Demo activity plans for the 2021 Shanxi week: what the city bureaus and province-direct schools
filed before the plan deadline (the end of 5/15).

Most filed between 5/8 and 5/15, three filed late (5/16–5/18) and three never did; 太原市教育局
(the `taiyuan` log-in) and 山西职业技术学院 (the `school` log-in, which also replaced its first
draft) filed on time. Each plan is a small DOCX written here with python-docx, a summary, a topic
website on an example domain and the liaison the campaign demo set. Everything goes through
`file_plan` at the moment it would have happened (the platform's clock is moved there while the
demo writes), so filing times, lateness and the audit log agree.

The demo never touches the network: right after each filing it records what a website check
would have found (`record_website_check`), and the check task enqueued by the filing finds that
address already checked and does nothing. Loading is idempotent: a unit that has a plan gets no
other, and plans whose moment has not come on the platform's clock are not filed yet.
"""

import io
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from vocweek.accounts.models import User
from vocweek.campaigns.demo import DEMO_LOGINS
from vocweek.campaigns.models import MIDNIGHT, Campaign, Participation
from vocweek.core import clock
from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import Membership, Unit
from vocweek.plans import queries, services
from vocweek.plans.enums import WebsiteStatus
from vocweek.plans.models import ActivityPlan
from vocweek.plans.website import WebsiteCheck

SEED = 20210515
LATE_CITIES = 1
LATE_SCHOOLS = 2
MISSING_SCHOOLS = 3
FIRST_FILING_DAY = date(2021, 5, 8)
CITY_LOGIN = "taiyuan"  # its bureau files on time
COLLEGE_LOGIN = "school"  # its college files a draft, then replaces it with the final plan

# Topic websites on example domains only (never real ones), by city.
CITY_DOMAINS = {
    "太原市": "taiyuan",
    "大同市": "datong",
    "朔州市": "shuozhou",
    "忻州市": "xinzhou",
    "阳泉市": "yangquan",
    "吕梁市": "lvliang",
    "晋中市": "jinzhong",
    "长治市": "changzhi",
    "晋城市": "jincheng",
    "临汾市": "linfen",
    "运城市": "yuncheng",
}


@dataclass(frozen=True)
class PlansDemoSummary:
    """The demo campaign's plans after loading, as counted in the database."""

    owed: int
    filed: int
    late: int
    missing: int
    added: int  # filed by this call


@dataclass(frozen=True)
class _Activity:
    """An item of a plan's schedule: its name, its days in the week (offsets) and what happens."""

    name: str
    first: int
    last: int
    text: str


CITY_ACTIVITIES = (
    _Activity(
        "全市启动仪式",
        0,
        0,
        "在{place}职业教育实训基地举行全市活动周启动仪式，发布全市活动安排，优秀毕业生代表讲述"
        "成长故事。",
    ),
    _Activity(
        "开放校园",
        1,
        2,
        "全市中职学校和技工院校同步开放校园、实训基地，邀请初中学生和家长参观体验，"
        "各校安排专人讲解专业设置和升学就业渠道。",
    ),
    _Activity(
        "技能展示进广场",
        2,
        2,
        "在市民广场设置烹饪、美容美发、汽车检测、电子商务直播等展示区，师生现场展示技能，"
        "市民可动手体验。",
    ),
    _Activity(
        "技能服务进社区进乡村",
        3,
        4,
        "组织师生志愿服务队走进社区和乡村，开展家电维修、农机保养、健康义诊和防诈骗宣传。",
    ),
    _Activity(
        "产教融合校企对话",
        4,
        4,
        "召开校企对话会，邀请本地重点企业与职业院校交流人才需求，推动订单培养和现代学徒制合作。",
    ),
    _Activity(
        "云上活动周",
        0,
        6,
        "在专题网站开设“云上活动周”栏目，各校轮流举办网上开放日直播，组织师生在线观看全国"
        "职业院校技能大赛。",
    ),
    _Activity(
        "《中等职业学校学生公约》签署",
        5,
        5,
        "指导全市中职学校举行学生公约签署仪式，统计线下签署人数，鼓励学生在线签署。",
    ),
    _Activity(
        "总结与统计",
        6,
        6,
        "各县（市、区）和各校总结活动成效，一周内报送活动情况统计表，市教育局汇总后报省教育厅。",
    ),
)

SCHOOL_ACTIVITIES = (
    _Activity(
        "启动暨校园开放日",
        0,
        0,
        "举行活动周启动仪式暨校园开放日，介绍学校专业建设、技能大赛成绩和毕业生就业情况。",
    ),
    _Activity(
        "实训基地开放体验",
        1,
        1,
        "开放{workshop}等实训基地，邀请周边中小学生和家长走进实训室，在教师指导下完成一件小作品。",
    ),
    _Activity(
        "技能大赛观摩与校内技能节",
        2,
        3,
        "组织师生在线观看全国职业院校技能大赛，同期举办校内技能节，优胜选手参加省赛选拔。",
    ),
    _Activity(
        "劳模工匠进校园",
        3,
        3,
        "邀请行业企业的劳动模范和技术能手到校，与学生座谈，讲述岗位成才经历。",
    ),
    _Activity(
        "技能服务进社区",
        4,
        4,
        "组建专业志愿服务队到{place}社区，开展义务维修、健康咨询和科普宣传。",
    ),
    _Activity(
        "线上逛校园",
        5,
        5,
        "通过直播平台带领网友“线上逛校园”，招生就业处在线解答专业选择和升学问题。",
    ),
    _Activity(
        "主题教育比赛",
        1,
        5,
        "举办“少年工匠心向党 青春奋进新时代”演讲、征文和短视频比赛，优秀作品推荐参加全省评选。",
    ),
    _Activity(
        "成果展示与总结",
        6,
        6,
        "举办学生作品展，总结活动经验，按要求报送活动情况统计表和典型案例。",
    ),
)

WORKSHOPS = ("数控加工", "汽车检测与维修", "智能制造", "护理", "中式烹饪", "电子商务直播")

TITLE_FORMS = (
    "{name}2021年职业教育活动周专题网站",
    "技能：让生活更美好——{name}职业教育活动周",
    "{name}·职教活动周专题",
)


clock_at = clock.running_from


def _place(unit: Unit) -> str:
    city = unit.city if unit.kind != UnitKind.CITY else unit
    if city is None:
        return "全省"
    return city.short_name or city.name.removesuffix("教育局")


def _day_label(campaign: Campaign, activity: _Activity) -> str:
    first = campaign.starts_on + timedelta(days=activity.first)
    last = campaign.starts_on + timedelta(days=activity.last)
    if first == last:
        return f"{first.month}月{first.day}日"
    if first.month == last.month:
        return f"{first.month}月{first.day}日—{last.day}日"
    return f"{first.month}月{first.day}日—{last.month}月{last.day}日"


def _schedule(unit: Unit, rng: random.Random) -> list[_Activity]:
    """The opening, three or four activities of the week, and the closing, in day order."""
    pool = CITY_ACTIVITIES if unit.kind == UnitKind.CITY else SCHOOL_ACTIVITIES
    middle = rng.sample(pool[1:-1], rng.choice((3, 4)))
    return [pool[0], *sorted(middle, key=lambda item: (item.first, item.last)), pool[-1]]


@dataclass(frozen=True)
class _PlanText:
    title: str
    summary: str
    document: bytes


def _plan_text(
    campaign: Campaign,
    unit: Unit,
    liaison: str,
    rng: random.Random,
    document: DocxDocument,
    written_at: datetime,
) -> _PlanText:
    """The plan document and its summary, written for the unit into `document` (one blank
    document reused for every unit: python-docx reads its template once instead of each time)."""
    city = unit.kind == UnitKind.CITY
    place = _place(unit)
    values = {"place": place, "workshop": rng.choice(WORKSHOPS)}
    activities = _schedule(unit, rng)
    title = f"{unit.name}{campaign.year}年职业教育活动周活动方案"
    who = "全市职业院校" if city else "全校师生"

    # Laid out as official documents are (公文): a centred title, then sections numbered 一、二、
    # in bold body text rather than Word's heading styles (which python-docx also resolves slowly).
    document.element.body.clear_content()
    properties = document.core_properties
    properties.title, properties.author, properties.last_modified_by = title, unit.name, unit.name
    properties.comments = ""
    # python-docx writes these as UTC.
    properties.created = properties.modified = written_at.astimezone(UTC) - timedelta(hours=2)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold, run.font.size = True, Pt(16)

    def section(name: str) -> None:
        document.add_paragraph().add_run(name).bold = True

    section("一、指导思想")
    reference = f"（{campaign.notice_reference}）" if campaign.notice_reference else ""
    showcase = f"{place}职业教育改革发展成果" if city else "学校的办学特色和技能人才培养成果"
    document.add_paragraph(
        "深入贯彻全国职业教育大会精神，按照省教育厅等部门关于做好"
        f"{campaign.year}年职业教育活动周相关工作的通知{reference}要求，以活动周为契机集中展示"
        f"{showcase}，让更多学生、家长和市民了解职业教育、走近职业教育、认可职业教育。"
    )
    section("二、活动主题")
    document.add_paragraph(campaign.theme)
    section("三、时间安排")
    first, last = campaign.starts_on, campaign.ends_on
    document.add_paragraph(
        f"{first.year}年{first.month}月{first.day}日至{last.month}月{last.day}日，{who}共同参与。"
    )
    section("四、活动安排")
    for number, activity in enumerate(activities, start=1):
        paragraph = document.add_paragraph()
        label = f"{number}. {activity.name}（{_day_label(campaign, activity)}）"
        paragraph.add_run(label).bold = True
        paragraph.add_run("：" + activity.text.format(**values))
    section("五、工作要求")
    document.add_paragraph(
        "（一）加强组织领导。成立活动周工作小组，明确分工和时间节点，"
        f"联络员{liaison}负责日常联系和信息汇总。"
    )
    document.add_paragraph(
        "（二）做好宣传报道。活动周期间每天至少报送一篇活动信息，"
        "专题网站及时更新活动图片和视频，注意挖掘典型案例。"
    )
    document.add_paragraph(
        "（三）确保安全有序。按照疫情防控要求控制线下活动规模，制定安全预案，"
        "实训体验项目安排教师全程指导。"
    )
    out = io.BytesIO()
    document.save(out)

    names = "、".join(activity.name for activity in activities[1:-1])
    summary = (
        f"{unit.name}围绕“{campaign.theme}”主题，在活动周期间组织{len(activities)}项活动，"
        f"重点开展{names}，并通过专题网站发布活动动态，每日报送活动信息。"
    )
    return _PlanText(title=title, summary=summary, document=out.getvalue())


def _website(unit: Unit) -> str:
    if unit.kind == UnitKind.CITY:
        domain = CITY_DOMAINS.get(_place(unit), unit.code.lower())
        return f"https://jyj.{domain}.example.cn/zjhdz"
    return f"https://www.{unit.code.lower()}.example.cn/hdz2021/"


def _at(campaign: Campaign, day: date, hours: float) -> datetime:
    start = datetime.combine(day, MIDNIGHT, tzinfo=campaign.zone)
    return start + timedelta(seconds=round(hours * 3600))


@dataclass
class _Filing:
    participation: Participation
    moment: datetime
    draft_at: datetime | None = None  # a first draft, replaced at `moment`
    unreachable: bool = False


def _plan_filings(campaign: Campaign, participations: list[Participation]) -> list[_Filing]:
    """When each unit files (late, missing or on time), drawn the same way on every load."""
    rng = random.Random(SEED)
    login_units = {login.username: login.unit for login in DEMO_LOGINS}
    fixed = {login_units[CITY_LOGIN], login_units[COLLEGE_LOGIN]}
    others = [p for p in participations if p.unit.name not in fixed]
    cities = [p for p in others if p.unit.kind == UnitKind.CITY]
    schools = [p for p in others if p.unit.kind != UnitKind.CITY]
    late = {p.pk for p in rng.sample(cities, min(LATE_CITIES, len(cities)))}
    chosen = rng.sample(schools, min(LATE_SCHOOLS + MISSING_SCHOOLS, len(schools)))
    late |= {p.pk for p in chosen[:LATE_SCHOOLS]}
    missing = {p.pk for p in chosen[LATE_SCHOOLS:]}

    last_day = (campaign.plan_deadline - timedelta(microseconds=1)).astimezone(campaign.zone)
    window = (last_day.date() - FIRST_FILING_DAY).days
    late_days = iter(range(3))
    filings: list[_Filing] = []
    for participation in participations:
        unit = participation.unit
        if participation.pk in missing:
            continue
        if unit.name == login_units[CITY_LOGIN]:
            moment = _at(campaign, FIRST_FILING_DAY + timedelta(days=3), 10.3)
        elif unit.name == login_units[COLLEGE_LOGIN]:
            filings.append(
                _Filing(
                    participation,
                    moment=_at(campaign, FIRST_FILING_DAY + timedelta(days=5), 15.75),
                    draft_at=_at(campaign, FIRST_FILING_DAY + timedelta(days=2), 11.5),
                )
            )
            continue
        elif participation.pk in late:
            after = campaign.plan_deadline.astimezone(campaign.zone).date()
            day = after + timedelta(days=next(late_days, 2))
            moment = _at(campaign, day, rng.uniform(8.5, 17.5))
        else:
            # Most file in the last days; a few just before midnight on the last day.
            offset = min(window, round(rng.triangular(0, window, window)))
            day = FIRST_FILING_DAY + timedelta(days=offset)
            hours = rng.uniform(22.5, 23.9) if offset == window and rng.random() < 0.3 else None
            moment = _at(campaign, day, hours or rng.uniform(8.5, 20.5))
        filings.append(_Filing(participation, moment=moment))
    on_time_schools = [
        filing
        for filing in filings
        if filing.participation.unit.kind != UnitKind.CITY
        and filing.participation.pk not in late
        and filing.draft_at is None
    ]
    if on_time_schools:
        rng.choice(on_time_schools).unreachable = True
    return filings


def _actors(campaign: Campaign) -> dict[int, User]:
    """Who files for a unit: its demo log-in if it has one (a member), else its liaison's account."""
    actors = {
        liaison_unit: user
        for liaison_unit, user in Participation.objects.filter(
            campaign=campaign, liaisons__user__isnull=False
        ).values_list("unit_id", "liaisons__user")
    }
    members = Membership.objects.filter(user__username__in=[CITY_LOGIN, COLLEGE_LOGIN]).values_list(
        "unit_id", "user_id"
    )
    actors.update(dict(members))
    users = User.objects.in_bulk(set(actors.values()))
    return {unit_id: users[user_id] for unit_id, user_id in actors.items()}


def _file(
    campaign: Campaign,
    filing: _Filing,
    actor: User | None,
    rng: random.Random,
    document: DocxDocument,
) -> None:
    participation = filing.participation
    unit = participation.unit
    liaison = next(iter(participation.liaisons.all()), None)
    contact = (
        services.LiaisonContent(
            name=liaison.name, mobile=liaison.mobile, email=liaison.email, position=liaison.position
        )
        if liaison is not None
        else None
    )
    website = _website(unit)
    version = None
    liaison_name = liaison.name if liaison else ""
    text = _plan_text(campaign, unit, liaison_name, rng, document, filing.draft_at or filing.moment)
    if filing.draft_at is not None:
        with clock_at(filing.draft_at):
            draft = services.file_plan(
                campaign=campaign,
                unit=unit,
                content=services.PlanContent(summary=text.summary, topic_website=website),
                document=SimpleUploadedFile(f"{text.title}（初稿）.docx", text.document),
                liaison=contact,
                actor=actor,
            )
        version = draft.version
        text = _plan_text(campaign, unit, liaison_name, rng, document, filing.moment)
    with clock_at(filing.moment):
        plan = services.file_plan(
            campaign=campaign,
            unit=unit,
            content=services.PlanContent(summary=text.summary, topic_website=website),
            document=SimpleUploadedFile(f"{text.title}.docx", text.document),
            liaison=contact,
            actor=actor,
            version=version,
        )
    if plan.website_checked_url == website:
        return
    checked_at = min(filing.moment + timedelta(minutes=rng.randint(1, 4)), clock.now())
    if filing.unreachable:
        check = WebsiteCheck(WebsiteStatus.UNREACHABLE, reason="demo: no answer")
    else:
        site_name = _place(unit) if unit.kind == UnitKind.CITY else unit.name
        title = rng.choice(TITLE_FORMS).format(name=site_name)
        check = WebsiteCheck(WebsiteStatus.REACHABLE, 200, title)
    with clock_at(checked_at):
        services.record_website_check(plan_id=plan.pk, url=website, check=check)


def _summary(campaign: Campaign, added: int) -> PlansDemoSummary:
    counts = queries.plan_counts(queries.plan_rows(campaign))
    return PlansDemoSummary(
        owed=counts.owed,
        filed=counts.on_time + counts.late,
        late=counts.late,
        missing=counts.missing,
        added=added,
    )


@transaction.atomic
def load_demo_plans(*, campaign: Campaign) -> PlansDemoSummary:
    """File the demo campaign's plans whose moment has come on the platform's clock (after
    `load_demo`); units that already have a plan are left as they are."""
    now = clock.now()  # first: it anchors a shifted clock to the real present
    participations = list(
        Participation.objects.filter(campaign=campaign, owes_plan=True)
        .select_related("unit__city")
        .prefetch_related("liaisons")
        .order_by("unit__path")
    )
    filings = _plan_filings(campaign, participations)
    filed = set(ActivityPlan.objects.filter(campaign=campaign).values_list("unit_id", flat=True))
    actors = _actors(campaign)
    document = docx.Document()
    added = 0
    for filing in filings:
        unit = filing.participation.unit
        if unit.pk in filed or filing.moment >= now:
            continue
        # One generator per unit: the texts stay the same whichever units were filed before.
        rng = random.Random(f"{SEED}:{unit.path}")
        _file(campaign, filing, actors.get(unit.pk), rng, document)
        added += 1
    return _summary(campaign, added)
