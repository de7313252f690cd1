"""Registrations under a burst: real threads, each with its own database connection, released
together. Places are exact, nobody is lost or counted twice, and the waiting list keeps its order."""

from collections.abc import Callable

import pytest
from django.db import connection

from vocweek.activities import services
from vocweek.activities.enums import RegistrationState
from vocweek.activities.models import Activity, Registration
from vocweek.activities.tests.factories import make_activity, mobile

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # The SQLite test database is in memory with a shared cache, whose table locks fail at once
    # ("database table is locked") instead of waiting out the busy timeout; the file database of
    # the embedded profile waits (BEGIN IMMEDIATE, timeout 20 s) — `python -m bench activities`
    # measures that case with threads.
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="threads on SQLite's in-memory test database fail with 'database table is locked'",
    ),
]

BURST = 50
PLACES = 20


@pytest.fixture(autouse=True)
def before_the_week(clock_at):
    clock_at("2021-05-20T10:00+08:00")


def registering(activity: Activity, number: int) -> Callable[[], services.Registered]:
    return lambda: services.register(
        activity_id=activity.pk, name=f"访客{number}", mobile=mobile(number)
    )


@pytest.fixture
def full_activity(tree, campaign, all_at_once) -> Activity:
    """An activity of 20 places after a burst of 50 registrations."""
    activity = make_activity(campaign, tree.taiyuan_school, capacity=PLACES)
    results = all_at_once([registering(activity, number) for number in range(BURST)])
    failures = [result for result in results if isinstance(result, Exception)]
    assert failures == []
    assert all(result.created for result in results)
    return activity


def test_a_burst_of_registrations_fills_the_places_exactly(full_activity):
    registrations = Registration.objects.filter(activity=full_activity)
    mobiles = list(registrations.values_list("mobile", flat=True))

    assert len(mobiles) == BURST
    assert len(set(mobiles)) == BURST
    assert registrations.filter(state=RegistrationState.CONFIRMED).count() == PLACES
    assert registrations.filter(state=RegistrationState.WAITING).count() == BURST - PLACES
    full_activity.refresh_from_db()
    assert full_activity.confirmed_places == PLACES
    assert full_activity.waiting_places == BURST - PLACES
    # The first twenty rows written are the confirmed ones: the queue is the order of arrival.
    in_order = list(registrations.order_by("pk").values_list("state", flat=True))
    assert in_order == [RegistrationState.CONFIRMED] * PLACES + [RegistrationState.WAITING] * (
        BURST - PLACES
    )


def test_cancelling_five_at_once_moves_exactly_the_first_five_waiting_up(
    full_activity, all_at_once
):
    registrations = Registration.objects.filter(activity=full_activity).order_by("pk")
    confirmed = list(registrations.filter(state=RegistrationState.CONFIRMED))
    waiting = list(
        registrations.filter(state=RegistrationState.WAITING).values_list("pk", flat=True)
    )
    leaving = confirmed[3:8]

    results = all_at_once(
        [
            lambda token=registration.token: services.cancel_registration(token=token)
            for registration in leaving
        ]
    )

    assert [result for result in results if isinstance(result, Exception)] == []
    now_confirmed = set(
        registrations.filter(state=RegistrationState.CONFIRMED).values_list("pk", flat=True)
    )
    assert now_confirmed == (
        {registration.pk for registration in confirmed} - {r.pk for r in leaving}
    ) | set(waiting[:5])
    assert (
        list(registrations.filter(state=RegistrationState.WAITING).values_list("pk", flat=True))
        == waiting[5:]
    )
    assert registrations.filter(state=RegistrationState.CANCELLED).count() == 5
    full_activity.refresh_from_db()
    assert full_activity.confirmed_places == PLACES
    assert full_activity.waiting_places == BURST - PLACES - 5


def test_the_same_mobile_twenty_times_at_once_registers_once(tree, campaign, all_at_once):
    activity = make_activity(campaign, tree.taiyuan_school, capacity=PLACES)

    results = all_at_once(
        [
            lambda: services.register(activity_id=activity.pk, name="李四", mobile=mobile(7))
            for _repeat in range(20)
        ]
    )

    assert [result for result in results if isinstance(result, Exception)] == []
    assert sum(result.created for result in results) == 1
    assert {result.registration.pk for result in results} == {
        Registration.objects.get(activity=activity).pk
    }
    activity.refresh_from_db()
    assert (activity.confirmed_places, activity.waiting_places) == (1, 0)
