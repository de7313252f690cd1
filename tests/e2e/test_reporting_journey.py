"""The day's reporting loop in the browser: a school files a report with two photos from a phone,
the province returns it with a note, the school fixes and resubmits it, the province adopts and
features it, and the completeness matrix shows the school's day as reported."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from vocweek.campaigns.services import enrol_unit
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.reports.enums import State
from vocweek.reports.models import Report

pytestmark = pytest.mark.e2e
PASSWORD = "correct-horse-42"  # the factories' password


def photo(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), colour).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的任务", exact=True)).to_be_visible()


@pytest.fixture
def people(transactional_db, tree, campaign, clock_at, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    clock_at("2021-05-24T15:00+08:00")
    enrol_unit(
        campaign=campaign,
        unit=tree.college,
        owes_plan=True,
        owes_daily_reports=True,
        owes_statistics=True,
    )
    return {
        "school": make_member(tree.college, Role.UNIT_MANAGER, username="liaison"),
        "province": make_member(tree.province, Role.PROVINCE_REVIEWER, username="reviewer"),
    }


def test_report_goes_from_a_phone_through_return_and_resubmission_to_the_column(
    page, desktop_page, people, tree
):
    school, reviewer = page, desktop_page

    # The school liaison writes the report on a phone, with two photos, and submits it.
    log_in(school, "liaison")
    school.goto("/console/reports/new/")
    school.get_by_label("标题").fill("开放校园日：市民走进实训车间")
    school.get_by_label("类别").select_option(label="新闻稿件")
    school.get_by_role("textbox", name="正文").fill(
        "上午九时，学院向社区居民开放数控与汽修实训车间。\n\n师生现场演示技能。"
    )
    school.locator("input[type=file][multiple]").set_input_files(
        [
            {"name": "车间.jpg", "mimeType": "image/jpeg", "buffer": photo((160, 40, 40))},
            {"name": "演示.jpg", "mimeType": "image/jpeg", "buffer": photo((40, 90, 160))},
        ]
    )
    school.get_by_role("button", name="保存并报送").click()
    expect(school.get_by_text("已报送").first).to_be_visible()
    report = Report.objects.get(title="开放校园日：市民走进实训车间")
    assert report.media.count() == 2

    # The provincial reviewer returns it from the desk with a note.
    log_in(reviewer, "reviewer")
    reviewer.goto("/console/reports/desk/")
    queued = reviewer.get_by_role("row").filter(has_text="开放校园日：市民走进实训车间")
    queued.get_by_role("link", name="审核").click()
    reviewer.get_by_label("需要单位修改的内容").fill("请为两张照片补充说明文字。")
    reviewer.get_by_role("button", name="退回修改").click()
    expect(reviewer.get_by_role("alert").or_(reviewer.locator(".messages")).first).to_be_visible()
    assert Report.objects.get(pk=report.pk).state == State.RETURNED

    # The school sees the note, adds the captions and resubmits.
    school.goto(f"/console/reports/{report.pk}/")
    expect(school.get_by_text("请为两张照片补充说明文字。").first).to_be_visible()
    school.get_by_role("link", name="修改", exact=True).click()
    files = school.get_by_role("listitem")
    files.filter(has_text="车间.jpg").get_by_label("说明文字").fill("市民参观数控实训车间")
    files.filter(has_text="演示.jpg").get_by_label("说明文字").fill("学生演示汽车检修")
    school.get_by_role("button", name="保存并重新报送").click()
    expect(school.get_by_text("已报送").first).to_be_visible()

    # The reviewer adopts it, then features it in the publicity column.
    reviewer.goto(f"/console/reports/desk/{report.pk}/")
    reviewer.get_by_role("button", name="采用", exact=True).click()
    reviewer.goto(f"/console/reports/desk/{report.pk}/")
    reviewer.get_by_role("button", name="精选", exact=True).click()
    report.refresh_from_db()
    assert report.state == State.FEATURED
    assert report.cover is not None

    # The completeness matrix shows the college's day 3 as reported.
    reviewer.goto("/console/reports/completeness/")
    row = reviewer.get_by_role("row").filter(has_text=tree.college.name)
    expect(row).to_be_visible()
    expect(row.locator("[data-day='2021-05-24']")).to_have_attribute("data-state", "reported")
