"""What the public can take part in this week, gathered from the apps that own it: pledges to
sign, selections to vote in, topics to answer and works collections (open calls and results).

The portal's home page shows these as one section and /take-part/ as a page of their own; each
item links to its app's public page and says in a few words where it stands.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vocweek.campaigns.models import Campaign
from vocweek.pledges import queries as pledge_queries
from vocweek.pledges.enums import PledgeState
from vocweek.topics import queries as topic_queries
from vocweek.topics.enums import TopicState
from vocweek.voting import queries as voting_queries
from vocweek.voting.enums import SelectionState
from vocweek.voting.works import queries as works_queries
from vocweek.voting.works.enums import CollectionState


@dataclass(frozen=True)
class TakePartItem:
    """One thing to take part in: what kind it is, its title and page, and where it stands."""

    kind: str
    title: str
    url: str
    status: str
    is_open: bool


def _pledges(campaign: Campaign) -> list[TakePartItem]:
    return [
        TakePartItem(
            kind=_("Pledge"),
            title=pledge.title,
            url=reverse("pledges:pledge", args=[pledge.pk]),
            status=ngettext(
                "%(count)s student has signed", "%(count)s students have signed", pledge.signers
            )
            % {"count": f"{pledge.signers:,}"},
            is_open=pledge.state == PledgeState.OPEN,
        )
        for pledge in pledge_queries.public_pledges(campaign)
    ]


def _selections(campaign: Campaign) -> list[TakePartItem]:
    return [
        TakePartItem(
            kind=_("Online voting"),
            title=selection.title,
            url=reverse("voting:selection", args=[selection.pk]),
            status=ngettext(
                "%(count)d candidate", "%(count)d candidates", selection.candidate_count
            )
            % {"count": selection.candidate_count},
            is_open=selection.state == SelectionState.PUBLISHED,
        )
        for selection in voting_queries.public_selections(campaign)
    ]


def _topics(campaign: Campaign) -> list[TakePartItem]:
    return [
        TakePartItem(
            kind=_("Interactive topic"),
            title=topic.title,
            url=reverse("topics:topic", args=[topic.pk]),
            status=ngettext("%(count)d answer", "%(count)d answers", topic.answers)
            % {"count": topic.answers},
            is_open=topic.state == TopicState.OPEN,
        )
        for topic in topic_queries.public_topics(campaign)
    ]


def _collections(campaign: Campaign) -> list[TakePartItem]:
    items = []
    for collection in works_queries.public_collections(campaign):
        if collection.state == CollectionState.OPEN:
            deadline = timezone.localtime(collection.deadline, campaign.zone)
            status = _("Entries until %(deadline)s") % {
                "deadline": date_format(deadline, "n/j H:i")
            }
        elif collection.state == CollectionState.JUDGING:
            status = _("Being judged")
        else:
            status = _("Winners announced")
        items.append(
            TakePartItem(
                kind=_("Works collection"),
                title=collection.title,
                url=reverse("works:collection", args=[collection.pk]),
                status=status,
                is_open=collection.state == CollectionState.OPEN,
            )
        )
    return items


def take_part_items(campaign: Campaign) -> list[TakePartItem]:
    """Everything the public can take part in this week, what is open first."""
    items = [
        *_pledges(campaign),
        *_selections(campaign),
        *_topics(campaign),
        *_collections(campaign),
    ]
    return sorted(items, key=lambda item: not item.is_open)
