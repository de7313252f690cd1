"""The data dashboard (数据大屏): its figures against hand-computed ones for the small tree, what
the public variant leaves out, who may open the staff page, framing and caching."""

import io
import json
from datetime import date

import pypdf
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from vocweek.activities.tests.factories import make_activity
from vocweek.campaigns.services import enrol_unit
from vocweek.campaigns.tests.factories import beijing
from vocweek.console.dashboard import cached_figures, public_dashboard, staff_dashboard
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.plans import services as plan_services
from vocweek.pledges import services as pledge_services
from vocweek.pledges.tests.factories import make_pledge
from vocweek.reports import services as report_services
from vocweek.reports.enums import Category
from vocweek.reports.halls import services as hall_services
from vocweek.reports.queries import PROVINCE_DIRECT_NAME
from vocweek.stats import services as stat_services
from vocweek.stats.definition import load_form
from vocweek.stats.demo import build_demo_form
from vocweek.stats.models import StatReturn

CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
DAY_THREE = beijing(2021, 5, 24, 18, 0)
AFTER_THE_WEEK = beijing(2021, 5, 30, 12, 0)
WEEK = ["5/22", "5/23", "5/24", "5/25", "5/26", "5/27", "5/28"]
# A documentation address (RFC 5737): never looked up, the website check runs on commit only.
OFFLINE_SITE = "http://192.0.2.15/zjhdz"
DIRECT = str(PROVINCE_DIRECT_NAME)  # 省直单位
STAFF_ONLY_COUNTERS = {"plans", "today", "adopted", "statistics"}
STAFF_ONLY_CHARTS = {"completeness", "plans", "activities", "top-units"}


@pytest.fixture(autouse=True)
def empty_cache():
    """The figures are cached per campaign pk, which a later test's campaign may reuse."""
    cache.clear()
    yield
    cache.clear()


def plan_document() -> SimpleUploadedFile:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile("活动方案.pdf", out.getvalue())


class Week:
    """Files plans, reports, halls and statistics returns as the units and reviewers would."""

    def __init__(self, tree, campaign) -> None:
        self.campaign = campaign
        self.province = make_member(tree.province, Role.PROVINCE_REVIEWER)
        self.city = make_member(tree.taiyuan, Role.CITY_REVIEWER)
        self.people: dict[int, object] = {}

    def member(self, unit):
        if unit.pk not in self.people:
            self.people[unit.pk] = make_member(unit, Role.UNIT_MANAGER)
        return self.people[unit.pk]

    def plan(self, unit, website: str = ""):
        return plan_services.file_plan(
            campaign=self.campaign,
            unit=unit,
            content=plan_services.PlanContent(
                summary="开放校园、技能展示。", topic_website=website
            ),
            document=plan_document(),
            liaison=None,
            actor=self.member(unit),
        )

    def report(self, unit, title: str, *, for_day=None):
        author = self.member(unit)
        content = report_services.ReportContent(
            title=title, body="<p>师生开放校园，展示技能。</p>", category=Category.NEWS
        )
        report = report_services.create_report(
            campaign=self.campaign, unit=unit, author=author, content=content
        )
        return report_services.submit_report(
            report=report, actor=author, version=report.version, for_day=for_day
        )

    def adopt(self, report):
        return report_services.adopt_report(
            report=report, actor=self.province, version=report.version
        )

    def feature(self, report):
        return report_services.feature_report(
            report=report, actor=self.province, version=report.version
        )

    def hall(self, unit, *, publish: bool):
        actor = self.member(unit)
        hall = hall_services.open_hall(unit=unit, actor=actor)
        hall = hall_services.update_hall(
            hall=hall,
            content=hall_services.HallContent(introduction="<p>欢迎线上参观实训基地。</p>"),
            actor=actor,
        )
        return hall_services.publish_hall(hall=hall, actor=actor) if publish else hall

    def figures(self, definition, **activities) -> dict[str, str]:
        """A complete return: zeros everywhere, the given activities, a name in the texts."""
        values = {
            item.key: ("0" if item.is_numeric else "王老师")
            for item in definition.fields
            if not item.source
        }
        values.update({key: str(count) for key, count in activities.items()})
        return values


@pytest.fixture
def week(tree, campaign, clock_at, settings, tmp_path):
    """Seven units take part (both cities, the four schools, the trade union); six owe a plan and
    a statistics table, the four schools daily reports.

    Plans: 太原 on 5/10 (with its topic website) and 太原一职 on 5/10 on time, the college late on
    5/17; 大同, 大同二职 and 清徐职中 missing.
    Reports: day 1 太原一职 A (adopted, featured); day 2 大同二职 B (adopted); day 3 太原一职 C,
    清徐职中 E, and the college's D for day 2, late; the college's draft does not count.
    Halls: 太原一职 and the college published, 大同二职 a draft.
    Calendar: 太原一职 an open day and a community service, 大同二职 an online open day published,
    清徐职中 a draft.
    Statistics (5/30, demo table): 太原一职, 清徐职中 and 大同二职 submitted, the college's draft;
    太原 and 大同 missing.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    for unit in (tree.taiyuan, tree.datong):
        enrol_unit(
            campaign=campaign,
            unit=unit,
            owes_plan=True,
            owes_daily_reports=False,
            owes_statistics=True,
        )
    for unit in (tree.taiyuan_school, tree.qingxu_school, tree.datong_school, tree.college):
        enrol_unit(
            campaign=campaign,
            unit=unit,
            owes_plan=True,
            owes_daily_reports=True,
            owes_statistics=True,
        )
    enrol_unit(
        campaign=campaign,
        unit=tree.union,
        owes_plan=False,
        owes_daily_reports=False,
        owes_statistics=False,
    )
    days = Week(tree, campaign)
    definition = load_form(build_demo_form(campaign=campaign))

    clock_at("2021-05-10T10:00+08:00")
    days.plan(tree.taiyuan, website=OFFLINE_SITE)
    days.plan(tree.taiyuan_school)
    clock_at("2021-05-17T10:00+08:00")
    days.plan(tree.college)

    clock_at("2021-05-22T10:00+08:00")
    days.feature(days.adopt(days.report(tree.taiyuan_school, "A 开放校园")))
    clock_at("2021-05-23T10:00+08:00")
    days.adopt(days.report(tree.datong_school, "B 技能展示"))
    clock_at("2021-05-24T15:00+08:00")
    days.report(tree.taiyuan_school, "C 走进社区")
    days.report(tree.qingxu_school, "E 云上开放日")
    days.report(tree.college, "D 补报：产教对话", for_day=date(2021, 5, 23))
    report_services.create_report(
        campaign=campaign,
        unit=tree.college,
        author=days.member(tree.college),
        content=report_services.ReportContent(
            title="草稿", body="<p>未报送。</p>", category=Category.NEWS
        ),
    )
    days.hall(tree.taiyuan_school, publish=True)
    days.hall(tree.college, publish=True)
    days.hall(tree.datong_school, publish=False)
    # The pledge: two students of 太原一职 signed, one of them twice (counted once).
    pledge = make_pledge(campaign)
    for number in ("2021001", "2021002", "2021001"):
        pledge_services.sign(
            pledge_id=pledge.pk,
            unit=tree.taiyuan_school,
            name="李明",
            kind="student_number",
            identifier=number,
        )
    # The calendar: 太原一职's open day and community service, 大同二职's online open day;
    # 清徐职中's draft is not public.
    for unit, kind, mode, submit in (
        (tree.taiyuan_school, "open_campus", "offline", True),
        (tree.taiyuan_school, "community", "offline", True),
        (tree.datong_school, "online_open_day", "online", True),
        (tree.qingxu_school, "open_campus", "offline", False),
    ):
        make_activity(
            campaign,
            unit,
            actor=days.member(unit),
            submit=submit,
            kind=kind,
            mode=mode,
            online_url="https://live.example.cn/open-day" if mode == "online" else "",
        )

    clock_at("2021-05-30T10:00+08:00")
    for unit, activities in (
        (tree.taiyuan_school, {"open_events": 3, "community_events": 2}),
        (tree.qingxu_school, {"open_events": 4, "cloud_events": 1}),
        (tree.datong_school, {"open_events": 5, "admissions_events": 6}),
    ):
        stat_services.submit_return(
            campaign=campaign,
            unit=unit,
            actor=days.member(unit),
            raw=days.figures(definition, **activities),
        )
    stat_services.save_return(
        campaign=campaign,
        unit=tree.college,
        actor=days.member(tree.college),
        raw={"open_events": "100", "community_events": "100"},
    )
    return days


def shown(dashboard) -> dict:
    """The figures as the page receives them: the dashboard's dict through JSON."""
    return json.loads(json.dumps(dashboard.as_dict(), cls=DjangoJSONEncoder))


def counters_of(figures: dict) -> dict[str, tuple[int, int | None]]:
    return {counter["key"]: (counter["value"], counter["of"]) for counter in figures["counters"]}


def chart_of(figures: dict, key: str) -> dict:
    return next(chart for chart in figures["charts"] if chart["key"] == key)


def series_of(chart: dict) -> dict[str, list]:
    return {series["name"]: list(series["values"]) for series in chart["series"]}


# --- The staff figures ------------------------------------------------------------------------


def test_activities_chart_shows_the_calendar_by_city_and_family_until_tables_are_filed(
    campaign, week
):
    chart = chart_of(shown(staff_dashboard(campaign, moment=DAY_THREE)), "activities")

    assert "活动日历" in chart["title"]
    by_city = {row[0]: row[1:] for row in chart["rows"]}
    open_days, online = series_of(chart)["开放活动与走进社区"], series_of(chart)["线上活动"]
    taiyuan, datong = (
        next(index for index, row in enumerate(chart["rows"]) if city in row[0])
        for city in ("太原", "大同")
    )
    # 太原: the open day and the community service are open days; 大同: one online open day.
    assert open_days[taiyuan] == 2 and online[datong] == 1
    assert sum(sum(value or 0 for value in values) for values in by_city.values()) == 3


def test_staff_counters_match_the_hand_counted_week_on_day_three(campaign, week):
    figures = shown(staff_dashboard(campaign, moment=DAY_THREE))

    assert counters_of(figures) == {
        "units": (7, None),
        "plans": (3, 6),
        "activities": (3, None),  # 清徐职中's activity is a draft
        "today": (2, None),  # C and E; D came today but counts for day 2
        "filed": (5, None),
        "adopted": (2, None),
        "featured": (1, None),
        "halls": (2, None),
        "pledge": (2, None),
        "statistics": (0, 6),  # tables are filed after the week
    }
    assert [story["title"] for story in figures["stories"]] == ["A 开放校园"]


def test_statistics_counter_counts_submitted_and_confirmed_tables_of_those_owed(
    tree, campaign, week
):
    qingxu = StatReturn.objects.get(campaign=campaign, unit=tree.qingxu_school)
    stat_services.confirm_return(stat_return=qingxu, actor=week.city, version=qingxu.version)

    counters = counters_of(shown(staff_dashboard(campaign, moment=AFTER_THE_WEEK)))

    # 太原一职 and 大同二职 submitted, 清徐职中 confirmed; the college's draft, 太原 and 大同 not.
    assert counters["statistics"] == (3, 6)
    assert counters["today"] == (0, None)


def test_reports_per_day_leave_days_to_come_without_a_value(campaign, week):
    chart = chart_of(shown(staff_dashboard(campaign, moment=DAY_THREE)), "reports-per-day")

    assert chart["categories"] == WEEK
    assert chart["has_data"]
    by_series = {series["name"]: series["values"] for series in chart["series"]}
    assert list(by_series.values()) == [
        [1, 1, 2, None, None, None, None],  # on time
        [0, 1, 0, None, None, None, None],  # late: the college's report for day 2
        [1, 1, 0, None, None, None, None],  # adopted (the featured A included)
    ]
    assert chart["rows"][3] == ["5/25", None, None, None]


def test_reports_per_day_count_a_late_report_for_its_day_not_for_the_day_it_came(
    tree, campaign, week, clock_at
):
    clock_at("2021-05-26T09:00+08:00")
    week.report(tree.datong_school, "F 补报第一天", for_day=date(2021, 5, 22))

    chart = chart_of(
        shown(staff_dashboard(campaign, moment=beijing(2021, 5, 26, 9, 0))), "reports-per-day"
    )

    on_time, late, _adopted = (list(series["values"]) for series in chart["series"])
    assert on_time == [1, 1, 2, 0, 0, None, None]
    assert late == [1, 1, 0, 0, 0, None, None]


def test_activities_by_city_sum_the_labelled_items_of_submitted_and_confirmed_returns(
    tree, campaign, week
):
    qingxu = StatReturn.objects.get(campaign=campaign, unit=tree.qingxu_school)
    stat_services.confirm_return(stat_return=qingxu, actor=week.city, version=qingxu.version)

    chart = chart_of(shown(staff_dashboard(campaign, moment=AFTER_THE_WEEK)), "activities")

    assert chart["categories"] == ["太原市教育局", "大同市教育局", DIRECT]
    assert series_of(chart) == {
        # The college's draft (100 open events, 100 in the community) counts nowhere.
        "开放活动": [7, 5, 0],
        "走进社区": [2, 0, 0],
        "云上活动": [1, 0, 0],
        "研讨对话": [0, 0, 0],
        "招生推介": [0, 6, 0],
        "主题比赛": [0, 0, 0],
        "工匠进校园": [0, 0, 0],
    }
    assert chart["unit"] == "场"


def test_plans_by_city_show_on_time_late_and_missing_units(campaign, week):
    chart = chart_of(shown(staff_dashboard(campaign, moment=DAY_THREE)), "plans")

    rows = {row[0]: row[1:] for row in chart["rows"]}
    assert rows == {
        "太原市教育局": [2, 0, 1],  # 太原 and 太原一职 on time, 清徐职中 missing
        "大同市教育局": [0, 0, 2],
        DIRECT: [0, 1, 0],  # the college, late
    }


# --- The public figures -----------------------------------------------------------------------


def test_public_figures_leave_out_every_staff_only_counter_and_chart(client, campaign, week):
    figures = client.get(reverse("dashboard:data")).json()["figures"]

    counter_keys = {counter["key"] for counter in figures["counters"]}
    chart_keys = {chart["key"] for chart in figures["charts"]}
    assert counter_keys == {
        "units",
        "activities",
        "filed",
        "featured",
        "halls",
        "pledge",
        "websites",
    }
    assert chart_keys == {"calendar", "reports-per-day", "stories-by-city", "halls-by-city"}
    assert not counter_keys & STAFF_ONLY_COUNTERS
    assert not chart_keys & STAFF_ONLY_CHARTS
    assert figures["public"] is True


def test_public_figures_count_only_featured_stories_and_published_halls(campaign, week):
    figures = shown(public_dashboard(campaign, moment=DAY_THREE))

    assert counters_of(figures) == {
        "units": (7, None),
        "activities": (3, None),
        "filed": (5, None),
        "featured": (1, None),  # B is adopted, not featured
        "halls": (2, None),  # 大同二职's hall is a draft
        "pledge": (2, None),
        "websites": (1, 2),
    }
    stories = chart_of(figures, "stories-by-city")
    assert stories["rows"] == [["太原市教育局", 1], ["大同市教育局", 0]]
    halls = chart_of(figures, "halls-by-city")
    assert halls["rows"] == [["太原市教育局", 1], ["大同市教育局", 0], [DIRECT, 1]]
    per_day = chart_of(figures, "reports-per-day")
    assert [list(series["values"]) for series in per_day["series"]] == [
        [1, 2, 2, None, None, None, None],
        [1, 0, 0, None, None, None, None],
    ]


def test_public_page_shows_no_staff_panel_to_an_anonymous_visitor(client, campaign, week):
    response = client.get(reverse("dashboard:index"), **CHINESE)

    assert response.status_code == 200
    page = response.content.decode()
    assert campaign.title in page
    assert 'data-counter="featured"' in page and 'data-chart="halls-by-city"' in page
    for key in STAFF_ONLY_CHARTS:
        assert f'data-chart="{key}"' not in page
    for key in STAFF_ONLY_COUNTERS:
        assert f'data-counter="{key}"' not in page
    assert reverse("console:home") not in page


def test_public_page_may_be_framed_by_a_topic_website(client, campaign, week):
    response = client.get(reverse("dashboard:index"))

    assert response.status_code == 200
    assert response.get("X-Frame-Options", "").upper() not in {"DENY", "SAMEORIGIN"}


def test_public_figures_may_be_kept_by_shared_caches(client, campaign, settings):
    settings.VOCWEEK_DASHBOARD_SECONDS = 45

    response = client.get(reverse("dashboard:data"))

    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "public" in directives and "max-age=45" in directives
    assert response.json()["figures"]["refresh"] == 45


def test_public_page_says_so_when_no_week_is_set_up(client, db):
    response = client.get(reverse("dashboard:index"), **CHINESE)

    assert response.status_code == 200
    assert 'data-counter="' not in response.content.decode()
    assert "dashboard-figures" not in response.content.decode()
    assert client.get(reverse("dashboard:data")).json() == {"figures": None}


def test_staff_page_says_so_when_no_week_is_set_up(client, tree):
    client.force_login(make_member(tree.province, Role.ORGANISER_ADMIN))

    response = client.get(reverse("console:dashboard"), **CHINESE)

    assert response.status_code == 200
    assert 'data-counter="' not in response.content.decode()
    assert client.get(reverse("console:dashboard_data")).json() == {"figures": None}


# --- Who may open the staff dashboard ---------------------------------------------------------


@pytest.mark.parametrize(
    ("member_of", "role"),
    [
        ("province", Role.ORGANISER_ADMIN),
        ("province", Role.PROVINCE_REVIEWER),
        ("union", Role.UNIT_MANAGER),
        ("union", Role.UNIT_REPORTER),
    ],
)
def test_staff_dashboard_opens_for_the_organiser_and_co_organisers(
    client, tree, campaign, week, member_of, role
):
    client.force_login(make_member(getattr(tree, member_of), role))

    page = client.get(reverse("console:dashboard"), **CHINESE)
    data = client.get(reverse("console:dashboard_data"))

    assert page.status_code == 200
    assert campaign.title in page.content.decode()
    assert 'data-chart="completeness"' in page.content.decode()
    assert data.status_code == 200
    assert {chart["key"] for chart in data.json()["figures"]["charts"]} >= STAFF_ONLY_CHARTS
    assert "private" in data["Cache-Control"]


@pytest.mark.parametrize(
    ("member_of", "role"),
    [
        ("taiyuan", Role.CITY_REVIEWER),
        ("taiyuan_school", Role.UNIT_REPORTER),
        ("taiyuan_school", Role.UNIT_MANAGER),
    ],
)
def test_staff_dashboard_is_not_found_for_cities_and_schools(
    client, tree, campaign, member_of, role
):
    client.force_login(make_member(getattr(tree, member_of), role))

    assert client.get(reverse("console:dashboard")).status_code == 404
    assert client.get(reverse("console:dashboard_data")).status_code == 404


def test_staff_dashboard_opens_before_any_unit_owes_daily_reports(client, tree, campaign):
    enrol_unit(
        campaign=campaign,
        unit=tree.taiyuan,
        owes_plan=True,
        owes_daily_reports=False,
        owes_statistics=True,
    )
    client.force_login(make_member(tree.province, Role.ORGANISER_ADMIN))

    response = client.get(reverse("console:dashboard"), **CHINESE)

    assert response.status_code == 200
    assert 'data-counter="plans"' in response.content.decode()


def test_staff_dashboard_sends_an_anonymous_visitor_to_log_in(client, campaign):
    for name in ("console:dashboard", "console:dashboard_data"):
        response = client.get(reverse(name))

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
        assert "next=" in response["Location"]


def test_console_menu_lists_the_dashboard_only_for_those_who_may_open_it(client, tree, campaign):
    client.force_login(make_member(tree.province, Role.ORGANISER_ADMIN))
    assert reverse("console:dashboard") in client.get(reverse("console:home")).content.decode()

    client.force_login(make_member(tree.taiyuan, Role.CITY_REVIEWER))
    assert reverse("console:dashboard") not in client.get(reverse("console:home")).content.decode()


# --- Caching ----------------------------------------------------------------------------------


def test_figures_stay_the_same_within_their_lifetime_and_follow_after_it(
    tree, campaign, week, clock_at
):
    clock_at("2021-05-24T19:00+08:00")
    first = cached_figures(campaign, staff_dashboard, "staff")
    week.report(tree.datong_school, "G 晚间报送")

    again = cached_figures(campaign, staff_dashboard, "staff")
    assert again == first
    assert counters_of(again)["filed"] == (5, None)

    cache.clear()
    fresh = cached_figures(campaign, staff_dashboard, "staff")
    assert counters_of(fresh)["filed"] == (6, None)
    assert counters_of(fresh)["today"] == (3, None)


def test_public_json_keeps_its_figures_until_the_cache_is_emptied(
    client, tree, campaign, week, clock_at
):
    clock_at("2021-05-24T19:00+08:00")
    before = client.get(reverse("dashboard:data")).json()["figures"]
    week.feature(week.adopt(week.report(tree.datong_school, "H 技能大赛")))

    assert client.get(reverse("dashboard:data")).json()["figures"] == before
    assert counters_of(before)["featured"] == (1, None)

    cache.clear()
    after = client.get(reverse("dashboard:data")).json()["figures"]
    assert counters_of(after)["featured"] == (2, None)
    assert chart_of(after, "stories-by-city")["rows"] == [["太原市教育局", 1], ["大同市教育局", 1]]


def test_staff_and_public_figures_are_cached_apart(client, tree, campaign, week, clock_at):
    clock_at("2021-05-24T19:00+08:00")
    client.force_login(make_member(tree.province, Role.ORGANISER_ADMIN))
    staff = client.get(reverse("console:dashboard_data")).json()["figures"]
    client.logout()

    public = client.get(reverse("dashboard:data")).json()["figures"]

    assert staff["public"] is False and public["public"] is True
    assert "plans" not in {counter["key"] for counter in public["counters"]}
