"""The data dashboard in the browser: on day 3 the organiser opens 数据大屏 from the console menu on
a desktop, sees every chart with data drawn and the hand-counted figures; the province features
one more story and, without a reload, the featured counter moves on at the next refresh. A
visitor on a phone opens the public dashboard and sees the public counters, no staff panel."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from vocweek.campaigns.services import enrol_unit
from vocweek.console.dashboard import public_dashboard, staff_dashboard
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.reports import services
from vocweek.reports.enums import Category

pytestmark = pytest.mark.e2e
PASSWORD = "correct-horse-42"  # the factories' password
REFRESH_SECONDS = 5
STAFF_ONLY_CHARTS = ("completeness", "plans", "activities", "top-units")
STAFF_ONLY_COUNTERS = ("plans", "today", "adopted", "statistics")
DASHBOARD_LINK = "数据大屏"


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的任务", exact=True)).to_be_visible()


class Desk:
    """Files reports as the schools would and adopts and features them as the province would."""

    def __init__(self, campaign, reviewer) -> None:
        self.campaign = campaign
        self.reviewer = reviewer

    def filed(self, unit, author, title: str):
        content = services.ReportContent(
            title=title, body="<p>师生开放校园，展示技能。</p>", category=Category.NEWS
        )
        report = services.create_report(
            campaign=self.campaign, unit=unit, author=author, content=content
        )
        return services.submit_report(report=report, actor=author, version=report.version)

    def adopted(self, unit, author, title: str):
        report = self.filed(unit, author, title)
        return services.adopt_report(report=report, actor=self.reviewer, version=report.version)

    def feature(self, report):
        return services.feature_report(report=report, actor=self.reviewer, version=report.version)


@pytest.fixture
def week(transactional_db, tree, campaign, clock_at, settings, tmp_path):
    """Day 3 of the week: four schools owe daily reports; three reports filed, two adopted, one of
    them featured. The dashboard refreshes every 5 s and starts from an empty cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VOCWEEK_DASHBOARD_SECONDS = REFRESH_SECONDS
    cache.clear()
    clock_at("2021-05-24T15:00+08:00")
    for unit in (tree.taiyuan_school, tree.qingxu_school, tree.datong_school, tree.college):
        enrol_unit(
            campaign=campaign,
            unit=unit,
            owes_plan=True,
            owes_daily_reports=True,
            owes_statistics=True,
        )
    make_member(tree.province, Role.ORGANISER_ADMIN, username="organiser")
    desk = Desk(campaign, make_member(tree.province, Role.PROVINCE_REVIEWER))
    taiyuan = make_member(tree.taiyuan_school, Role.UNIT_REPORTER)
    datong = make_member(tree.datong_school, Role.UNIT_REPORTER)
    desk.feature(desk.adopted(tree.taiyuan_school, taiyuan, "开放校园日：市民走进实训车间"))
    waiting = desk.adopted(tree.datong_school, datong, "技能展示进社区")
    desk.filed(tree.college, make_member(tree.college, Role.UNIT_REPORTER), "云上开放日")
    yield desk, waiting
    cache.clear()


def counter(page, key: str):
    return page.locator(f'[data-counter="{key}"] [data-value]')


def test_organiser_watches_the_featured_counter_move_without_reloading(
    desktop_page, week, campaign
):
    desk, waiting = week
    page = desktop_page
    with_data = [chart.key for chart in staff_dashboard(campaign).charts if chart.has_data]
    assert {"reports-per-day", "completeness", "plans", "top-units"} <= set(with_data)

    # The organiser opens the dashboard from the console's menu.
    log_in(page, "organiser")
    page.get_by_role("navigation", name="工作台").get_by_role("link", name=DASHBOARD_LINK).click()
    expect(page).to_have_url(re.compile(r"/console/dashboard/$"))
    expect(page.get_by_role("heading", name=campaign.title, level=1)).to_be_visible()

    # Every chart with data is drawn on a canvas of some size; the others say why they are empty.
    for key in with_data:
        panel = page.locator(f'section[data-chart="{key}"]')
        expect(panel.locator("[data-canvas] canvas").first).to_be_attached()
        expect(panel.locator("[data-empty]")).to_be_hidden()
        box = panel.locator("[data-canvas]").bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0, key
    expect(page.locator('section[data-chart="activities"] [data-empty]')).to_be_visible()

    # The counters show the figures counted by hand.
    expect(counter(page, "filed")).to_have_text("3")
    expect(counter(page, "today")).to_have_text("3")
    expect(counter(page, "adopted")).to_have_text("2")
    expect(counter(page, "featured")).to_have_text("1")
    expect(page.locator('[data-counter="plans"] [data-of]')).to_have_text("4")

    # The province features the adopted report; once the figures are recomputed the page, never
    # reloaded, shows two featured stories and the new one at the top of the list.
    page.evaluate("window.__notReloaded = true")
    desk.feature(waiting)
    cache.clear()
    expect(counter(page, "featured")).to_have_text("2", timeout=15_000)
    expect(page.locator("[data-stories] li").first).to_contain_text("技能展示进社区")
    assert page.evaluate("window.__notReloaded") is True
    expect(page.locator("[data-stale]")).to_be_hidden()


def test_phone_visitor_sees_the_public_counters_and_no_staff_panel(page, week, campaign):
    figures = public_dashboard(campaign)
    with_data = [chart.key for chart in figures.charts if chart.has_data]

    page.goto("/dashboard/")

    expect(page.get_by_role("heading", name=campaign.title, level=1)).to_be_visible()
    expect(counter(page, "units")).to_have_text("4")
    expect(counter(page, "filed")).to_have_text("3")
    expect(counter(page, "featured")).to_have_text("1")
    expect(counter(page, "halls")).to_have_text("0")
    for key in STAFF_ONLY_COUNTERS:
        expect(page.locator(f'[data-counter="{key}"]')).to_have_count(0)
    for key in STAFF_ONLY_CHARTS:
        expect(page.locator(f'[data-chart="{key}"]')).to_have_count(0)
    assert {"reports-per-day", "stories-by-city"} <= set(with_data)
    for key in with_data:
        canvas = page.locator(f'section[data-chart="{key}"] [data-canvas]')
        expect(canvas.locator("canvas").first).to_be_attached()
        box = canvas.bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0, key
    expect(page.get_by_role("link", name="开放校园日：市民走进实训车间")).to_be_visible()
    expect(page.get_by_role("link", name="技能展示进社区")).to_have_count(0)
    expect(page.locator('a[href="/console/"]')).to_have_count(0)
    expect(page.locator("details.dash-embed")).to_have_count(0)
