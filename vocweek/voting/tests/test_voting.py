"""The voting test of the issue: the per-day limit, the closing time, and the audit recount
agreeing with the counts the voters saw — also after a burst is set aside."""

from datetime import datetime, timedelta

import pytest

from vocweek.core.clients import network_of
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.voting import services
from vocweek.voting.models import Candidate, Vote

SHANGHAI = "+08:00"


@pytest.fixture
def selection(campaign, tree, clock_at):
    """最美职校生: three approved candidates, voting 5/24 08:00 to 5/26 20:00, three votes a day,
    one per candidate."""
    clock_at(f"2021-05-20T10:00{SHANGHAI}")
    organiser = make_member(tree.province, Role.ORGANISER_ADMIN)
    selection = services.create_selection(
        campaign=campaign,
        actor=organiser,
        rules=services.SelectionRules(
            title="最美职校生网络评选",
            description="",
            opens_at=datetime.fromisoformat(f"2021-05-24T08:00{SHANGHAI}"),
            closes_at=datetime.fromisoformat(f"2021-05-26T20:00{SHANGHAI}"),
            votes_per_day=3,
            votes_per_candidate_per_day=1,
        ),
    )
    for unit, name in (
        (tree.taiyuan_school, "刘晓东"),
        (tree.datong_school, "陈雨桐"),
        (tree.college, "张浩然"),
    ):
        candidate = services.nominate_candidate(
            selection=selection,
            unit=unit,
            actor=make_member(unit, Role.UNIT_MANAGER),
            name=name,
            story="技能大赛一等奖获得者，坚持志愿服务。",
        )
        services.review_candidate(candidate=candidate, actor=organiser, approve=True)
    published = services.publish_selection(selection=selection, actor=organiser)
    published.organiser = organiser
    return published


def ballot(selection, mobile: str, address: str = "203.0.113.7", device: str = "phone-1"):
    return services.Ballot(
        voter=services.voter_hash(selection.pk, mobile),
        network=network_of(address),
        device=services.device_hash(selection.pk, f"{device}-{mobile}"),
    )


def vote(selection, candidate: Candidate, voter: services.Ballot):
    return services.cast_vote(selection_id=selection.pk, candidate_id=candidate.pk, ballot=voter)


def counts(selection) -> dict[str, int]:
    return dict(Candidate.objects.filter(selection=selection).values_list("name", "votes"))


def test_daily_limit_closing_time_and_recount_agree(selection, clock_at):
    liu, chen, zhang = Candidate.objects.filter(selection=selection).order_by("pk")
    student = ballot(selection, "13900000001")

    # Day one: one vote per candidate, three in all — a second vote for the same candidate and
    # a fourth vote are refused, and count nothing.
    clock_at(f"2021-05-24T09:00{SHANGHAI}")
    for candidate in (liu, chen):
        vote(selection, candidate, student)
    with pytest.raises(services.VotingError, match="刘晓东"):
        vote(selection, liu, student)
    vote(selection, zhang, student)
    with pytest.raises(services.VotingError):
        vote(selection, liu, student)
    assert counts(selection) == {"刘晓东": 1, "陈雨桐": 1, "张浩然": 1}

    # Day two (after midnight Beijing time): the same voter votes again.
    clock_at(f"2021-05-25T00:00:05{SHANGHAI}")
    vote(selection, liu, student)
    assert counts(selection)["刘晓东"] == 2

    # A burst from one network late on day two is flagged, set aside, and recounted.
    for second in range(25):
        clock_at(
            (
                datetime.fromisoformat(f"2021-05-25T21:30:00{SHANGHAI}")
                + timedelta(seconds=second / 5)
            ).isoformat()
        )
        vote(selection, chen, ballot(selection, f"1370000{second:04d}", address="198.51.100.9"))
    assert counts(selection)["陈雨桐"] == 26
    [flag] = services.flag_bursts(
        selection=selection, since=datetime.fromisoformat(f"2021-05-25T00:00{SHANGHAI}")
    )
    assert flag.network == "198.51.100.0/24" and flag.votes >= 20
    invalidation = services.invalidate_votes(
        selection=selection,
        actor=selection.organiser,
        reason="同一网段 5 秒内 25 票",
        network=flag.network,
    )
    assert invalidation.votes == 25
    assert counts(selection) == {"刘晓东": 2, "陈雨桐": 1, "张浩然": 1}
    assert Vote.objects.filter(selection=selection).count() == 29  # nothing was deleted

    # At the closing time voting stops, and a recount from the log agrees with every count.
    clock_at(f"2021-05-26T20:00{SHANGHAI}")
    with pytest.raises(services.VotingError, match=r"closed|已结束"):
        vote(selection, zhang, ballot(selection, "13900000002"))
    lines = services.recount(selection=selection)
    assert all(line.agrees for line in lines)
    assert {line.name: line.counted for line in lines} == counts(selection)
