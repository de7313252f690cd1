"""The rules a voter meets (daily limits, network rules, opening times, verified mobiles) and the
organiser's audit (invalidation, recount, bursts), all through the services."""

import re
from datetime import timedelta

import pytest
from django.utils.translation import gettext as _

from vocweek.notify.enums import ChannelName
from vocweek.notify.models import Delivery
from vocweek.voting import services
from vocweek.voting.enums import FlagState, NetworkRuleKind
from vocweek.voting.models import Flag, Invalidation, Vote
from vocweek.voting.services import VotingError
from vocweek.voting.tests.factories import (
    beijing,
    candidates,
    make_candidate,
    make_organiser,
    make_selection,
    mobile,
    vote,
)

NETWORK_LIMIT = _("Too many votes from your network today.")
DEVICE_LIMIT = _("Too many votes from this device today.")
BLOCKED = _("Votes from this network are not accepted.")
NOT_OPEN = _("This selection is not open for voting.")


def daily_limit(limit: int) -> str:
    return _("You have used today's %(limit)d votes; come back tomorrow.") % {"limit": limit}


def candidate_limit(name: str) -> str:
    return _("You have voted for %(name)s as often as allowed today.") % {"name": name}


def refused(call, message: str) -> None:
    with pytest.raises(VotingError) as refusal:
        call()
    assert str(refusal.value) == message


def counts(selection) -> dict[str, int]:
    """What the ranking shows: each candidate's stored count."""
    return {candidate.name: candidate.votes for candidate in candidates(selection)}


@pytest.fixture(autouse=True)
def during_the_week(clock_at):
    clock_at("2021-05-24T10:00+08:00")


@pytest.fixture
def organiser(campaign):
    return make_organiser(campaign)


# --- Daily limits -------------------------------------------------------------------------------


def test_second_vote_for_a_candidate_is_refused_by_name_the_same_day(campaign):
    selection = make_selection(campaign, votes_per_candidate_per_day=1)
    xiaoming, hong = candidates(selection)
    vote(selection, xiaoming)

    with pytest.raises(VotingError) as refusal:
        vote(selection, xiaoming)

    assert "张晓明" in str(refusal.value)
    assert str(refusal.value) == candidate_limit("张晓明")
    vote(selection, hong)  # another candidate is still open to the same voter
    assert counts(selection) == {"张晓明": 1, "李红": 1}


def test_vote_for_a_candidate_is_allowed_again_the_next_day_in_beijing_time(campaign, clock_at):
    selection = make_selection(campaign, votes_per_candidate_per_day=1)
    xiaoming, _hong = candidates(selection)
    vote(selection, xiaoming)
    clock_at("2021-05-24T23:59:30+08:00")
    refused(lambda: vote(selection, xiaoming), candidate_limit("张晓明"))

    # Still 5/24 in UTC, already 5/25 in the campaign's time zone.
    clock_at("2021-05-25T00:00:30+08:00")
    vote(selection, xiaoming)

    assert counts(selection)["张晓明"] == 2
    assert sorted(Vote.objects.values_list("day", flat=True)) == [
        beijing(2021, 5, 24).date(),
        beijing(2021, 5, 25).date(),
    ]


def test_daily_votes_are_limited_per_voter_across_candidates(campaign):
    selection = make_selection(
        campaign, names=("甲", "乙", "丙", "丁"), votes_per_day=3, votes_per_candidate_per_day=1
    )
    first, second, third, fourth = candidates(selection)
    for candidate in (first, second, third):
        vote(selection, candidate)

    refused(lambda: vote(selection, fourth), daily_limit(3))

    assert counts(selection) == {"甲": 1, "乙": 1, "丙": 1, "丁": 0}
    vote(selection, fourth, voter=2)  # another voter is not held by the first one's limit
    assert counts(selection)["丁"] == 1


def test_votes_from_one_network_are_limited_per_day(campaign):
    selection = make_selection(campaign, votes_per_network_per_day=3)
    xiaoming, _hong = candidates(selection)
    for number in (1, 2, 3):
        vote(selection, xiaoming, voter=number, address=f"203.0.113.{number}", device=f"d{number}")

    # The same /24, another address, another voter and device: still the same network.
    refused(
        lambda: vote(selection, xiaoming, voter=4, address="203.0.113.200", device="d4"),
        NETWORK_LIMIT,
    )
    vote(selection, xiaoming, voter=4, address="198.51.100.9", device="d4")

    assert counts(selection)["张晓明"] == 4


def test_an_allowed_network_is_not_held_by_the_network_limit(campaign, organiser):
    selection = make_selection(campaign, votes_per_network_per_day=3)
    services.set_network_rule(
        selection=selection, actor=organiser, network="203.0.113.0/24", kind=NetworkRuleKind.ALLOW
    )
    xiaoming, _hong = candidates(selection)

    for number in range(1, 7):
        vote(selection, xiaoming, voter=number, device=f"d{number}")

    assert counts(selection)["张晓明"] == 6


def test_a_blocked_network_refuses_every_vote(campaign, organiser):
    selection = make_selection(campaign)
    services.set_network_rule(
        selection=selection, actor=organiser, network="203.0.113.0/24", kind=NetworkRuleKind.BLOCK
    )
    xiaoming, _hong = candidates(selection)

    refused(lambda: vote(selection, xiaoming, address="203.0.113.7"), BLOCKED)
    refused(lambda: vote(selection, xiaoming, voter=2, address="203.0.113.250"), BLOCKED)
    vote(selection, xiaoming, voter=3, address="198.51.100.9")

    assert Vote.objects.filter(network="203.0.113.0/24").count() == 0
    assert counts(selection)["张晓明"] == 1


def test_a_rule_narrower_than_the_networks_votes_are_counted_by_is_refused(campaign, organiser):
    selection = make_selection(campaign)

    with pytest.raises(services.VotingError, match="/24"):
        services.set_network_rule(
            selection=selection,
            actor=organiser,
            network="203.0.113.0/28",
            kind=NetworkRuleKind.BLOCK,
        )
    assert not selection.network_rules.exists()


def test_the_most_specific_network_rule_wins(campaign, organiser):
    selection = make_selection(campaign, votes_per_network_per_day=1)
    for network, kind in [
        ("203.0.0.0/16", NetworkRuleKind.ALLOW),
        ("203.0.113.0/24", NetworkRuleKind.BLOCK),
        ("198.51.0.0/16", NetworkRuleKind.BLOCK),
        ("198.51.100.0/24", NetworkRuleKind.ALLOW),
    ]:
        services.set_network_rule(selection=selection, actor=organiser, network=network, kind=kind)
    xiaoming, _hong = candidates(selection)

    # Blocked /24 inside an allowed /16: blocked.
    refused(lambda: vote(selection, xiaoming, voter=1, address="203.0.113.7"), BLOCKED)
    # Elsewhere in the allowed /16: beyond the network limit of 1.
    vote(selection, xiaoming, voter=2, address="203.0.114.7", device="d2")
    vote(selection, xiaoming, voter=3, address="203.0.114.8", device="d3")
    # Allowed /24 inside a blocked /16: allowed, beyond the network limit.
    vote(selection, xiaoming, voter=4, address="198.51.100.1", device="d4")
    vote(selection, xiaoming, voter=5, address="198.51.100.2", device="d5")
    # Elsewhere in the blocked /16: blocked.
    refused(lambda: vote(selection, xiaoming, voter=6, address="198.51.101.1"), BLOCKED)

    assert counts(selection)["张晓明"] == 4


def test_votes_from_one_device_are_limited_per_day(campaign):
    selection = make_selection(campaign, votes_per_device_per_day=2)
    xiaoming, _hong = candidates(selection)
    vote(selection, xiaoming, voter=1, device="shared-phone")
    vote(selection, xiaoming, voter=2, device="shared-phone")

    refused(lambda: vote(selection, xiaoming, voter=3, device="shared-phone"), DEVICE_LIMIT)
    vote(selection, xiaoming, voter=3, device="own-phone")

    assert counts(selection)["张晓明"] == 3


def test_a_vote_refused_by_the_device_limit_uses_no_other_allowance(campaign):
    selection = make_selection(
        campaign,
        names=("张晓明",),
        votes_per_day=3,
        votes_per_candidate_per_day=3,
        votes_per_network_per_day=4,
        votes_per_device_per_day=2,
    )
    (xiaoming,) = candidates(selection)
    vote(selection, xiaoming, device="phone")
    vote(selection, xiaoming, device="phone")

    refused(lambda: vote(selection, xiaoming, device="phone"), DEVICE_LIMIT)

    assert Vote.objects.count() == 2
    assert counts(selection)["张晓明"] == 2
    # The refused vote spent none of the voter's 3, the candidate's 3 or the network's 4:
    vote(selection, xiaoming, device="tablet")  # the voter's third
    refused(lambda: vote(selection, xiaoming, device="tablet"), daily_limit(3))
    vote(selection, xiaoming, voter=2, device="laptop")  # the network's fourth
    refused(lambda: vote(selection, xiaoming, voter=3, device="desktop"), NETWORK_LIMIT)
    assert Vote.objects.count() == 4
    assert counts(selection)["张晓明"] == 4


def test_a_vote_refused_by_the_candidate_limit_uses_none_of_the_daily_votes(campaign):
    selection = make_selection(
        campaign, names=("甲", "乙", "丙"), votes_per_day=2, votes_per_candidate_per_day=1
    )
    first, second, third = candidates(selection)
    vote(selection, first)

    refused(lambda: vote(selection, first), candidate_limit("甲"))
    vote(selection, second)  # still the second of two, not the third

    refused(lambda: vote(selection, third), daily_limit(2))
    assert counts(selection) == {"甲": 1, "乙": 1, "丙": 0}
    assert Vote.objects.count() == 2


# --- Opening times and states -------------------------------------------------------------------


def test_voting_before_opening_is_refused(campaign, clock_at):
    selection = make_selection(campaign, opens_at=beijing(2021, 5, 24, 12, 0))
    xiaoming, _hong = candidates(selection)

    refused(lambda: vote(selection, xiaoming), _("Voting has not opened yet."))
    clock_at("2021-05-24T12:00+08:00")
    vote(selection, xiaoming)

    assert counts(selection)["张晓明"] == 1


def test_voting_at_closing_time_is_refused(campaign, clock_at):
    selection = make_selection(campaign, closes_at=beijing(2021, 5, 24, 12, 0))
    xiaoming, _hong = candidates(selection)
    clock_at("2021-05-24T11:59:50+08:00")
    vote(selection, xiaoming)

    clock_at("2021-05-24T12:00+08:00")
    refused(lambda: vote(selection, xiaoming, voter=2), _("Voting has closed."))

    assert counts(selection)["张晓明"] == 1


def test_a_draft_selection_refuses_votes_and_codes(campaign):
    selection = make_selection(campaign, publish=False)
    xiaoming, _hong = candidates(selection)

    refused(lambda: vote(selection, xiaoming), NOT_OPEN)
    refused(lambda: services.request_code(selection=selection, mobile=mobile(1)), NOT_OPEN)
    assert Vote.objects.count() == 0
    assert Delivery.objects.count() == 0


def test_a_closed_selection_refuses_votes(campaign, organiser):
    selection = make_selection(campaign)
    xiaoming, _hong = candidates(selection)
    vote(selection, xiaoming)
    services.close_selection(selection=selection, actor=organiser)

    refused(lambda: vote(selection, xiaoming, voter=2), NOT_OPEN)

    assert counts(selection)["张晓明"] == 1


@pytest.mark.parametrize("approve", [None, False], ids=["nominated", "rejected"])
def test_a_candidate_not_approved_refuses_votes(campaign, tree, approve):
    selection = make_selection(campaign)
    waiting = make_candidate(selection, tree.taiyuan_school, "王刚", approve=approve)

    refused(lambda: vote(selection, waiting), _("This candidate is not in the selection."))

    waiting.refresh_from_db()
    assert waiting.votes == 0
    assert Vote.objects.count() == 0


# --- Verifying a mobile -------------------------------------------------------------------------


def texted_code(number: int) -> str:
    """The six-digit code in the latest text to mobile(number)."""
    delivery = Delivery.objects.filter(channel=ChannelName.SMS, recipient=mobile(number)).latest(
        "pk"
    )
    return re.search(r"\d{6}", delivery.body).group()


def another_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_requesting_a_code_texts_it_and_the_code_verifies_the_voter(campaign):
    selection = make_selection(campaign)

    services.request_code(selection=selection, mobile=mobile(1))

    delivery = Delivery.objects.get()
    assert delivery.channel == ChannelName.SMS
    assert delivery.recipient == mobile(1)
    code = texted_code(1)
    assert services.verify_code(selection=selection, mobile=mobile(1), code=code) == (
        services.voter_hash(selection.pk, mobile(1))
    )


def test_a_code_verifies_only_once(campaign):
    selection = make_selection(campaign)
    services.request_code(selection=selection, mobile=mobile(1))
    code = texted_code(1)
    services.verify_code(selection=selection, mobile=mobile(1), code=code)

    with pytest.raises(VotingError):
        services.verify_code(selection=selection, mobile=mobile(1), code=code)


def test_a_wrong_code_is_refused_and_the_right_one_still_works_within_five_tries(campaign):
    selection = make_selection(campaign)
    services.request_code(selection=selection, mobile=mobile(1))
    code = texted_code(1)

    for _attempt in range(4):
        refused(
            lambda: services.verify_code(
                selection=selection, mobile=mobile(1), code=another_code(code)
            ),
            _("Code: it does not match the code sent to this mobile."),
        )

    assert services.verify_code(selection=selection, mobile=mobile(1), code=code) == (
        services.voter_hash(selection.pk, mobile(1))
    )


def test_after_five_wrong_codes_even_the_right_code_is_refused(campaign):
    selection = make_selection(campaign)
    services.request_code(selection=selection, mobile=mobile(1))
    code = texted_code(1)
    for _attempt in range(5):
        with pytest.raises(VotingError):
            services.verify_code(selection=selection, mobile=mobile(1), code=another_code(code))

    refused(
        lambda: services.verify_code(selection=selection, mobile=mobile(1), code=code),
        _("Code: it has expired or was not sent; ask for a new one."),
    )


def test_an_expired_code_is_refused(campaign, clock_at):
    selection = make_selection(campaign)
    services.request_code(selection=selection, mobile=mobile(1))
    code = texted_code(1)

    clock_at("2021-05-24T10:11+08:00")

    refused(
        lambda: services.verify_code(selection=selection, mobile=mobile(1), code=code),
        _("Code: it has expired or was not sent; ask for a new one."),
    )


def test_a_second_code_within_a_minute_is_refused(campaign, clock_at):
    selection = make_selection(campaign)
    services.request_code(selection=selection, mobile=mobile(1))
    clock_at("2021-05-24T10:00:50+08:00")

    refused(
        lambda: services.request_code(selection=selection, mobile=mobile(1)),
        _("A code was sent less than a minute ago; please wait."),
    )
    services.request_code(selection=selection, mobile=mobile(2))  # another mobile is not held
    clock_at("2021-05-24T10:01:01+08:00")
    services.request_code(selection=selection, mobile=mobile(1))

    assert Delivery.objects.filter(recipient=mobile(1)).count() == 2
    code = texted_code(1)
    assert services.verify_code(selection=selection, mobile=mobile(1), code=code)


# --- Invalidation and recount -------------------------------------------------------------------


@pytest.fixture
def voted(campaign, clock_at):
    """Six votes: voters 1–3 from 203.0.113.0/24 at 10:00, voters 4–5 from 198.51.100.0/24 at
    10:10, and voter 1 again (for the other candidate) from 198.51.100.0/24 at 10:20."""
    selection = make_selection(campaign)
    xiaoming, hong = candidates(selection)
    for number in (1, 2, 3):
        vote(selection, xiaoming, voter=number, address="203.0.113.9", device=f"d{number}")
    clock_at("2021-05-24T10:10+08:00")
    vote(selection, xiaoming, voter=4, address="198.51.100.9", device="d4")
    vote(selection, hong, voter=5, address="198.51.100.9", device="d5")
    clock_at("2021-05-24T10:20+08:00")
    vote(selection, hong, voter=1, address="198.51.100.9", device="d1")
    assert counts(selection) == {"张晓明": 4, "李红": 2}
    return selection


def assert_recount_agrees(selection) -> None:
    lines = services.recount(selection=selection)
    assert [line.agrees for line in lines] == [True] * len(lines)
    assert {line.name: line.counted for line in lines} == counts(selection)


def test_invalidating_a_network_sets_aside_exactly_its_valid_votes(voted, organiser):
    invalidation = services.invalidate_votes(
        selection=voted, actor=organiser, reason="刷票", network="203.0.113.0/24"
    )

    assert invalidation.votes == 3
    assert Vote.objects.count() == 6  # nothing deleted
    assert set(
        Vote.objects.filter(invalidation=invalidation).values_list("network", flat=True)
    ) == {"203.0.113.0/24"}
    assert counts(voted) == {"张晓明": 1, "李红": 2}
    assert_recount_agrees(voted)


def test_invalidating_a_voter_sets_aside_all_their_valid_votes(voted, organiser):
    voter = services.voter_hash(voted.pk, mobile(1))

    invalidation = services.invalidate_votes(
        selection=voted, actor=organiser, reason="同一人多号", voter=voter
    )

    assert invalidation.votes == 2
    assert set(
        Vote.objects.filter(invalidation=invalidation).values_list("voter_hash", flat=True)
    ) == {voter}
    assert counts(voted) == {"张晓明": 3, "李红": 1}
    assert_recount_agrees(voted)


def test_invalidating_a_time_window_sets_aside_only_votes_inside_it(voted, organiser):
    invalidation = services.invalidate_votes(
        selection=voted,
        actor=organiser,
        reason="异常时段",
        starts_at=beijing(2021, 5, 24, 10, 5),
        ends_at=beijing(2021, 5, 24, 10, 15),
    )

    assert invalidation.votes == 2
    assert (
        sorted(Vote.objects.filter(invalidation=invalidation).values_list("network", flat=True))
        == ["198.51.100.0/24"] * 2
    )
    assert counts(voted) == {"张晓明": 3, "李红": 1}
    assert_recount_agrees(voted)


def test_invalidation_sets_aside_only_votes_still_valid(voted, organiser):
    first = services.invalidate_votes(
        selection=voted,
        actor=organiser,
        reason="同一人多号",
        voter=services.voter_hash(voted.pk, mobile(1)),
    )

    second = services.invalidate_votes(
        selection=voted, actor=organiser, reason="刷票", network="203.0.113.0/24"
    )

    assert (first.votes, second.votes) == (2, 2)
    assert Vote.objects.filter(invalidation=first).count() == 2
    assert Vote.objects.filter(invalidation=second).count() == 2
    assert counts(voted) == {"张晓明": 1, "李红": 1}
    assert_recount_agrees(voted)


def test_invalidation_combining_criteria_sets_aside_votes_matching_all(voted, organiser):
    invalidation = services.invalidate_votes(
        selection=voted,
        actor=organiser,
        reason="异常",
        network="198.51.100.0/24",
        starts_at=beijing(2021, 5, 24, 10, 15),
    )

    assert invalidation.votes == 1
    assert counts(voted) == {"张晓明": 4, "李红": 1}
    assert_recount_agrees(voted)


@pytest.mark.parametrize(
    ("reason", "criterion"),
    [("  ", {"network": "203.0.113.0/24"}), ("刷票", {})],
    ids=["no-reason", "no-criterion"],
)
def test_invalidation_without_a_reason_or_a_criterion_is_refused(
    voted, organiser, reason, criterion
):
    with pytest.raises(VotingError):
        services.invalidate_votes(selection=voted, actor=organiser, reason=reason, **criterion)

    assert Invalidation.objects.count() == 0
    assert Vote.objects.filter(invalidation__isnull=False).count() == 0
    assert counts(voted) == {"张晓明": 4, "李红": 2}


def test_recount_after_votes_agrees_everywhere(voted):
    assert_recount_agrees(voted)
    assert counts(voted) == {"张晓明": 4, "李红": 2}


# --- Bursts -------------------------------------------------------------------------------------


def burst(selection, clock_at, *, votes: int, address: str = "203.0.113.7") -> None:
    """`votes` votes from distinct voters and devices of one network, two a second from 10:00:00
    (all within the ten seconds 10:00:00–10:00:10 when votes ≤ 20)."""
    xiaoming, _hong = candidates(selection)
    for number in range(votes):
        if number % 2 == 0:
            clock_at(f"2021-05-24T10:00:{number // 2:02d}+08:00")
        vote(selection, xiaoming, voter=100 + number, address=address, device=f"burst-{number}")


def test_twenty_votes_from_one_network_within_ten_seconds_are_flagged(campaign, clock_at):
    selection = make_selection(campaign)
    burst(selection, clock_at, votes=20)
    vote(selection, candidates(selection)[0], voter=1, address="198.51.100.9")

    flags = services.flag_bursts(selection=selection, since=beijing(2021, 5, 24, 9, 0))

    assert [(flag.network, flag.votes, flag.state) for flag in flags] == [
        ("203.0.113.0/24", 20, FlagState.OPEN)
    ]
    # The flag starts at the burst's first vote and covers ten seconds.
    assert beijing(2021, 5, 24, 10, 0) <= flags[0].starts_at < beijing(2021, 5, 24, 10, 0, 1)
    assert flags[0].ends_at - flags[0].starts_at == timedelta(seconds=10)


def test_nineteen_votes_within_ten_seconds_are_not_flagged(campaign, clock_at):
    selection = make_selection(campaign)
    burst(selection, clock_at, votes=19)

    assert services.flag_bursts(selection=selection, since=beijing(2021, 5, 24, 9, 0)) == []
    assert Flag.objects.count() == 0


def test_a_burst_from_an_allowed_network_is_not_flagged(campaign, clock_at, organiser):
    selection = make_selection(campaign)
    services.set_network_rule(
        selection=selection, actor=organiser, network="203.0.0.0/16", kind=NetworkRuleKind.ALLOW
    )
    burst(selection, clock_at, votes=20)

    assert services.flag_bursts(selection=selection, since=beijing(2021, 5, 24, 9, 0)) == []
    assert Flag.objects.count() == 0


def test_a_burst_is_flagged_only_once(campaign, clock_at):
    selection = make_selection(campaign)
    burst(selection, clock_at, votes=20)
    since = beijing(2021, 5, 24, 9, 0)
    services.flag_bursts(selection=selection, since=since)

    assert services.flag_bursts(selection=selection, since=since) == []
    assert Flag.objects.count() == 1


def test_invalidating_a_flagged_network_closes_its_flag(campaign, clock_at, organiser):
    selection = make_selection(campaign)
    burst(selection, clock_at, votes=20)
    services.flag_bursts(selection=selection, since=beijing(2021, 5, 24, 9, 0))

    services.invalidate_votes(
        selection=selection, actor=organiser, reason="刷票", network="203.0.113.0/24"
    )

    assert Flag.objects.get().state == FlagState.INVALIDATED
    assert counts(selection)["张晓明"] == 0
    assert_recount_agrees(selection)


def test_a_burst_across_two_clock_windows_is_still_flagged(campaign, clock_at):
    selection = make_selection(campaign)
    xiaoming, _hong = candidates(selection)
    for number in range(20):  # 10:00:05 to 10:00:14.5: two a second, across 10:00:10
        clock_at(f"2021-05-24T10:00:{5 + number // 2:02d}.{5 * (number % 2)}+08:00")
        vote(selection, xiaoming, voter=200 + number, device=f"late-{number}")

    [flag] = services.flag_bursts(selection=selection, since=beijing(2021, 5, 24, 9, 0))

    assert flag.votes == 20


def test_the_same_ballot_counts_once_though_the_rules_allow_another_vote(campaign):
    selection = make_selection(campaign, votes_per_day=5, votes_per_candidate_per_day=3)
    xiaoming, _hong = candidates(selection)
    vote(selection, xiaoming, token="page-token-1")

    with pytest.raises(services.AlreadyCounted):
        vote(selection, xiaoming, token="page-token-1")
    vote(selection, xiaoming, token="page-token-2")  # a new page: a new vote

    assert counts(selection) == {"张晓明": 2, "李红": 0}
    assert Vote.objects.filter(selection=selection).count() == 2


def test_after_the_closing_time_no_code_is_texted(campaign, clock_at):
    selection = make_selection(campaign)
    clock_at("2021-05-29T08:00+08:00")  # published, but past its closing time

    refused(
        lambda: services.request_code(selection=selection, mobile=mobile(1)),
        _("Voting has closed."),
    )
    assert Delivery.objects.count() == 0
