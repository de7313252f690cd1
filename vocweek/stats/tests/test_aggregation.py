"""Totals, report figures and who has filed, against hand-computed figures for the small tree."""

from decimal import Decimal

import pytest

from vocweek.campaigns.services import enrol_unit
from vocweek.reports.enums import Category, State
from vocweek.reports.models import Report
from vocweek.reports.queries import PROVINCE_DIRECT, PROVINCE_DIRECT_NAME
from vocweek.stats import queries
from vocweek.stats.definition import load_form
from vocweek.stats.demo import build_demo_form
from vocweek.stats.enums import ReturnState, Source
from vocweek.stats.models import StatReturn


def file_reports(campaign, unit, *states):
    for number, state in enumerate(states):
        Report.objects.create(
            campaign=campaign, unit=unit, title=f"信息{number}", category=Category.NEWS, state=state
        )


@pytest.fixture
def week(tree, campaign):
    """Five owing units; three returns count (two in Taiyuan, the college), two do not."""
    definition = load_form(build_demo_form(campaign=campaign))
    for unit in (tree.taiyuan, tree.taiyuan_school, tree.qingxu_school, tree.datong_school):
        enrol_unit(
            campaign=campaign,
            unit=unit,
            owes_plan=False,
            owes_daily_reports=False,
            owes_statistics=True,
        )
    enrol_unit(
        campaign=campaign,
        unit=tree.college,
        owes_plan=True,
        owes_daily_reports=True,
        owes_statistics=True,
    )
    returns = [
        (tree.taiyuan_school, ReturnState.CONFIRMED, 10, "1.25", 100),
        (tree.qingxu_school, ReturnState.SUBMITTED, 5, "0.5", 40),
        (tree.taiyuan, ReturnState.DRAFT, 99, "9", 999),
        (tree.datong_school, ReturnState.RETURNED, 50, "5", 500),
        (tree.college, ReturnState.CONFIRMED, 7, "2", 60),
    ]
    for unit, state, activities, online_views, students in returns:
        StatReturn.objects.create(
            campaign=campaign,
            unit=unit,
            state=state,
            values={
                "activities": activities,
                "online_views": online_views,
                "students": students,
                "highlights": "开放校园",
            },
        )
    file_reports(
        campaign, tree.taiyuan_school, State.SUBMITTED, State.ADOPTED, State.FEATURED, State.DRAFT
    )
    file_reports(campaign, tree.college, State.DECLINED)
    file_reports(campaign, tree.datong_school, State.FEATURED)
    return definition


def test_derived_figures_count_filed_adopted_and_featured_reports(tree, campaign):
    file_reports(
        campaign,
        tree.taiyuan_school,
        State.DRAFT,
        State.SUBMITTED,
        State.RETURNED,
        State.ADOPTED,
        State.FEATURED,
    )

    figures = queries.derived_figures(campaign, [tree.taiyuan_school.pk, tree.college.pk])

    assert figures == {
        tree.taiyuan_school.pk: {
            Source.REPORTS_FILED: 4,
            Source.REPORTS_ADOPTED: 2,
            Source.REPORTS_FEATURED: 1,
        },
        tree.college.pk: dict.fromkeys(Source.values, 0),
    }


def test_totals_sum_numeric_items_and_leave_out_text(campaign):
    definition = load_form(build_demo_form(campaign=campaign))

    summed = queries.totals(
        definition,
        [
            {"activities": 3, "online_views": "1.25", "highlights": "甲"},
            {"activities": "4", "online_views": Decimal("0.5"), "students": None},
        ],
    )

    assert summed["activities"] == 7
    assert summed["online_views"] == Decimal("1.75")
    assert summed["students"] == 0
    assert "highlights" not in summed


def test_aggregate_counts_submitted_and_confirmed_returns_by_city(
    tree, campaign, week, django_assert_num_queries
):
    with django_assert_num_queries(4):
        aggregate = queries.aggregate_by_city(week, campaign)

    by_key = {group.key: group for group in aggregate.groups}
    assert [group.name for group in aggregate.groups] == [
        "太原市教育局",
        "大同市教育局",
        str(PROVINCE_DIRECT_NAME),
    ]
    taiyuan = by_key[str(tree.taiyuan.pk)]
    assert (taiyuan.filed, taiyuan.missing) == (2, 1)
    assert taiyuan.totals["activities"] == 15
    assert taiyuan.totals["online_views"] == Decimal("1.75")
    assert taiyuan.totals["students"] == 140
    assert (
        taiyuan.totals["reports_filed"],
        taiyuan.totals["reports_adopted"],
        taiyuan.totals["reports_featured"],
    ) == (3, 2, 1)
    datong = by_key[str(tree.datong.pk)]
    assert (datong.filed, datong.missing, datong.totals["activities"]) == (0, 1, 0)
    assert datong.totals["reports_featured"] == 0
    direct = by_key[PROVINCE_DIRECT]
    assert (direct.filed, direct.missing, direct.totals["activities"]) == (1, 0, 7)
    assert (direct.totals["reports_filed"], direct.totals["reports_adopted"]) == (1, 0)
    assert (aggregate.filed, aggregate.missing) == (3, 2)
    assert aggregate.totals["activities"] == 22
    assert aggregate.totals["online_views"] == Decimal("3.75")
    assert aggregate.totals["reports_filed"] == 4


def test_returns_below_a_city_list_its_owing_units_with_their_state(tree, campaign, week):
    rows = queries.returns_below(campaign, tree.taiyuan)

    assert [(row.unit_name, row.state, row.is_filed) for row in rows] == [
        ("清徐县职业中学", ReturnState.SUBMITTED, True),
        ("太原市第一职业中学", ReturnState.CONFIRMED, True),
    ]
    assert [
        unit.name for unit in queries.units_without_confirmed_return(campaign, tree.taiyuan)
    ] == ["清徐县职业中学"]


def test_city_of_a_unit_is_the_city_bureau_above_it(tree):
    assert queries.city_of(tree.qingxu_school) == tree.taiyuan
    assert queries.city_of(tree.taiyuan) == tree.taiyuan
    assert queries.city_of(tree.college) is None
