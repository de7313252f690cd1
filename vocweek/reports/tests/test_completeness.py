"""The completeness matrix: cells at the Beijing day boundary, late and missing days, rates,
groups, what a city reviewer sees, the page, the Excel export, and a constant number of queries."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from vocweek.campaigns.tests.factories import beijing
from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import Unit
from vocweek.orgs.tests.factories import make_unit
from vocweek.reports import services
from vocweek.reports.enums import Category
from vocweek.reports.models import Report
from vocweek.reports.queries import (
    LATE,
    MISSING,
    PROVINCE_DIRECT,
    REPORTED,
    TODAY,
    UPCOMING,
    completeness_matrix,
)
from vocweek.reports.tests.reporting_week import enrol, file, schools_and_staff

DAY_ONE = date(2021, 5, 22)
DAY_TWO = date(2021, 5, 23)
DAY_THREE = date(2021, 5, 24)


@pytest.fixture
def people(tree, campaign):
    return schools_and_staff(tree, campaign)


def rows_by_name(matrix):
    return {row.name: row for row in matrix.rows}


def test_reports_just_before_and_after_midnight_land_in_their_beijing_days(
    tree, campaign, people, clock_at
):
    clock_at("2021-05-22T23:59:30+08:00")
    file(campaign, tree.qingxu_school, people["qingxu"])
    clock_at("2021-05-23T00:00:10+08:00")
    file(campaign, tree.taiyuan_school, people["taiyuan"])

    matrix = completeness_matrix(
        campaign, Unit.objects.subtree(tree.province), moment=beijing(2021, 5, 23, 12, 0)
    )
    rows = rows_by_name(matrix)
    assert rows["清徐县职业中学"].cells[:3] == (REPORTED, TODAY, UPCOMING)
    assert rows["太原市第一职业中学"].cells[:3] == (MISSING, REPORTED, UPCOMING)
    assert [column.is_today for column in matrix.days][:3] == [False, True, False]
    # Day two is met by 太原一职 (so due) but still open for 清徐 (not due yet).
    assert (rows["清徐县职业中学"].due, rows["清徐县职业中学"].completeness) == (1, 1.0)
    assert (rows["太原市第一职业中学"].due, rows["太原市第一职业中学"].missing) == (2, 1)


def test_a_late_report_makes_a_late_cell_that_counts_for_completeness_not_timeliness(
    tree, campaign, people, clock_at
):
    clock_at("2021-05-22T10:00+08:00")
    file(campaign, tree.datong_school, people["datong"])
    clock_at("2021-05-24T09:00+08:00")
    file(campaign, tree.datong_school, people["datong"], for_day=DAY_TWO)  # 补报

    matrix = completeness_matrix(
        campaign, Unit.objects.subtree(tree.province), moment=beijing(2021, 5, 25, 8, 0)
    )
    datong = rows_by_name(matrix)["大同市第二职业中学"]
    assert datong.cells == (REPORTED, LATE, MISSING, TODAY, UPCOMING, UPCOMING, UPCOMING)
    assert (datong.reported, datong.late, datong.missing, datong.due) == (1, 1, 1, 3)
    assert datong.completeness == pytest.approx(2 / 3)
    assert datong.timeliness == pytest.approx(1 / 3)


def test_the_daily_quota_counts_on_time_reports_first_and_drafts_never(
    tree, campaign, people, clock_at
):
    campaign.daily_report_quota = 2
    campaign.save()
    author = people["college"]
    clock_at("2021-05-22T09:00+08:00")
    file(campaign, tree.college, author)
    file(campaign, tree.college, author)  # day one: two on time
    clock_at("2021-05-23T09:00+08:00")
    file(campaign, tree.college, author)  # day two: one on time …
    withdrawn = file(campaign, tree.college, author)
    services.withdraw_report(report=withdrawn, actor=author, version=withdrawn.version)
    clock_at("2021-05-24T09:00+08:00")
    file(campaign, tree.college, author, for_day=DAY_TWO)  # … and one late
    file(campaign, tree.college, author)  # day three: one only

    matrix = completeness_matrix(
        campaign, Unit.objects.subtree(tree.province), moment=beijing(2021, 5, 25, 9, 0)
    )
    assert rows_by_name(matrix)["山西职业技术学院"].cells[:4] == (REPORTED, LATE, MISSING, TODAY)


def test_groups_follow_the_bureaus_and_province_direct_schools_form_their_own_group(
    tree, campaign, people, clock_at
):
    clock_at("2021-05-22T09:00+08:00")
    for unit, person in (
        (tree.qingxu_school, "qingxu"),
        (tree.college, "college"),
        (tree.datong_school, "datong"),
    ):
        file(campaign, unit, people[person])

    matrix = completeness_matrix(
        campaign, Unit.objects.subtree(tree.province), moment=beijing(2021, 5, 23, 9, 0)
    )
    # The college lies in 太原 but answers to the province: it counts under 省直单位.
    groups = {group.name: group for group in matrix.groups}
    assert list(groups) == ["太原市教育局", "大同市教育局", "省直单位"]
    taiyuan = groups["太原市教育局"]
    assert (taiyuan.units, taiyuan.reported, taiyuan.missing, taiyuan.due) == (2, 1, 1, 2)
    assert taiyuan.completeness == 0.5
    assert groups["省直单位"].completeness == 1.0
    assert matrix.total.units == 4
    assert (matrix.total.reported, matrix.total.due) == (3, 4)
    assert matrix.total.completeness == 0.75
    assert matrix.total.met_by_day == (3, 0, 0, 0, 0, 0, 0)
    assert "山西省总工会" not in rows_by_name(matrix)  # takes part, owes no daily reports

    direct = completeness_matrix(
        campaign,
        Unit.objects.subtree(tree.province),
        group=PROVINCE_DIRECT,
        moment=beijing(2021, 5, 23, 9, 0),
    )
    assert [row.name for row in direct.rows] == ["山西职业技术学院"]
    only_taiyuan = completeness_matrix(
        campaign,
        Unit.objects.subtree(tree.province),
        group=str(tree.taiyuan.pk),
        kind=UnitKind.CITY_SECONDARY,
        moment=beijing(2021, 5, 23, 9, 0),
    )
    assert {row.name for row in only_taiyuan.rows} == {"太原市第一职业中学", "清徐县职业中学"}


def test_a_city_reviewer_sees_only_the_rows_of_its_own_subtree(tree, campaign, people):
    matrix = completeness_matrix(campaign, Unit.objects.visible_to(people["city"]))
    assert {row.name for row in matrix.rows} == {"太原市第一职业中学", "清徐县职业中学"}
    assert [group.name for group in matrix.groups] == ["太原市教育局"]


def test_before_the_week_every_day_is_upcoming_and_no_rate_is_given(tree, campaign, people):
    matrix = completeness_matrix(
        campaign, Unit.objects.subtree(tree.province), moment=beijing(2021, 5, 20, 9, 0)
    )
    assert set(matrix.rows[0].cells) == {UPCOMING}
    assert matrix.total.due == 0 and matrix.total.completeness is None


def test_the_matrix_takes_the_same_number_of_queries_for_more_units(
    tree, campaign, people, clock_at, django_assert_max_num_queries
):
    clock_at("2021-05-24T09:00+08:00")
    file(campaign, tree.qingxu_school, people["qingxu"])
    units = Unit.objects.subtree(tree.province)
    with django_assert_max_num_queries(3):
        few = completeness_matrix(campaign, units)

    for number in range(20):
        school = make_unit(f"太原市第{number + 3}职业中学", UnitKind.CITY_SECONDARY, tree.taiyuan)
        enrol(campaign, school)
        file(campaign, school, people["province"], for_day=DAY_ONE)
    with django_assert_max_num_queries(3):
        many = completeness_matrix(campaign, units)
    assert (len(few.rows), len(many.rows)) == (4, 24)
    assert many.total.late == 20


def test_a_unit_with_more_reports_than_a_packed_count_holds_is_counted_exactly(
    tree, campaign, people, clock_at
):
    clock_at("2021-05-22T09:00+08:00")
    first = file(campaign, tree.datong_school, people["datong"])
    Report.objects.bulk_create(
        Report(
            campaign=campaign,
            unit=tree.datong_school,
            title="批量",
            category=Category.NEWS,
            state=first.state,
            day=DAY_ONE,
            is_late=False,
            submitted_at=first.submitted_at,
        )
        for _ in range(300)
    )
    Report.objects.bulk_create(
        Report(
            campaign=campaign,
            unit=tree.datong_school,
            title="补报",
            category=Category.NEWS,
            state=first.state,
            day=DAY_TWO,
            is_late=True,
            submitted_at=first.submitted_at,
        )
        for _ in range(2)
    )
    matrix = completeness_matrix(
        campaign, Unit.objects.subtree(tree.province), moment=beijing(2021, 5, 24, 9, 0)
    )
    assert rows_by_name(matrix)["大同市第二职业中学"].cells[:3] == (REPORTED, LATE, TODAY)


# ---------- the page and the export ----------


def test_reviewers_see_the_matrix_with_legend_and_city_summary_a_school_gets_404(
    client, tree, campaign, people, clock_at
):
    clock_at("2021-05-22T09:00+08:00")
    file(campaign, tree.qingxu_school, people["qingxu"])
    clock_at("2021-05-23T09:00+08:00")

    client.force_login(people["qingxu"])
    assert client.get("/console/reports/completeness/").status_code == 404
    assert "报送完成情况" not in client.get("/console/").content.decode()  # not in the menu

    client.force_login(people["province"])
    assert "报送排名" in client.get("/console/").content.decode()
    page = client.get("/console/reports/completeness/").content.decode()
    for text in ("报送完成情况", "太原市教育局", "省直单位", "清徐县职业中学", "按时报送", "合计"):
        assert text in page, text
    assert 'data-day="2021-05-22" data-state="reported"' in page
    assert "25.0%" in page  # one of four units met day one; day two is still open
    direct = client.get("/console/reports/completeness/", {"group": "direct"}).content.decode()
    assert "山西职业技术学院" in direct and "清徐县职业中学" not in direct

    client.force_login(people["city"])
    page = client.get("/console/reports/completeness/").content.decode()
    assert "清徐县职业中学" in page and "大同市第二职业中学" not in page


def test_the_excel_export_has_a_symbol_per_cell_rates_and_the_groups(
    client, tree, campaign, people, clock_at
):
    clock_at("2021-05-22T09:00+08:00")
    file(campaign, tree.qingxu_school, people["qingxu"])
    clock_at("2021-05-24T09:00+08:00")
    file(campaign, tree.qingxu_school, people["qingxu"], for_day=DAY_TWO)

    client.force_login(people["province"])
    response = client.get("/console/reports/completeness/export/", {"group": tree.taiyuan.pk})
    assert response["Content-Disposition"].startswith('attachment; filename="completeness-')
    workbook = load_workbook(io.BytesIO(response.content))
    matrix_sheet, groups_sheet = workbook.worksheets
    assert campaign.title in matrix_sheet["A1"].value
    assert matrix_sheet.freeze_panes == "B4"
    rows = {row[0]: row for row in matrix_sheet.iter_rows(min_row=4, values_only=True)}
    assert set(rows) == {"清徐县职业中学", "太原市第一职业中学"}
    qingxu = rows["清徐县职业中学"]
    assert qingxu[:6] == ("清徐县职业中学", "太原市教育局", "市属中职学校", "✓", "迟", "○")
    assert (qingxu[-2], qingxu[-1]) == (1.0, 0.5)  # completeness, timeliness
    assert matrix_sheet.cell(row=4, column=4).fill.fgColor.rgb.endswith("E5F3EA")
    assert matrix_sheet.cell(row=4, column=16).number_format == "0.0%"
    header = [cell.value for cell in groups_sheet[3]]
    assert header[:3] == ["所属市", "单位数", "第1天 · 5月22日"] and header[-2:] == [
        "完成率",
        "及时率",
    ]
    group, total = groups_sheet.iter_rows(min_row=4, values_only=True)
    assert group[:4] == ("太原市教育局", 2, 1, 1) and total[0] == "合计"
    assert total[-2:] == (0.5, 0.25)
