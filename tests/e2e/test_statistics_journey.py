"""The statistics table in the browser: after the week a school fills in its return on a phone,
breaks the rule that offline and online activities add up to the total and is shown the error at
the item; it fixes the total and submits. Its city bureau confirms the return on a desktop and
submits the city; the province downloads the summary by city, where the school's figures sit in
its city's column and in the province's total."""

from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from vocweek.campaigns.services import enrol_unit
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.stats.definition import load_form
from vocweek.stats.demo import build_demo_form
from vocweek.stats.enums import ReturnState
from vocweek.stats.models import CitySubmission, StatReturn

pytestmark = pytest.mark.e2e
PASSWORD = "correct-horse-42"  # the factories' password
IN_THE_WINDOW = "2021-05-30T10:00+08:00"  # the week ended 5/28; returns are due by 6/5
FIGURES = {
    "活动总场次": "6",  # but 3 offline + 2 online make 5
    "其中：线下": "3",
    "其中：线上": "2",
    "参与师生人次": "1,200",
    "其中：学生": "1000",
    "其中：教师": "200",
    "线上浏览观看量": "1.25",
}
TEXTS = {"填报人": "王老师", "联系电话": "0351-6543210", "特色亮点": "开放实训车间，市民体验技能。"}


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的任务", exact=True)).to_be_visible()


def open_from_menu(page, name: str) -> None:
    page.get_by_role("navigation", name="工作台").get_by_role("link", name=name).click()


@pytest.fixture
def labels(transactional_db, tree, campaign, clock_at):
    """The demo table in its window; Taiyuan's school and Datong's owe it. The labels of the
    items the school types, in the table's order."""
    clock_at(IN_THE_WINDOW)
    definition = load_form(build_demo_form(campaign=campaign))
    for unit in (tree.taiyuan_school, tree.datong_school):
        enrol_unit(
            campaign=campaign,
            unit=unit,
            owes_plan=False,
            owes_daily_reports=False,
            owes_statistics=True,
        )
    make_member(tree.taiyuan_school, Role.UNIT_REPORTER, username="school")
    make_member(tree.taiyuan, Role.CITY_REVIEWER, username="city")
    make_member(tree.province, Role.PROVINCE_REVIEWER, username="province")
    return [item.label for item in definition.fields if item.is_typed]


def column_of(sheet, heading: str) -> int:
    """The column whose header (rows 3–4 of 全省汇总) reads `heading`."""
    for row in sheet.iter_rows(min_row=1, max_row=4):
        for cell in row:
            if cell.value == heading:
                return cell.column
    raise AssertionError(f"no column headed {heading}")


def figures_of(sheet, label: str, *columns: int) -> list[object]:
    """The figures of the item labelled `label` in the given columns."""
    row = next(row for row in sheet.iter_rows(min_col=1, max_col=1) if row[0].value == label)
    return [sheet.cell(row=row[0].row, column=column).value for column in columns]


def test_school_fixes_a_broken_rule_and_its_figures_reach_the_province_summary(
    page, desktop_page, labels, tree, campaign, tmp_path
):
    school_name = tree.taiyuan_school.name

    # The school opens the table from the console's menu on a phone and fills in every item.
    log_in(page, "school")
    open_from_menu(page, "情况统计表")
    expect(page.get_by_role("heading", name="职业教育活动周情况统计表")).to_be_visible()
    status = page.get_by_role("region", name="本单位填报")
    expect(status.get_by_text("未开始")).to_be_visible()
    form = page.locator("form.stat-form")
    for label in labels:
        value = TEXTS.get(label) or FIGURES.get(label, "0")
        form.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="报送", exact=True).click()

    # The broken rule is shown above the form and at the offline figure; nothing is submitted.
    expect(page.get_by_role("alert")).to_contain_text("部分数据有误，请查看标出的项目。")
    offline = page.get_by_role("textbox", name="其中：线下", exact=True)
    offline_item = page.get_by_role("listitem").filter(has=offline)
    expect(offline_item.get_by_text("之和应等于“活动总场次（场）”")).to_be_visible()
    expect(offline).to_have_value("3")  # what was typed is kept
    expect(status.get_by_text("未开始")).to_be_visible()
    assert not StatReturn.objects.exists()

    # The school corrects the total and submits; the table turns read-only and submitted.
    page.get_by_role("textbox", name="活动总场次", exact=True).fill("5")
    page.get_by_role("button", name="报送", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(f"{school_name} 的情况统计表已提交审核。")
    expect(status.get_by_text("已报送", exact=True)).to_be_visible()
    expect(status.get_by_text("已提交审核，审核单位将确认或附说明退回。")).to_be_visible()
    expect(page.get_by_role("button", name="报送", exact=True)).to_have_count(0)
    total_item = page.get_by_role("listitem").filter(has=page.get_by_text("活动总场次"))
    expect(total_item).to_contain_text("5 场")

    # The Taiyuan bureau reviews it on a desktop, confirms it and submits the city.
    log_in(desktop_page, "city")
    open_from_menu(desktop_page, "统计表审核")
    row = desktop_page.get_by_role("row").filter(has_text=school_name)
    expect(row).to_contain_text("已报送")
    other_city = desktop_page.get_by_role("row").filter(has_text=tree.datong_school.name)
    expect(other_city).to_have_count(0)  # Datong's school is not Taiyuan's to review
    row.get_by_role("link", name=f"审核 {school_name}").click()
    expect(desktop_page.get_by_role("heading", name=school_name, level=1)).to_be_visible()
    offline_figure = desktop_page.get_by_role("listitem").filter(
        has=desktop_page.get_by_text("其中：线下", exact=True)
    )
    expect(offline_figure).to_contain_text("3 场")
    desktop_page.get_by_role("button", name="确认", exact=True).click()
    expect(desktop_page.get_by_role("status")).to_contain_text(f"{school_name} 的统计表已确认。")
    expect(row).to_contain_text("已确认")
    desktop_page.get_by_role("button", name="报送本市统计数据").click()
    expect(desktop_page.get_by_role("status")).to_contain_text(
        f"{tree.taiyuan.name} 的统计数据已报送省厅。"
    )
    assert CitySubmission.objects.filter(campaign=campaign, city=tree.taiyuan).exists()
    assert StatReturn.objects.get().state == ReturnState.CONFIRMED

    # The province downloads the summary by city.
    desktop_page.get_by_role("button", name="退出登录").click()
    log_in(desktop_page, "province")
    open_from_menu(desktop_page, "统计表审核")
    with desktop_page.expect_download() as download:
        desktop_page.get_by_role("link", name="全省分市汇总（Excel）").click()
    saved = Path(tmp_path) / "summary.xlsx"
    download.value.save_as(saved)
    assert download.value.suggested_filename == f"{campaign.title}情况统计汇总表.xlsx"

    # The school's figures are in Taiyuan's column and the province's total, none in Datong's.
    sheet = openpyxl.load_workbook(saved)["全省汇总"]
    columns = (
        column_of(sheet, tree.taiyuan.short_name or tree.taiyuan.name),
        column_of(sheet, tree.datong.short_name or tree.datong.name),
        column_of(sheet, "全省合计"),
    )
    assert figures_of(sheet, "活动总场次", *columns) == [5, 0, 5]
    assert figures_of(sheet, "其中：线下", *columns) == [3, 0, 3]
    assert figures_of(sheet, "其中：线上", *columns) == [2, 0, 2]
    assert figures_of(sheet, "参与师生人次", *columns) == [1200, 0, 1200]
    assert figures_of(sheet, "线上浏览观看量", *columns) == [
        pytest.approx(1.25),
        0,
        pytest.approx(1.25),
    ]
    assert figures_of(sheet, "已填报单位数", *columns) == [1, 0, 1]
