"""`vocweek scheduler --once` on the platform's clock: reminders at the campaign's reminder time,
bulletins at its bulletin time, each (job, day) enqueued once however often it looks."""

from datetime import date, time

import pytest
from django.core import mail
from django.core.management import call_command

from vocweek.notify.models import ScheduledRun
from vocweek.reports.models import Bulletin
from vocweek.reports.services import rules_for
from vocweek.reports.tests.week import enrol_reporting_schools, staff


@pytest.fixture
def week(tree, campaign):
    participations = enrol_reporting_schools(tree, campaign)
    return staff(tree, participations)


def runs() -> list[tuple[str, str]]:
    return sorted(ScheduledRun.objects.values_list("name", "key"))


def test_nothing_is_due_a_minute_before_the_reminder_time(campaign, week, clock_at):
    clock_at("2021-05-22T17:59:00+08:00")
    call_command("scheduler", "--once")
    assert runs() == [] and mail.outbox == []


def test_reminders_are_enqueued_once_after_the_reminder_time(campaign, week, clock_at):
    clock_at("2021-05-22T18:00:05+08:00")
    call_command("scheduler", "--once")
    assert runs() == [("reports.reminders", f"{campaign.pk}:2021-05-22")]
    reminded = len(mail.outbox)
    assert reminded == 4  # the immediate task backend ran the job: 清徐 ×2, 大同, 学院

    call_command("scheduler", "--once")
    assert len(runs()) == 1 and len(mail.outbox) == reminded


def test_the_campaigns_own_times_and_bulletins_catch_up_in_day_order(campaign, week, clock_at):
    rules = rules_for(campaign)
    rules.reminder_time, rules.bulletin_time = time(16, 0), time(19, 30)
    rules.save()
    clock_at("2021-05-24T16:00:01+08:00")
    call_command("scheduler", "--once")
    assert runs() == [
        ("reports.bulletin", f"{campaign.pk}:2021-05-22"),
        ("reports.bulletin", f"{campaign.pk}:2021-05-23"),
        ("reports.reminders", f"{campaign.pk}:2021-05-24"),
    ]
    assert [(b.number, b.day) for b in Bulletin.objects.order_by("number")] == [
        (1, date(2021, 5, 22)),
        (2, date(2021, 5, 23)),
    ]
    clock_at("2021-05-24T19:30:01+08:00")
    call_command("scheduler", "--once")
    assert Bulletin.objects.get(day=date(2021, 5, 24)).number == 3


def test_nothing_runs_before_the_week(campaign, week, clock_at):
    clock_at("2021-05-21T21:00+08:00")
    call_command("scheduler", "--once")
    assert runs() == []
