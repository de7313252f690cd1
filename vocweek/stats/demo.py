"""The demo's statistics table, modelled on the 2021 情况统计表 (reconstructed: the blank is not public).

The table is data: `TABLE` lists the blocks and their rows, `RULES` the cross-field checks.
`build_demo_form` writes them as a campaign's `StatForm`; nothing else in the code knows a row.
The 填报单位 and 填报日期 of the paper header are the return's unit and submission time.
"""

from typing import NamedTuple

from django.db import transaction

from vocweek.campaigns.models import Campaign
from vocweek.stats.enums import FieldKind, RuleKind, Source
from vocweek.stats.models import StatField, StatForm, StatRule, StatSection


class Row(NamedTuple):
    key: str
    label: str
    unit_of_measure: str = ""
    parent: str = ""
    kind: str = FieldKind.INTEGER
    required: bool = True
    help_text: str = ""
    source: str = ""
    max_length: int | None = None
    decimal_places: int = 0
    dashboard_label: str = ""


TITLE = "职业教育活动周情况统计表"
INSTRUCTIONS = (
    "请于活动周结束后一周内填报。数字栏请填写阿拉伯数字，没有的填 0；"
    "“其中”各项不得大于其总数。“向省报送信息”各栏由平台根据信息报送情况自动生成。"
)

TABLE: tuple[tuple[str, str, tuple[Row, ...]], ...] = (
    (
        "",
        "填报信息",
        (
            Row("filled_by", "填报人", kind=FieldKind.TEXT, max_length=20),
            Row("phone", "联系电话", kind=FieldKind.TEXT, max_length=20),
        ),
    ),
    (
        "一、",
        "参与情况",
        (
            Row("schools", "参与职业院校数", "所"),
            Row("schools_secondary", "其中：中职学校", "所", "schools"),
            Row("schools_technical", "其中：技工院校", "所", "schools"),
            Row("schools_higher", "其中：高职院校", "所", "schools"),
            Row("enterprises", "参与企业数", "家"),
            Row("organisations", "参与行业组织、科研院所数", "个"),
            Row("teachers_students", "参与师生人次", "人次"),
            Row("students", "其中：学生", "人次", "teachers_students"),
            Row("teachers", "其中：教师", "人次", "teachers_students"),
            Row("public", "社会公众参与人次", "人次"),
            Row("parents", "其中：家长", "人次", "public"),
            Row("residents", "其中：社区居民", "人次", "public"),
            Row("employees", "其中：企业职工", "人次", "public"),
            Row("pupils", "其中：中小学生", "人次", "public"),
            Row(
                "online_views",
                "线上浏览观看量",
                "万次",
                kind=FieldKind.DECIMAL,
                decimal_places=2,
                help_text="以万次计，最多保留两位小数。",
            ),
        ),
    ),
    (
        "二、",
        "活动开展",
        (
            Row("activities", "活动总场次", "场"),
            Row("activities_offline", "其中：线下", "场", "activities"),
            Row("activities_online", "其中：线上", "场", "activities"),
            Row(
                "open_events",
                "开放校园、开放赛场、开放企业、开放院所",
                "场",
                dashboard_label="开放活动",
            ),
            Row("open_event_visitors", "开放活动接待人次", "人次"),
            Row("community_events", "走进社区、乡村", "场", dashboard_label="走进社区"),
            Row("skill_services", "技能服务", "项"),
            Row("skill_service_people", "技能服务人次", "人次"),
            Row("cloud_events", "云上活动周、网上开放日", "场", dashboard_label="云上活动"),
            Row("cloud_viewers", "云上活动观看人次", "人次"),
            Row("online_seminars", "网上研讨会、产教对话", "场", dashboard_label="研讨对话"),
            Row("admissions_events", "招生宣传推介", "场", dashboard_label="招生推介"),
            Row("competition_viewers", "观看技能大赛", "人次"),
            Row("pledge_signers", "学生公约签署", "人"),
            Row("theme_contests", "主题教育比赛", "场", dashboard_label="主题比赛"),
            Row("theme_contestants", "主题教育比赛参赛人数", "人"),
            Row("craftsmen_visits", "大国工匠、劳模进校园", "场", dashboard_label="工匠进校园"),
            Row("exemplary_candidates", "最美职校生候选人", "人"),
        ),
    ),
    (
        "三、",
        "宣传报道",
        (
            Row("topic_sites", "专题网站、专栏", "个"),
            Row(
                "reports_filed",
                "向省报送信息",
                "篇",
                source=Source.REPORTS_FILED,
                help_text="由平台按已报送的信息自动生成。",
            ),
            Row(
                "reports_adopted",
                "其中：被采用",
                "篇",
                "reports_filed",
                source=Source.REPORTS_ADOPTED,
            ),
            Row(
                "reports_featured",
                "其中：被省专栏选登",
                "篇",
                "reports_filed",
                source=Source.REPORTS_FEATURED,
            ),
            Row("media_reports", "媒体报道", "篇"),
            Row("media_central", "其中：中央媒体", "篇", "media_reports"),
            Row("media_provincial", "其中：省级媒体", "篇", "media_reports"),
            Row("media_city", "其中：市级媒体", "篇", "media_reports"),
            Row("media_county", "其中：县级媒体", "篇", "media_reports"),
            Row("media_online", "其中：网络新媒体", "篇", "media_reports"),
        ),
    ),
    (
        "四、",
        "特色亮点",
        (
            Row(
                "highlights",
                "特色亮点",
                kind=FieldKind.TEXT,
                max_length=200,
                help_text="200 字以内。",
            ),
        ),
    ),
)

# (kind, left, right): sum(left) compared with sum(right). Parts ≤ totals need no rule: `parent`.
RULES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (RuleKind.EQUALS, ("activities_offline", "activities_online"), ("activities",)),
    (RuleKind.NOT_GREATER, ("reports_featured",), ("reports_filed",)),
)


@transaction.atomic
def build_demo_form(*, campaign: Campaign) -> StatForm:
    """The campaign's statistics form from `TABLE`; a campaign that has one keeps it untouched."""
    form, created = StatForm.objects.get_or_create(
        campaign=campaign, defaults={"title": TITLE, "instructions": INSTRUCTIONS}
    )
    if not created:
        return form
    fields: dict[str, StatField] = {}
    for section_position, (number, title, rows) in enumerate(TABLE, start=1):
        section = StatSection.objects.create(
            form=form, number=number, title=title, position=section_position
        )
        for position, row in enumerate(rows, start=1):
            fields[row.key] = StatField.objects.create(
                form=form,
                section=section,
                key=row.key,
                label=row.label,
                kind=row.kind,
                unit_of_measure=row.unit_of_measure,
                required=row.required,
                help_text=row.help_text,
                parent=fields[row.parent] if row.parent else None,
                max_length=row.max_length,
                decimal_places=row.decimal_places,
                source=row.source,
                dashboard_label=row.dashboard_label,
                position=position,
            )
    StatRule.objects.bulk_create(
        StatRule(form=form, kind=kind, left=list(left), right=list(right), position=position)
        for position, (kind, left, right) in enumerate(RULES, start=1)
    )
    return form
