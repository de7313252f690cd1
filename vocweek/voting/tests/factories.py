"""Selections, candidates and votes made through the services, so that states and counts are real."""

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from vocweek.campaigns.models import Campaign
from vocweek.core.clients import network_of
from vocweek.orgs.enums import Role
from vocweek.orgs.models import Unit
from vocweek.orgs.tests.factories import make_member
from vocweek.voting import services
from vocweek.voting.models import Candidate, Selection, Vote

SHANGHAI = ZoneInfo("Asia/Shanghai")
ADDRESS = "203.0.113.7"


def beijing(*args: int) -> datetime:
    """An aware moment in Beijing time: beijing(2021, 5, 24, 10, 0)."""
    return datetime(*args, tzinfo=SHANGHAI)


def make_rules(**changes) -> services.SelectionRules:
    """最美职校生, open through the week (5/22 0:00 – 5/29 0:00) with the default limits."""
    rules = services.SelectionRules(
        title="最美职校生",
        description="为身边最美的职校生投上一票。",
        opens_at=beijing(2021, 5, 22, 0, 0),
        closes_at=beijing(2021, 5, 29, 0, 0),
    )
    return replace(rules, **changes)


def make_organiser(campaign: Campaign):
    return make_member(campaign.organiser, Role.ORGANISER_ADMIN)


def make_candidate(
    selection: Selection, unit: Unit, name: str, *, actor=None, approve: bool | None = True
) -> Candidate:
    """A nomination by `unit`, approved (or rejected with approve=False, left as nominated with
    approve=None)."""
    candidate = services.nominate_candidate(
        selection=selection,
        unit=unit,
        actor=actor,
        name=name,
        story=f"{name}的故事：刻苦钻研技能。",
    )
    if approve is not None:
        candidate = services.review_candidate(candidate=candidate, actor=actor, approve=approve)
    return candidate


def make_selection(
    campaign: Campaign,
    *,
    actor=None,
    names: tuple[str, ...] = ("张晓明", "李红"),
    publish: bool = True,
    unit: Unit | None = None,
    **rules,
) -> Selection:
    """A selection with the named candidates approved, each nominated by `unit` (the campaign's
    organiser unless given), published unless publish=False."""
    selection = services.create_selection(campaign=campaign, actor=actor, rules=make_rules(**rules))
    for name in names:
        make_candidate(selection, unit or campaign.organiser, name, actor=actor)
    if publish:
        selection = services.publish_selection(selection=selection, actor=actor)
    return selection


def candidates(selection: Selection) -> list[Candidate]:
    return list(selection.candidates.order_by("pk"))


def mobile(number: int) -> str:
    """A distinct, well-formed mainland mobile number per integer: 13900000000 + number."""
    return f"{13900000000 + number}"


def ballot(
    selection: Selection,
    *,
    voter: int = 1,
    address: str = ADDRESS,
    device: str = "phone-1",
    token: str = "",
) -> services.Ballot:
    """The ballot of the voter verified with mobile(voter), from `address` on `device`, with the
    page's one-use `token` if given."""
    return services.Ballot(
        voter=services.voter_hash(selection.pk, mobile(voter)),
        network=network_of(address),
        device=services.device_hash(selection.pk, device),
        token=token,
    )


def vote(selection: Selection, candidate: Candidate, **ballot_fields) -> Vote:
    """One vote for `candidate` under the selection's rules (see `ballot` for the fields)."""
    return services.cast_vote(
        selection_id=selection.pk,
        candidate_id=candidate.pk,
        ballot=ballot(selection, **ballot_fields),
    )
