"""Phases, report days and deadlines are computed in the campaign's time zone, to the minute."""

from datetime import date, time, timedelta

import pytest
from django.db import IntegrityError

from vocweek.campaigns import queries, services
from vocweek.campaigns.enums import Phase
from vocweek.campaigns.tests.factories import beijing, make_campaign
from vocweek.core import clock

SECOND = timedelta(seconds=1)


@pytest.mark.parametrize(
    ("moment", "phase"),
    [
        (beijing(2021, 5, 5, 23, 59, 59), Phase.SETUP),
        (beijing(2021, 5, 6, 0, 0), Phase.PLAN_WINDOW),
        (beijing(2021, 5, 15, 23, 59, 59), Phase.PLAN_WINDOW),
        (beijing(2021, 5, 21, 23, 59, 59), Phase.PLAN_WINDOW),
        (beijing(2021, 5, 22, 0, 0), Phase.WEEK),
        (beijing(2021, 5, 28, 23, 59, 59), Phase.WEEK),
        (beijing(2021, 5, 29, 0, 0), Phase.STATISTICS_WINDOW),
        (beijing(2021, 6, 4, 23, 59, 59), Phase.STATISTICS_WINDOW),
        (beijing(2021, 6, 5, 0, 0), Phase.ARCHIVED),
    ],
)
def test_phase_turns_at_midnight_beijing_time(campaign, moment, phase):
    assert campaign.phase_at(moment) == phase


def test_phase_does_not_follow_utc_midnight(campaign):
    # 2021-05-21 16:00 UTC is 5/22 00:00 in Beijing: the week has begun there.
    utc_moment = beijing(2021, 5, 22, 0, 0).astimezone(clock.ZoneInfo("UTC"))
    assert utc_moment.day == 21
    assert campaign.phase_at(utc_moment) == Phase.WEEK
    assert campaign.phase_at(utc_moment - SECOND) == Phase.PLAN_WINDOW


def test_report_just_before_midnight_counts_for_that_day(campaign):
    assert campaign.report_day(beijing(2021, 5, 22, 23, 59, 30)) == date(2021, 5, 22)
    assert campaign.report_day(beijing(2021, 5, 23, 0, 0, 10)) == date(2021, 5, 23)


def test_report_after_a_four_pm_cutoff_counts_for_the_next_day(tree):
    campaign = make_campaign(tree.province, daily_cutoff=time(16, 0))
    assert campaign.report_day(beijing(2021, 5, 22, 16, 0, 0)) == date(2021, 5, 22)
    assert campaign.report_day(beijing(2021, 5, 22, 16, 0, 1)) == date(2021, 5, 23)
    opens_at, due_at = queries.daily_window(campaign, date(2021, 5, 23))
    assert campaign.report_day(opens_at) == date(2021, 5, 23)
    assert campaign.report_day(due_at - timedelta(microseconds=1)) == date(2021, 5, 23)
    assert campaign.report_day(due_at) == date(2021, 5, 24)


def test_week_days_are_numbered_one_to_seven(campaign):
    assert campaign.days[0] == date(2021, 5, 22)
    assert campaign.days[-1] == date(2021, 5, 28)
    assert [campaign.day_number(day) for day in campaign.days] == [1, 2, 3, 4, 5, 6, 7]
    assert campaign.day_number(date(2021, 5, 29)) is None


def test_shifted_clock_starts_at_the_setting_and_runs_on(settings, monkeypatch):
    monkeypatch.delenv(clock.ANCHOR_VARIABLE, raising=False)
    settings.VOCWEEK_CLOCK_START = "2021-05-24T15:00+08:00"
    first = clock.now()
    assert beijing(2021, 5, 24, 15, 0) <= first < beijing(2021, 5, 24, 15, 1)
    assert clock.now() >= first
    assert clock.today("Asia/Shanghai") == date(2021, 5, 24)


def test_phase_now_follows_the_shifted_clock(campaign, settings, monkeypatch):
    monkeypatch.delenv(clock.ANCHOR_VARIABLE, raising=False)
    settings.VOCWEEK_CLOCK_START = "2021-05-15T23:59:30+08:00"
    assert queries.phase_now(campaign) == Phase.PLAN_WINDOW
    monkeypatch.delenv(clock.ANCHOR_VARIABLE, raising=False)
    settings.VOCWEEK_CLOCK_START = "2021-05-29T00:00:05+08:00"
    assert queries.phase_now(campaign) == Phase.STATISTICS_WINDOW


def test_only_one_campaign_is_current(tree, campaign):
    make_campaign(tree.province, year=2022, is_current=False)
    with pytest.raises(IntegrityError):
        make_campaign(tree.province, year=2023, is_current=True)


def test_making_a_campaign_current_releases_the_previous_one(tree, campaign):
    later = make_campaign(tree.province, year=2022, is_current=False)
    services.make_current(campaign=later)
    campaign.refresh_from_db()
    assert not campaign.is_current
    assert queries.current_campaign() == later
