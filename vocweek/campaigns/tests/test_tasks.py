"""What a unit owes, by when, as its liaison sees it on the console home."""

from datetime import date, time

from vocweek.campaigns import queries, services
from vocweek.campaigns.enums import Obligation
from vocweek.campaigns.tests.factories import beijing, make_campaign


def enrol(campaign, unit, **owes):
    defaults = {"owes_plan": False, "owes_daily_reports": False, "owes_statistics": False}
    return services.enrol_unit(campaign=campaign, unit=unit, **(defaults | owes))


def test_school_owes_plan_seven_daily_reports_and_statistics_in_due_order(tree, campaign):
    participation = enrol(
        campaign, tree.college, owes_plan=True, owes_daily_reports=True, owes_statistics=True
    )
    tasks = queries.tasks_for(participation, beijing(2021, 5, 24, 15, 0))
    assert [task.obligation for task in tasks] == (
        [Obligation.PLAN] + [Obligation.DAILY_REPORTS] * 7 + [Obligation.STATISTICS]
    )
    plan, *daily, statistics = tasks
    assert plan.due_at == beijing(2021, 5, 16, 0, 0)
    assert plan.state == "closed"
    assert [task.day for task in daily] == campaign.days
    assert [task.state for task in daily] == ["closed", "closed", "due_today"] + ["upcoming"] * 4
    assert statistics.due_at == beijing(2021, 6, 5, 0, 0)
    assert statistics.state == "upcoming"
    assert str(plan.due_at.tzinfo) == "Asia/Shanghai"


def test_plan_task_is_due_today_on_the_last_day_and_closed_one_second_after(tree, campaign):
    participation = enrol(campaign, tree.taiyuan, owes_plan=True)
    (plan,) = queries.tasks_for(participation, beijing(2021, 5, 15, 23, 59, 59))
    assert plan.state == "due_today"
    (plan,) = queries.tasks_for(participation, beijing(2021, 5, 16, 0, 0, 0))
    assert plan.state == "closed"
    (plan,) = queries.tasks_for(participation, beijing(2021, 5, 10, 9, 0))
    assert plan.state == "open"


def test_daily_report_task_follows_a_four_pm_cutoff(tree):
    campaign = make_campaign(tree.province, daily_cutoff=time(16, 0))
    participation = enrol(campaign, tree.taiyuan_school, owes_daily_reports=True)
    tasks = queries.tasks_for(participation, beijing(2021, 5, 22, 16, 30))
    first, second = tasks[0], tasks[1]
    assert first.day == date(2021, 5, 22) and first.state == "closed"
    assert second.day == date(2021, 5, 23) and second.state == "open"


def test_co_organiser_that_owes_nothing_has_no_tasks(tree, campaign):
    assert queries.tasks_for(enrol(campaign, tree.union)) == []


def test_enrolling_twice_changes_nothing_and_changes_are_audited(tree, campaign):
    from vocweek.core.models import AuditEntry

    enrol(campaign, tree.college, owes_plan=True)
    enrol(campaign, tree.college, owes_plan=True)
    assert AuditEntry.objects.filter(action__startswith="participation").count() == 1
    enrol(campaign, tree.college, owes_plan=False, owes_statistics=True)
    change = AuditEntry.objects.get(action="participation.change")
    assert change.before == {"owes_plan": True, "owes_statistics": False}
    assert change.after == {"owes_plan": False, "owes_statistics": True}
