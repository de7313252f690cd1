"""Votes under a burst: real threads, each with its own database connection, released together.
A daily limit holds exactly however many requests arrive at once."""

import pytest
from django.db import OperationalError, connection

from vocweek.voting import services
from vocweek.voting.models import Vote
from vocweek.voting.services import VotingError
from vocweek.voting.tests.factories import candidates, make_selection, vote

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # As in vocweek/activities/tests/test_concurrency.py: SQLite's in-memory test database is
    # shared-cache, whose table locks fail at once instead of waiting out the busy timeout.
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="threads on SQLite's in-memory test database fail with 'database table is locked'",
    ),
]


@pytest.fixture(autouse=True)
def during_the_week(clock_at):
    clock_at("2021-05-24T10:00+08:00")


def test_thirty_votes_at_once_for_one_candidate_by_one_voter_count_once(campaign, all_at_once):
    selection = make_selection(campaign, votes_per_candidate_per_day=1)
    xiaoming, _hong = candidates(selection)

    results = all_at_once([lambda: vote(selection, xiaoming) for _repeat in range(30)])

    stored = [result for result in results if isinstance(result, Vote)]
    refusals = [result for result in results if isinstance(result, VotingError)]
    assert len(stored) == 1
    assert len(refusals) == 29, [r for r in results if not isinstance(r, Vote | VotingError)]
    assert Vote.objects.filter(selection=selection).count() == 1
    xiaoming.refresh_from_db()
    assert xiaoming.votes == 1


def test_forty_voters_at_once_from_one_network_stop_at_its_limit(campaign, all_at_once):
    selection = make_selection(campaign, votes_per_network_per_day=25)
    xiaoming, _hong = candidates(selection)

    results = all_at_once(
        [
            lambda number=number: vote(
                selection,
                xiaoming,
                voter=number,
                address=f"203.0.113.{number + 1}",
                device=f"phone-{number}",
            )
            for number in range(40)
        ]
    )

    refusals = [result for result in results if isinstance(result, VotingError)]
    assert [r for r in results if not isinstance(r, Vote | VotingError)] == []
    assert len(refusals) == 15
    assert Vote.objects.filter(selection=selection).count() == 25
    xiaoming.refresh_from_db()
    assert xiaoming.votes == 25
    assert all(line.agrees for line in services.recount(selection=selection))


def test_one_ballot_sent_twenty_times_at_once_counts_once(campaign, all_at_once):
    selection = make_selection(campaign, votes_per_day=30, votes_per_candidate_per_day=30)
    xiaoming, _hong = candidates(selection)

    results = all_at_once(
        [lambda: vote(selection, xiaoming, token="double-tap") for _ in range(20)]
    )

    stored = [result for result in results if isinstance(result, Vote)]
    repeats = [result for result in results if isinstance(result, services.AlreadyCounted)]
    assert len(stored) == 1 and len(repeats) == 19, results
    xiaoming.refresh_from_db()
    assert xiaoming.votes == 1 == Vote.objects.filter(selection=selection).count()


def test_a_vote_while_the_candidate_row_is_held_fails_fast_and_counts_nothing(campaign, row_held):
    selection = make_selection(campaign)
    xiaoming, _hong = candidates(selection)

    with row_held(xiaoming, wait_ms=300), pytest.raises(OperationalError):
        vote(selection, xiaoming)  # the view answers this with 503 "busy, try again"

    assert not Vote.objects.filter(selection=selection).exists()
    xiaoming.refresh_from_db()
    assert xiaoming.votes == 0
