"""The ranking (信息报送排名): points from the scoring table, the highest adoption counted once,
shared ranks, the units without reports, the page and the Excel export."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from vocweek.campaigns.tests.factories import beijing
from vocweek.orgs.models import Unit
from vocweek.reports import services
from vocweek.reports.enums import AdoptionLevel
from vocweek.reports.queries import completeness_matrix, reporting_ranking
from vocweek.reports.tests.reporting_week import file, schools_and_staff

DAY_FOUR_MORNING = beijing(2021, 5, 25, 9, 0)


@pytest.fixture
def people(tree, campaign):
    return schools_and_staff(tree, campaign)


@pytest.fixture
def week(tree, campaign, people, clock_at):
    """Three days filed: the college with adoptions and a late day, two schools that tie, and
    大同 without a single report."""
    reviewer = people["province"]
    for number, day in enumerate(("22", "23", "24")):
        clock_at(f"2021-05-{day}T10:00+08:00")
        file(campaign, tree.qingxu_school, people["qingxu"])
        file(campaign, tree.taiyuan_school, people["taiyuan"])
        if number < 2:
            report = file(campaign, tree.college, people["college"])
            level = (AdoptionLevel.PROVINCE_PLATFORM, AdoptionLevel.PROVINCIAL_MEDIA)[number]
            report = services.adopt_report(
                report=report, actor=reviewer, version=report.version, level=level
            )
            if number == 0:  # used again by central media: only the highest level scores
                services.record_adoption(
                    report=report, actor=reviewer, level=AdoptionLevel.CENTRAL_MEDIA
                )
            else:
                services.feature_report(report=report, actor=reviewer, version=report.version)
    clock_at("2021-05-25T08:00+08:00")
    file(campaign, tree.college, people["college"], for_day=date(2021, 5, 24))  # 补报
    return people


def test_points_follow_the_scoring_table_and_a_report_scores_its_highest_adoption_once(
    tree, campaign, week
):
    ranking = reporting_ranking(
        campaign, Unit.objects.subtree(tree.province), moment=DAY_FOUR_MORNING
    )
    college = ranking.rows[0]
    assert (college.name, college.rank) == ("山西职业技术学院", 1)
    assert (college.filed, college.days_met, college.days_late, college.days_missing) == (
        3,
        2,
        1,
        0,
    )
    assert college.adopted_by_level == {
        AdoptionLevel.PROVINCE_PLATFORM: 0,
        AdoptionLevel.PROVINCIAL_MEDIA: 1,
        AdoptionLevel.CENTRAL_MEDIA: 1,
    }
    assert (college.adopted, college.featured) == (2, 1)
    # 2 days × 2 + 1 late day × 1 + 3 reports × 1 + central 20 + provincial 10 + featured 5
    assert college.points == 43


def test_equal_points_share_a_rank_and_units_without_reports_are_named(tree, campaign, week):
    ranking = reporting_ranking(
        campaign, Unit.objects.subtree(tree.province), moment=DAY_FOUR_MORNING
    )
    assert [(row.rank, row.name, row.points) for row in ranking.rows] == [
        (1, "山西职业技术学院", 43),
        (2, "太原市第一职业中学", 9),
        (2, "清徐县职业中学", 9),
        (4, "大同市第二职业中学", -6),
    ]
    assert ranking.unreported == ["大同市第二职业中学"]


def test_the_campaigns_own_scoring_table_decides(tree, campaign, week):
    rules = services.rules_for(campaign)
    rules.points_per_missing_day = -10
    rules.points_central_media = 80
    rules.points_per_featured = 0
    rules.save()
    ranking = reporting_ranking(
        campaign, Unit.objects.subtree(tree.province), moment=DAY_FOUR_MORNING
    )
    points = {row.name: row.points for row in ranking.rows}
    assert points["山西职业技术学院"] == 2 * 2 + 1 + 3 + 80 + 10
    assert points["大同市第二职业中学"] == -30


def test_the_ranking_reads_the_rules_and_the_adoptions_in_two_queries_more_than_the_matrix(
    tree, campaign, week, django_assert_num_queries
):
    units = Unit.objects.subtree(tree.province)
    with django_assert_num_queries(3):
        completeness_matrix(campaign, units, moment=DAY_FOUR_MORNING)
    with django_assert_num_queries(5):
        reporting_ranking(campaign, units, moment=DAY_FOUR_MORNING)


def test_a_city_reviewer_ranks_its_own_units_only(tree, campaign, week):
    ranking = reporting_ranking(
        campaign, Unit.objects.visible_to(week["city"]), moment=DAY_FOUR_MORNING
    )
    assert [(row.rank, row.name) for row in ranking.rows] == [
        (1, "太原市第一职业中学"),
        (1, "清徐县职业中学"),
    ]
    assert ranking.unreported == []


def test_the_ranking_page_shows_the_scoring_table_and_the_units_without_reports(
    client, tree, campaign, week
):
    client.force_login(week["qingxu"])
    assert client.get("/console/reports/ranking/").status_code == 404

    client.force_login(week["province"])
    page = client.get("/console/reports/ranking/").content.decode()
    for text in (
        "报送排名",
        "计分办法",
        "山西职业技术学院",
        "未报送单位（1个）",
        "大同市第二职业中学",
    ):
        assert text in page, text


def test_the_ranking_export_lists_ranks_points_and_the_units_without_reports(
    client, tree, campaign, week
):
    client.force_login(week["province"])
    response = client.get("/console/reports/ranking/export/")
    workbook = load_workbook(io.BytesIO(response.content))
    ranking_sheet, unreported_sheet = workbook.worksheets
    assert ranking_sheet.title == "排名" and ranking_sheet.freeze_panes == "C4"
    header = [cell.value for cell in ranking_sheet[3]]
    assert header[:4] == ["名次", "单位", "所属市", "报送稿件数"] and header[-1] == "积分"
    first = next(ranking_sheet.iter_rows(min_row=4, values_only=True))
    assert first[:4] == (1, "山西职业技术学院", "省直单位", 3) and first[-1] == 43
    names = [row[0] for row in unreported_sheet.iter_rows(min_row=4, values_only=True)]
    assert names == ["大同市第二职业中学"]
