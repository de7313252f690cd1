"""The province's statistics workbook against figures computed by hand for the small tree."""

import io
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from vocweek.campaigns.services import enrol_unit
from vocweek.reports.enums import Category, State
from vocweek.reports.models import Report
from vocweek.stats import exports, queries
from vocweek.stats.definition import load_form
from vocweek.stats.demo import build_demo_form
from vocweek.stats.enums import ReturnState
from vocweek.stats.models import StatReturn

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Strings this export added to the catalogue, read as the active language has them.
SUMMARY = _("Province summary")
FILED = _("Units that filed")
MISSING = _("Units yet to file")
# Column of each group on 全省汇总: 太原, 大同, 省直单位, then 全省合计.
TAIYUAN, DATONG, DIRECT, PROVINCE = "C", "D", "E", "F"


@pytest.fixture
def workbook(tree, campaign):
    """Four owing schools: two filed in Taiyuan, the college filed, Datong's school only a draft."""
    definition = load_form(build_demo_form(campaign=campaign))
    for unit in (tree.taiyuan_school, tree.qingxu_school, tree.datong_school, tree.college):
        enrol_unit(
            campaign=campaign,
            unit=unit,
            owes_plan=False,
            owes_daily_reports=False,
            owes_statistics=True,
        )
    returns = [
        (tree.taiyuan_school, ReturnState.CONFIRMED, 1200, 700, "1.25", "第一职中"),
        (tree.qingxu_school, ReturnState.SUBMITTED, 5, 5, "0.5", "清徐"),
        (tree.datong_school, ReturnState.DRAFT, 99, 9, "9", "大同"),
        (tree.college, ReturnState.CONFIRMED, 7, 3, "2", "学院"),
    ]
    for unit, state, activities, offline, online_views, highlights in returns:
        StatReturn.objects.create(
            campaign=campaign,
            unit=unit,
            state=state,
            values={
                "activities": activities,
                "activities_offline": offline,
                "activities_online": activities - offline,
                "online_views": online_views,
                "highlights": highlights,
            },
        )
    for state in (State.SUBMITTED, State.FEATURED, State.DRAFT):
        Report.objects.create(
            campaign=campaign,
            unit=tree.taiyuan_school,
            title="信息",
            category=Category.NEWS,
            state=state,
        )
    content = exports.province_workbook(
        definition,
        queries.aggregate_by_city(definition, campaign),
        campaign_title=campaign.title,
        generated_at=datetime(2021, 6, 1, 2, 30, tzinfo=ZoneInfo("UTC")),
        zone=SHANGHAI,
        units=exports.unit_columns(campaign, definition),
    )
    return load_workbook(io.BytesIO(content))


def row_of(sheet, label: str) -> int:
    return next(
        row[0].row for row in sheet.iter_rows(min_col=1, max_col=1) if row[0].value == label
    )


def test_province_sheet_totals_each_city_and_the_province(workbook):
    sheet = workbook[SUMMARY]

    activities = row_of(sheet, "活动总场次")
    offline = row_of(sheet, "其中：线下")
    views = row_of(sheet, "线上浏览观看量")
    assert [sheet[f"{column}{activities}"].value for column in "CDEF"] == [1205, 0, 7, 1212]
    assert [sheet[f"{column}{offline}"].value for column in "CDEF"] == [705, 0, 3, 708]
    assert sheet[f"{PROVINCE}{views}"].value == pytest.approx(3.75)
    assert sheet[f"{TAIYUAN}{views}"].number_format == "#,##0.00"
    assert sheet[f"{PROVINCE}{activities}"].number_format == "#,##0"
    filed = row_of(sheet, "向省报送信息")
    featured = row_of(sheet, "其中：被省专栏选登")
    assert (sheet[f"{TAIYUAN}{filed}"].value, sheet[f"{TAIYUAN}{featured}"].value) == (2, 1)


def test_province_sheet_counts_filed_and_missing_units(workbook):
    sheet = workbook[SUMMARY]

    filed, missing = row_of(sheet, FILED), row_of(sheet, MISSING)

    assert [sheet[f"{column}{filed}"].value for column in "CDEF"] == [2, 0, 1, 3]
    assert [sheet[f"{column}{missing}"].value for column in "CDEF"] == [0, 1, 0, 1]


def test_province_sheet_has_merged_title_headers_in_group_order(workbook):
    sheet = workbook[SUMMARY]

    assert sheet["A1"].value == "山西省2021年职业教育活动周 职业教育活动周情况统计表"
    assert "A1:F1" in sheet.merged_cells
    local = datetime(2021, 6, 1, 10, 30, tzinfo=SHANGHAI)  # 02:30 UTC in the campaign's zone
    assert sheet["A2"].value == _("Statistics date: %(moment)s") % {
        "moment": date_format(local, "DATETIME_FORMAT")
    }
    assert [sheet[f"{column}4"].value for column in "CDE"] == [
        "太原市教育局",
        "大同市教育局",
        "省直单位",
    ]
    assert (sheet["A3"].value, sheet[f"{PROVINCE}3"].value) == ("项目", _("Province total"))
    assert "A3:A4" in sheet.merged_cells
    assert sheet.freeze_panes == "C5"
    assert sheet.page_setup.orientation == "landscape"


def test_province_sheet_leaves_out_text_items(workbook):
    labels = {row[0].value for row in workbook[SUMMARY].iter_rows(min_col=1, max_col=1)}

    assert "一、参与情况" in labels
    assert not labels & {"填报人", "特色亮点", "四、特色亮点"}


def test_city_sheet_has_a_column_per_unit_and_counts_missing_units(workbook):
    assert workbook.sheetnames == [SUMMARY, "太原市教育局", "大同市教育局", "省直单位"]
    taiyuan, datong = workbook["太原市教育局"], workbook["大同市教育局"]

    assert [taiyuan.cell(3, column).value for column in range(1, 6)] == [
        "项目",
        "计量单位",
        "合计",
        "清徐县职业中学",  # tree order: the county's school comes first
        "太原市第一职业中学",
    ]
    activities = row_of(taiyuan, "活动总场次")
    assert [taiyuan.cell(activities, column).value for column in (3, 4, 5)] == [1205, 5, 1200]
    missing = row_of(datong, MISSING)
    assert (datong.cell(missing, 3).value, datong.cell(missing, 4).value) == (1, 1)
    assert datong.cell(3, 4).value == "大同市第二职业中学"
    assert datong.cell(row_of(datong, "活动总场次"), 4).value is None  # a draft does not count


def test_sheet_names_are_cut_to_31_characters_and_unique():
    taken = {SUMMARY}
    first = exports._sheet_name("某" * 40, taken)
    taken.add(first)

    assert len(first) == 31
    assert exports._sheet_name("某" * 40, taken) == "某" * 28 + "(2)"
    assert exports._sheet_name("a/b:c", set()) == "a_b_c"


def test_unit_columns_read_counting_returns_as_numbers(tree, campaign, workbook):
    definition = load_form(build_demo_form(campaign=campaign))

    columns = {column.name: column for column in exports.unit_columns(campaign, definition)}

    assert columns["太原市第一职业中学"].values["online_views"] == Decimal("1.25")
    assert columns["太原市第一职业中学"].values["reports_filed"] == 2
    assert columns["太原市第一职业中学"].values["activities"] == 1200
    assert columns["大同市第二职业中学"].values is None
    assert columns["山西职业技术学院"].group == queries.PROVINCE_DIRECT
