"""The activity calendar in the browser, from a school's open day to the check-in.

A school publishes an open day with 2 places on a phone; three visitors register, the third lands
on the waiting list; the first cancels with her link and the third is confirmed; the school checks
a visitor in by the code on his page (and the QR code on that page reads as the same code); the
public calendar shows the open day on its day, under its city and its kind; the campaign's
iCalendar feed holds it.
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from vocweek.activities.models import Activity, Registration
from vocweek.campaigns.services import enrol_unit
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member

pytestmark = pytest.mark.e2e
PASSWORD = "correct-horse-42"  # the factories' password
TITLE = "太原市第一职业中学校园开放日"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def school(tree, campaign, clock_at):
    """Three days before the week: the school takes part and has a teacher who holds activities."""
    clock_at("2021-05-19T10:00+08:00")
    enrol_unit(
        campaign=campaign,
        unit=tree.taiyuan_school,
        owes_plan=False,
        owes_daily_reports=True,
        owes_statistics=True,
    )
    make_member(tree.taiyuan_school, Role.UNIT_MANAGER, username="teacher")
    return tree.taiyuan_school


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的任务", exact=True)).to_be_visible()


def publish_open_day(page) -> None:
    page.get_by_role("navigation", name="工作台").get_by_role(
        "link", name="活动", exact=True
    ).click()
    page.get_by_role("link", name="新建活动").click()
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("简介").fill("开放实训基地，学生志愿者讲解专业设置和升学就业渠道。")
    page.get_by_label("类型", exact=True).select_option(label="开放校园")
    page.get_by_label("形式").select_option(label="线下")
    page.get_by_label("级别").select_option(label="校级")
    page.get_by_label("面向对象").select_option(label="中小学生及家长")
    page.get_by_label("开始时间").fill("2021-05-24T09:00")
    page.get_by_label("结束时间").fill("2021-05-24T11:30")
    page.get_by_label("活动场所").fill("实训楼一层大厅")
    page.get_by_label("地址").fill("太原市迎泽区示例路1号")
    page.get_by_label("参与者需提前报名").check()
    page.get_by_label("名额").fill("2")
    page.get_by_role("textbox", name="联系人", exact=True).fill("王老师")
    page.get_by_label("联系电话").fill("0351-1234567")
    page.get_by_role("button", name="保存并发布").click()
    expect(page.get_by_text("已在活动日历上发布")).to_be_visible()


def register(page, activity: Activity, name: str, mobile: str, button: str) -> str:
    """A visitor registers on the activity's page; returns the address of their own page."""
    page.goto(f"/calendar/{activity.pk}/")
    page.get_by_label("姓名").fill(name)
    page.get_by_label("手机").fill(mobile)
    page.get_by_role("button", name=button, exact=True).click()
    expect(page).to_have_url(re.compile(r"/calendar/r/[^/]+/$"))
    return page.url


def test_open_day_fills_its_places_moves_the_waiting_list_and_checks_a_visitor_in(
    page, browser, live_server, school, tree, tmp_path
):
    log_in(page, "teacher")
    publish_open_day(page)
    activity = Activity.objects.get(title=TITLE)

    visitor = browser.new_page(
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
    )
    visitor.goto(f"/calendar/{activity.pk}/")
    expect(visitor.get_by_text("剩余 2 个名额（共 2 个）")).to_be_visible()

    first = register(visitor, activity, "李欣怡", "13900000001", "报名")
    expect(visitor.get_by_text("报名成功，名额已确认")).to_be_visible()
    second = register(visitor, activity, "王浩然", "139 0000 0002", "报名")
    expect(visitor.get_by_text("报名成功，名额已确认")).to_be_visible()
    third = register(visitor, activity, "张子涵", "13900000003", "报名候补")
    expect(visitor.get_by_text("候补中：第 1 位")).to_be_visible()

    # The same mobile again lands on the registration already made, and takes no place.
    assert register(visitor, activity, "王浩然", "13900000002", "报名候补") == second
    activity.refresh_from_db()
    assert (activity.confirmed_places, activity.waiting_places) == (2, 1)

    # The first visitor cancels with her link; the third moves up.
    visitor.goto(first)
    visitor.get_by_text("取消报名", exact=True).click()
    visitor.get_by_role("button", name="确定取消报名").click()
    expect(visitor.get_by_text("报名已取消", exact=True)).to_be_visible()
    visitor.goto(third)
    expect(visitor.get_by_text("报名成功，名额已确认")).to_be_visible()

    # The second visitor's page shows his code, also as a QR code any scanner reads.
    visitor.goto(second)
    code = visitor.locator(".cal-code").inner_text().strip()
    visitor.get_by_role("img", name=re.compile("签到码")).screenshot(path=tmp_path / "qr.png")
    [decoded] = zxingcpp.read_barcodes(Image.open(tmp_path / "qr.png"))
    assert decoded.text == code

    # At the entrance the school types the code (lower case, with a dash, as people read it out).
    page.goto(f"/console/activities/{activity.pk}/check-in/")
    page.get_by_label("签到码").fill(f"{code[:4].lower()}-{code[4:].lower()}")
    page.get_by_role("button", name="签到", exact=True).click()
    expect(page.get_by_text("王浩然")).to_be_visible()
    registration = Registration.objects.get(activity=activity, mobile="13900000002")
    assert registration.checked_in_at is not None
    page.get_by_label("签到码").fill(code)
    page.get_by_role("button", name="签到", exact=True).click()
    expect(page.get_by_text(re.compile(r"已于 \d{1,2}:\d{2} 签到"))).to_be_visible()
    assert Registration.objects.filter(activity=activity, checked_in_at__isnull=False).count() == 1

    # The public calendar: on 5/24, under 太原 and under 开放校园; not on 5/25.
    visitor.goto("/calendar/?day=2021-05-24")
    expect(visitor.get_by_role("link", name=TITLE)).to_be_visible()
    visitor.goto(f"/calendar/?day=2021-05-24&city={tree.taiyuan.pk}&kind=open_campus")
    expect(visitor.get_by_role("link", name=TITLE)).to_be_visible()
    visitor.goto(f"/calendar/?day=2021-05-24&city={tree.datong.pk}")
    expect(visitor.get_by_role("link", name=TITLE)).to_have_count(0)
    visitor.goto("/calendar/?day=2021-05-25")
    expect(visitor.get_by_role("link", name=TITLE)).to_have_count(0)

    # The campaign's iCalendar feed holds it at its time.
    feed = visitor.request.get("/calendar/feed.ics")
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(feed.body()).walk("VEVENT")
    [event] = [event for event in events if str(event["SUMMARY"]) == TITLE]
    assert event.decoded("DTSTART") == datetime(2021, 5, 24, 9, 0, tzinfo=SHANGHAI)
    visitor.close()
