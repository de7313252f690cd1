"""Reads about selections: what the public sees (the approved candidates, ranked when shown),
what the organiser reviews and audits, and what a unit nominated.

Counts are read, never counted on a public page: a candidate's `votes` is kept by the voting
transaction and checked against the log by `services.recount`.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from vocweek.campaigns.models import Campaign
from vocweek.orgs.models import Unit
from vocweek.voting.enums import CandidateState, FlagState, SelectionState
from vocweek.voting.models import Candidate, Flag, Invalidation, NetworkRule, Selection

PUBLIC_STATES = (SelectionState.PUBLISHED, SelectionState.CLOSED)
RECENT_INVALIDATIONS = 20


# --- What the public sees ----------------------------------------------------------------------


def public_selections(campaign: Campaign) -> list[Selection]:
    """The campaign's published selections first, then the closed ones, newest first in each."""
    selections = list(
        Selection.objects.filter(campaign=campaign, state__in=PUBLIC_STATES)
        .annotate(
            candidate_count=Count("candidates", filter=Q(candidates__state=CandidateState.APPROVED))
        )
        .order_by("-pk")
    )
    return sorted(selections, key=lambda selection: selection.state != SelectionState.PUBLISHED)


def public_selection(pk: int) -> Selection | None:
    """A published or closed selection with its campaign; None for a draft or nothing."""
    return (
        Selection.objects.select_related("campaign").filter(pk=pk, state__in=PUBLIC_STATES).first()
    )


@dataclass(frozen=True)
class RankedCandidate:
    """An approved candidate and its place: candidates with equal votes share a rank (1, 1, 3)."""

    candidate: Candidate
    rank: int


def ranked_candidates(selection: Selection) -> list[RankedCandidate]:
    """The approved candidates, most votes first (ties in the organiser's order)."""
    approved = list(
        Candidate.objects.filter(selection=selection, state=CandidateState.APPROVED)
        .select_related("unit")
        .order_by("-votes", "position", "pk")
    )
    ranked: list[RankedCandidate] = []
    for index, candidate in enumerate(approved):
        if ranked and ranked[-1].candidate.votes == candidate.votes:
            rank = ranked[-1].rank
        else:
            rank = index + 1
        ranked.append(RankedCandidate(candidate, rank))
    return ranked


def listed_candidates(selection: Selection) -> list[Candidate]:
    """The approved candidates in the organiser's order (when the ranking is hidden)."""
    return list(
        Candidate.objects.filter(selection=selection, state=CandidateState.APPROVED)
        .select_related("unit")
        .order_by("position", "pk")
    )


def public_candidate(selection: Selection, candidate_pk: int) -> Candidate | None:
    """An approved candidate of the selection, or None."""
    return (
        Candidate.objects.filter(
            selection=selection, pk=candidate_pk, state=CandidateState.APPROVED
        )
        .select_related("unit")
        .first()
    )


def rank_of(selection: Selection, candidate: Candidate) -> int:
    """The candidate's rank among the approved candidates (equal votes share a rank)."""
    ahead = Candidate.objects.filter(
        selection=selection, state=CandidateState.APPROVED, votes__gt=candidate.votes
    ).count()
    return ahead + 1


# --- The organiser's side ----------------------------------------------------------------------


def campaign_selections(campaign: Campaign) -> list[Selection]:
    """Every selection of the campaign, drafts included, newest first, with how many candidates
    wait for review, are approved, and the valid votes."""
    return list(
        Selection.objects.filter(campaign=campaign)
        .annotate(
            waiting=Count("candidates", filter=Q(candidates__state=CandidateState.NOMINATED)),
            approved=Count("candidates", filter=Q(candidates__state=CandidateState.APPROVED)),
            valid_votes=Sum("candidates__votes", default=0),
        )
        .order_by("-pk")
    )


def selection_by_pk(pk: int) -> Selection | None:
    """Any selection with its campaign and organiser (the permission decides who sees it)."""
    return Selection.objects.select_related("campaign", "campaign__organiser").filter(pk=pk).first()


def candidate_by_pk(selection: Selection, candidate_pk: int) -> Candidate | None:
    return Candidate.objects.filter(selection=selection, pk=candidate_pk).first()


def candidates_by_state(selection: Selection) -> dict[str, list[Candidate]]:
    """Every candidate of the selection grouped by state (nominated, approved, rejected)."""
    groups: dict[str, list[Candidate]] = {state: [] for state in CandidateState.values}
    for candidate in (
        Candidate.objects.filter(selection=selection)
        .select_related("unit")
        .order_by("position", "pk")
    ):
        groups[candidate.state].append(candidate)
    return groups


def network_rules(selection: Selection) -> list[NetworkRule]:
    return list(NetworkRule.objects.filter(selection=selection).order_by("kind", "network"))


def open_flags(selection: Selection) -> list[Flag]:
    """The bursts still to look at, the newest first."""
    return list(Flag.objects.filter(selection=selection, state=FlagState.OPEN))


def recent_invalidations(selection: Selection) -> list[Invalidation]:
    return list(
        Invalidation.objects.filter(selection=selection).select_related("actor")[
            :RECENT_INVALIDATIONS
        ]
    )


@dataclass(frozen=True)
class VoteTotals:
    valid: int
    set_aside: int


def vote_totals(selection: Selection) -> VoteTotals:
    """Votes in the log for the selection: still valid, and set aside by an invalidation."""
    counted = selection.votes.aggregate(
        valid=Count("pk", filter=Q(invalidation__isnull=True)),
        set_aside=Count("pk", filter=Q(invalidation__isnull=False)),
    )
    return VoteTotals(valid=counted["valid"], set_aside=counted["set_aside"])


@dataclass(frozen=True)
class ResultLine:
    """A line of the results: rank, candidate, nominating unit, valid votes and votes set aside."""

    rank: int
    name: str
    unit: str
    valid_votes: int
    set_aside: int


def results(selection: Selection) -> list[ResultLine]:
    """The approved candidates ranked by their stored (recounted) votes, with what was set aside."""
    set_aside = dict(
        Candidate.objects.filter(selection=selection, state=CandidateState.APPROVED)
        .annotate(aside=Count("vote_log", filter=Q(vote_log__invalidation__isnull=False)))
        .values_list("pk", "aside")
    )
    return [
        ResultLine(
            rank=line.rank,
            name=line.candidate.name,
            unit=line.candidate.unit.name,
            valid_votes=line.candidate.votes,
            set_aside=set_aside.get(line.candidate.pk, 0),
        )
        for line in ranked_candidates(selection)
    ]


# --- The units' side ---------------------------------------------------------------------------


def selections_open_for_nomination(campaign: Campaign) -> list[Selection]:
    """Selections a unit may still nominate for: drafts and published ones, newest first."""
    return list(
        Selection.objects.filter(campaign=campaign)
        .exclude(state=SelectionState.CLOSED)
        .order_by("-pk")
    )


def nominations_of_unit(campaign: Campaign, unit: Unit) -> list[Candidate]:
    """What the unit nominated in the campaign's selections, newest first."""
    return list(
        Candidate.objects.filter(selection__campaign=campaign, unit=unit)
        .select_related("selection")
        .order_by("-pk")
    )
