"""Filing, reviewing and submitting statistics returns, on a real database with a shifted clock."""

import pytest
from django.utils import translation

from vocweek.campaigns.services import enrol_unit
from vocweek.core.models import AuditEntry
from vocweek.orgs.enums import Role, UnitKind
from vocweek.orgs.tests.factories import make_member, make_unit
from vocweek.reports.enums import Category, State
from vocweek.reports.models import Report
from vocweek.stats import services
from vocweek.stats.definition import load_form
from vocweek.stats.demo import build_demo_form
from vocweek.stats.enums import ReturnState
from vocweek.stats.models import CitySubmission, StatReturn

IN_THE_WINDOW = "2021-05-30T10:00+08:00"


def enrol(campaign, *units):
    for unit in units:
        enrol_unit(
            campaign=campaign,
            unit=unit,
            owes_plan=False,
            owes_daily_reports=False,
            owes_statistics=True,
        )


@pytest.fixture
def filing(tree, campaign, clock_at):
    """The window is open; the demo table; Taiyuan's schools, Datong's and the college owe it."""
    clock_at(IN_THE_WINDOW)
    definition = load_form(build_demo_form(campaign=campaign))
    enrol(campaign, tree.taiyuan, tree.taiyuan_school, tree.qingxu_school, tree.datong_school)
    enrol(campaign, tree.college)
    people = {
        "school": make_member(tree.taiyuan_school, Role.UNIT_REPORTER),
        "qingxu": make_member(tree.qingxu_school, Role.UNIT_REPORTER),
        "city": make_member(tree.taiyuan, Role.CITY_REVIEWER),
        "province": make_member(tree.province, Role.PROVINCE_REVIEWER),
    }
    return definition, people


def complete(definition, **overrides):
    values = {
        item.key: ("0" if item.is_numeric else "王老师")
        for item in definition.fields
        if not item.source
    }
    values.update(overrides)
    return values


def submitted(campaign, unit, definition, actor):
    return services.submit_return(
        campaign=campaign, unit=unit, actor=actor, raw=complete(definition)
    )


def test_first_save_creates_a_draft_with_clean_values(tree, campaign, filing):
    _definition, people = filing

    stat_return = services.save_return(
        campaign=campaign,
        unit=tree.taiyuan_school,
        raw={"activities": "１２", "online_views": "0.5", "reports_filed": "80"},
        actor=people["school"],
    )

    assert stat_return.state == ReturnState.DRAFT
    assert stat_return.values == {"activities": 12, "online_views": "0.5"}
    assert AuditEntry.objects.filter(action="stat_return.save").count() == 1


def test_a_later_save_needs_the_version_the_unit_saw(tree, campaign, filing):
    _definition, people = filing
    first = services.save_return(
        campaign=campaign, unit=tree.taiyuan_school, raw={"activities": "1"}, actor=people["school"]
    )
    services.save_return(
        campaign=campaign,
        unit=tree.taiyuan_school,
        raw={"activities": "2"},
        actor=people["school"],
        version=first.version,
    )

    with pytest.raises(services.StatsConflict):
        services.save_return(
            campaign=campaign,
            unit=tree.taiyuan_school,
            raw={"activities": "3"},
            actor=people["school"],
            version=first.version,
        )
    assert StatReturn.objects.get(unit=tree.taiyuan_school).values == {"activities": 2}


def test_invalid_figures_are_not_saved_and_errors_are_keyed_by_item(tree, campaign, filing):
    _definition, people = filing

    with pytest.raises(services.StatsInvalid) as refused:
        services.save_return(
            campaign=campaign,
            unit=tree.taiyuan_school,
            raw={"activities": "-1", "students": "5", "teachers_students": "3"},
            actor=people["school"],
        )

    assert set(refused.value.errors) == {"activities", "students"}
    assert not StatReturn.objects.exists()


@pytest.mark.parametrize(
    ("moment", "fragment"),
    [
        ("2021-05-28T23:59+08:00", "opens when the week is over"),
        ("2021-06-05T00:00+08:00", "deadline"),
    ],
)
def test_returns_are_filed_only_in_the_statistics_window(
    tree, campaign, filing, clock_at, moment, fragment
):
    _definition, people = filing
    clock_at(moment)

    with translation.override("en"), pytest.raises(services.StatsError) as refused:
        services.save_return(
            campaign=campaign, unit=tree.taiyuan_school, raw={}, actor=people["school"]
        )

    assert fragment in str(refused.value)


def test_a_unit_that_owes_no_table_cannot_file_one(tree, campaign, filing):
    with pytest.raises(services.StatsError):
        services.save_return(campaign=campaign, unit=tree.qingxu, raw={}, actor=None)


def test_submission_stores_clean_figures_but_never_the_report_figures(tree, campaign, filing):
    definition, people = filing
    Report.objects.create(
        campaign=campaign,
        unit=tree.taiyuan_school,
        title="开放日",
        category=Category.NEWS,
        state=State.SUBMITTED,
    )
    raw = complete(
        definition,
        activities="1,200",
        activities_offline="1000",
        activities_online="200",
        online_views="２.５",
    )

    stat_return = services.submit_return(
        campaign=campaign, unit=tree.taiyuan_school, actor=people["school"], raw=raw
    )

    assert stat_return.state == ReturnState.SUBMITTED
    assert stat_return.submitted_by == people["school"]
    assert stat_return.values["activities"] == 1200
    assert stat_return.values["online_views"] == "2.5"
    assert "reports_filed" not in stat_return.values


def test_an_incomplete_return_cannot_be_submitted(tree, campaign, filing):
    _definition, people = filing
    draft = services.save_return(
        campaign=campaign, unit=tree.taiyuan_school, raw={"activities": "3"}, actor=people["school"]
    )

    with pytest.raises(services.StatsInvalid) as refused:
        services.submit_return(
            campaign=campaign,
            unit=tree.taiyuan_school,
            actor=people["school"],
            version=draft.version,
        )

    assert "filled_by" in refused.value.errors
    assert StatReturn.objects.get(pk=draft.pk).state == ReturnState.DRAFT


def test_a_saved_draft_is_submitted_as_it_stands(tree, campaign, filing):
    definition, people = filing
    draft = services.save_return(
        campaign=campaign,
        unit=tree.taiyuan_school,
        raw=complete(definition, online_views="1.5"),
        actor=people["school"],
    )

    stat_return = services.submit_return(
        campaign=campaign, unit=tree.taiyuan_school, actor=people["school"], version=draft.version
    )

    assert stat_return.state == ReturnState.SUBMITTED
    assert stat_return.values["online_views"] == "1.5"


def test_confirming_twice_is_a_conflict(tree, campaign, filing):
    definition, people = filing
    stat_return = submitted(campaign, tree.taiyuan_school, definition, people["school"])
    seen = stat_return.version

    confirmed = services.confirm_return(stat_return=stat_return, actor=people["city"], version=seen)

    assert confirmed.state == ReturnState.CONFIRMED
    assert confirmed.reviewed_by == people["city"]
    with pytest.raises(services.StatsConflict):
        services.confirm_return(stat_return=confirmed, actor=people["city"], version=seen)


def test_a_returned_return_is_edited_and_submitted_again(tree, campaign, filing):
    definition, people = filing
    stat_return = submitted(campaign, tree.taiyuan_school, definition, people["school"])
    with pytest.raises(services.StatsError):
        services.send_back_return(
            stat_return=stat_return, actor=people["city"], version=stat_return.version, note=" "
        )

    returned = services.send_back_return(
        stat_return=stat_return,
        actor=people["city"],
        version=stat_return.version,
        note="活动场次偏少，请核实。",
    )
    assert (returned.state, returned.return_note) == (
        ReturnState.RETURNED,
        "活动场次偏少，请核实。",
    )

    again = services.submit_return(
        campaign=campaign,
        unit=tree.taiyuan_school,
        actor=people["school"],
        raw=complete(definition, activities="9", activities_offline="9"),
        version=returned.version,
    )

    assert (again.state, again.values["activities"], again.return_note) == (
        ReturnState.SUBMITTED,
        9,
        "",
    )
    assert list(
        AuditEntry.objects.filter(action__startswith="stat_return.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "stat_return.create",
        "stat_return.save",
        "stat_return.submit",
        "stat_return.send_back",
        "stat_return.save",
        "stat_return.submit",
    ]


def test_a_submitted_return_cannot_be_saved_over(tree, campaign, filing):
    definition, people = filing
    stat_return = submitted(campaign, tree.taiyuan_school, definition, people["school"])

    with pytest.raises(services.StatsConflict):
        services.save_return(
            campaign=campaign,
            unit=tree.taiyuan_school,
            raw={},
            actor=people["school"],
            version=stat_return.version,
        )


def test_a_city_is_submitted_only_when_every_unit_below_is_confirmed(tree, campaign, filing):
    definition, people = filing
    first = submitted(campaign, tree.taiyuan_school, definition, people["school"])
    services.confirm_return(stat_return=first, actor=people["city"], version=first.version)

    with translation.override("en"), pytest.raises(services.StatsError) as refused:
        services.submit_city(campaign=campaign, city=tree.taiyuan, actor=people["city"])
    assert str(refused.value) == "Not every unit has a confirmed return yet: 清徐县职业中学."

    second = submitted(campaign, tree.qingxu_school, definition, people["qingxu"])
    services.confirm_return(stat_return=second, actor=people["city"], version=second.version)
    submission = services.submit_city(campaign=campaign, city=tree.taiyuan, actor=people["city"])

    assert submission.submitted_by == people["city"]
    with pytest.raises(services.StatsError):
        services.submit_city(campaign=campaign, city=tree.taiyuan, actor=people["city"])
    assert CitySubmission.objects.filter(campaign=campaign, city=tree.taiyuan).count() == 1


def test_a_city_with_many_missing_units_names_five_and_counts_the_rest(tree, campaign, filing):
    _definition, people = filing
    extra = [
        make_unit(f"太原市第{n}职业中学", UnitKind.CITY_SECONDARY, tree.taiyuan)
        for n in range(2, 7)
    ]
    enrol(campaign, *extra)

    with translation.override("en"), pytest.raises(services.StatsError) as refused:
        services.submit_city(campaign=campaign, city=tree.taiyuan, actor=people["city"])

    message = str(refused.value)
    assert message.endswith(" and 2 more.")
    assert message.count("、") == 4


def test_nothing_is_sent_back_once_the_city_has_submitted(tree, campaign, filing):
    definition, people = filing
    confirmed = []
    for unit, actor in ((tree.taiyuan_school, "school"), (tree.qingxu_school, "qingxu")):
        stat_return = submitted(campaign, unit, definition, people[actor])
        confirmed.append(
            services.confirm_return(
                stat_return=stat_return, actor=people["city"], version=stat_return.version
            )
        )
    services.submit_city(campaign=campaign, city=tree.taiyuan, actor=people["city"])

    with pytest.raises(services.StatsError):
        services.send_back_return(
            stat_return=confirmed[0],
            actor=people["city"],
            version=confirmed[0].version,
            note="请修改",
        )
    assert StatReturn.objects.get(pk=confirmed[0].pk).state == ReturnState.CONFIRMED
