"""Activity plans in the browser: a province-direct college files its plan from a phone before the
deadline and replaces it; after the deadline another college files late; the organiser, on a
desktop, sees the first on time, the second late, the others missing, and downloads both plans in
one ZIP."""

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, TIMEOUT_MS
from vocweek.campaigns.services import enrol_unit
from vocweek.orgs.enums import Role, UnitKind
from vocweek.orgs.tests.factories import make_member, make_unit
from vocweek.plans import website
from vocweek.plans.enums import WebsiteStatus
from vocweek.plans.models import ActivityPlan

pytestmark = pytest.mark.e2e
PASSWORD = "correct-horse-42"  # the factories' password
SECOND_COLLEGE = "山西省财政税务专科学校"


def word_document(text: str) -> bytes:
    buffer = io.BytesIO()
    document = Document()
    document.add_heading("职业教育活动周活动方案", level=1)
    document.add_paragraph(text)
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def opened(browser, live_server):
    """Open pages of the live server in Chinese, phone- or desktop-sized, each in its own context
    (three people act here: two colleges and the organiser)."""
    contexts = []

    def open_page(device: dict):
        context = browser.new_context(
            base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai", **device
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def colleges(transactional_db, tree, campaign, clock_at, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(
        website,
        "check_website",
        lambda url: website.WebsiteCheck(WebsiteStatus.REACHABLE, 200, "活动周专题网站"),
    )
    clock_at("2021-05-12T10:00+08:00")
    second = make_unit(SECOND_COLLEGE, UnitKind.HIGHER_VOCATIONAL, tree.province)
    for unit in (tree.taiyuan, tree.datong, tree.college, second):
        enrol_unit(
            campaign=campaign,
            unit=unit,
            owes_plan=True,
            owes_daily_reports=unit.is_school,
            owes_statistics=True,
        )
    make_member(tree.college, Role.UNIT_MANAGER, username="liaison")
    make_member(second, Role.UNIT_MANAGER, username="second")
    make_member(tree.province, Role.ORGANISER_ADMIN, username="organiser")
    return second


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的任务", exact=True)).to_be_visible()


def fill_plan(page, *, summary: str, website_address: str, liaison: str, mobile: str) -> None:
    page.get_by_label("方案摘要").fill(summary)
    page.get_by_label("专题网站").fill(website_address)
    page.get_by_label("联络员姓名").fill(liaison)
    page.get_by_label("联络员手机").fill(mobile)


def test_colleges_file_plans_on_time_and_late_and_the_organiser_downloads_them(
    opened, colleges, tree, clock_at, tmp_path
):
    first_version = word_document("初稿：开放校园、技能展示。")
    final_version = word_document("定稿：开放校园、技能展示、走进社区。")
    late_plan = word_document("补报的活动方案。")

    # The college's liaison files the plan on a phone, from the task on the home page.
    phone = opened(PHONE)
    log_in(phone, "liaison")
    phone.get_by_role("link", name="报送方案").click()
    expect(phone.get_by_role("heading", name="报送方案")).to_be_visible()
    expect(phone.get_by_text("还剩", exact=False).first).to_be_visible()  # how long is left
    phone.get_by_label("方案文件").set_input_files(
        {
            "name": "活动方案初稿.docx",
            "mimeType": "application/octet-stream",
            "buffer": first_version,
        }
    )
    fill_plan(
        phone,
        summary="开放校园、技能展示两项活动。",
        website_address="zjhdz.sxzy.example.edu.cn",
        liaison="王老师",
        mobile="139 1234 5678",
    )
    phone.get_by_role("button", name="报送方案").click()
    expect(phone.get_by_text("的活动方案已按时报送")).to_be_visible()
    filed = phone.get_by_role("region", name="已报送的方案")
    expect(filed.get_by_text("按时报送", exact=True)).to_be_visible()
    expect(filed.get_by_role("link", name="活动方案初稿.docx")).to_be_visible()
    expect(filed.get_by_text("https://zjhdz.sxzy.example.edu.cn/")).to_be_visible()

    # It replaces the document with the final version; the form is prefilled.
    expect(phone.get_by_label("联络员姓名")).to_have_value("王老师")
    phone.get_by_label("方案文件").set_input_files(
        {
            "name": "活动方案定稿.docx",
            "mimeType": "application/octet-stream",
            "buffer": final_version,
        }
    )
    phone.get_by_role("button", name="替换方案").click()
    expect(phone.get_by_text("的活动方案已替换")).to_be_visible()
    expect(filed.get_by_role("link", name="活动方案定稿.docx")).to_be_visible()
    expect(filed.get_by_text("按时报送", exact=True)).to_be_visible()

    # After the deadline the plan is locked, and the second college files late.
    clock_at("2021-05-17T09:00+08:00")
    phone.goto("/console/plans/mine/")
    expect(phone.get_by_role("heading", name="方案已锁定")).to_be_visible()
    late = opened(PHONE)
    log_in(late, "second")
    late.get_by_role("link", name="报送方案").click()
    expect(late.get_by_text("现在报送将记为逾期")).to_be_visible()
    late.get_by_label("方案文件").set_input_files(
        {"name": "方案.docx", "mimeType": "application/octet-stream", "buffer": late_plan}
    )
    fill_plan(
        late,
        summary="补报：线上开放日。",
        website_address="https://www.sxcs.example.edu.cn/zjz",
        liaison="赵老师",
        mobile="13800000000",
    )
    late.get_by_role("button", name="报送方案").click()
    expect(late.get_by_text("因已过截止时间，记为逾期")).to_be_visible()

    # The organiser sees who filed on time, who late and who is missing.
    desktop = opened(DESKTOP)
    log_in(desktop, "organiser")
    desktop.get_by_role("navigation", name="工作台").get_by_role(
        "link", name="活动方案报送"
    ).click()
    expect(desktop.get_by_role("heading", name="活动方案报送", exact=True)).to_be_visible()
    rows = desktop.get_by_role("row")
    expect(rows.filter(has_text=tree.college.name)).to_have_attribute("data-standing", "on_time")
    expect(rows.filter(has_text=SECOND_COLLEGE)).to_have_attribute("data-standing", "late")
    expect(rows.filter(has_text="太原市教育局").first).to_have_attribute("data-standing", "missing")
    expect(rows.filter(has_text="大同市教育局").first).to_have_attribute("data-standing", "missing")
    expect(rows.filter(has_text=SECOND_COLLEGE).get_by_text("活动周专题网站")).to_be_visible()

    # It downloads both plans in one ZIP.
    with desktop.expect_download() as download_info:
        desktop.get_by_role("link", name="下载全部方案（ZIP）").click()
    saved = Path(tmp_path) / "plans.zip"
    download_info.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        assert sorted(archive.namelist()) == [
            f"省直单位/{SECOND_COLLEGE}-活动方案.docx",
            f"省直单位/{tree.college.name}-活动方案.docx",
        ]
        assert archive.read(f"省直单位/{tree.college.name}-活动方案.docx") == (final_version)
        assert archive.read(f"省直单位/{SECOND_COLLEGE}-活动方案.docx") == late_plan
    assert ActivityPlan.objects.filter(is_late=True).get().unit.name == SECOND_COLLEGE
