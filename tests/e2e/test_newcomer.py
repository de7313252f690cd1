"""A newcomer's first minutes: the portal shows the week, a school liaison logs in and sees
what the school owes and by when — on day 3 of the 2021 week, as `make demo` starts."""

import pytest
from playwright.sync_api import expect

from vocweek.campaigns.demo import DEMO_PASSWORD, load_demo

pytestmark = pytest.mark.e2e


@pytest.fixture
def day_three(clock_at):
    clock_at("2021-05-24T15:00+08:00")


@pytest.fixture
def demo(transactional_db):
    return load_demo()


def test_newcomer_opens_the_portal_logs_in_as_school_liaison_and_sees_its_deadlines(
    page, demo, day_three
):
    page.goto("/")
    expect(
        page.get_by_role("heading", name="山西省2021年职业教育活动周", exact=True)
    ).to_be_visible()
    expect(page.get_by_text("技能：让生活更美好")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("活动周第3天（共7天）")
    expect(page.get_by_role("heading", name="全国性活动")).to_be_visible()
    expect(page.get_by_text("“职业技能哪家强”网络传播活动")).to_be_visible()

    page.get_by_role("link", name="工作人员登录").click()
    page.get_by_label("登录名").fill("school")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()

    expect(page.get_by_role("heading", name="我的任务", exact=True)).to_be_visible()
    expect(page.get_by_text("山西职业技术学院").first).to_be_visible()
    plan = page.get_by_role("main").locator("li", has_text="活动方案、专题网站及联络员")
    expect(plan).to_contain_text("2021年5月15日 24:00")
    expect(plan).to_contain_text("已截止")
    today = page.locator("li", has_text="第3天信息报送")
    expect(today).to_contain_text("2021年5月24日 24:00")
    expect(today).to_contain_text("今日截止")
    statistics = page.get_by_role("main").locator("li", has_text="情况统计表")
    expect(statistics).to_contain_text("2021年6月4日 24:00")


def test_wrong_password_keeps_the_newcomer_on_the_log_in_page_with_a_chinese_message(page, demo):
    page.goto("/accounts/login/")
    page.get_by_label("登录名").fill("school")
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()

    expect(page.get_by_role("alert").or_(page.locator(".errorlist")).first).to_contain_text("密码")
    expect(page.get_by_role("heading", name="我的任务")).to_have_count(0)
