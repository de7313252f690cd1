"""The demo calendar follows the platform's clock: nothing is published, registered or checked
in after it."""

from django.db.models import Max

from vocweek.activities.demo import load_demo_activities
from vocweek.activities.enums import ActivityState
from vocweek.activities.models import Activity, Registration
from vocweek.campaigns.demo import load_demo
from vocweek.core import clock


def _load(clock_at, moment: str):
    clock_at(moment)
    campaign = load_demo().campaign
    return load_demo_activities(campaign=campaign)


def test_before_the_units_publish_the_activities_are_drafts_without_visitors(db, clock_at):
    summary = _load(clock_at, "2021-05-10T10:00+08:00")

    assert summary.activities > 200
    assert set(Activity.objects.values_list("state", flat=True)) == {ActivityState.DRAFT}
    assert summary.registrations == 0


def test_during_the_week_nothing_happened_after_the_clock(db, clock_at):
    summary = _load(clock_at, "2021-05-24T15:00+08:00")
    now = clock.now()

    assert Activity.objects.filter(state=ActivityState.PUBLISHED).count() == summary.activities
    assert summary.registrations > 0
    latest = Registration.objects.aggregate(
        registered=Max("created_at"), checked_in=Max("checked_in_at")
    )
    assert latest["registered"] <= now and latest["checked_in"] <= now
    assert not Registration.objects.filter(
        checked_in_at__isnull=False, activity__starts_at__gt=now
    ).exists()


def test_on_a_publishing_day_some_activities_are_out_and_the_rest_are_drafts(db, clock_at):
    _load(clock_at, "2021-05-19T12:00+08:00")

    states = set(Activity.objects.values_list("state", flat=True))
    assert states == {ActivityState.DRAFT, ActivityState.PUBLISHED}
    assert not Registration.objects.filter(created_at__gt=clock.now()).exists()
