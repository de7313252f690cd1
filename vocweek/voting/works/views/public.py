"""The public face of works collections (作品征集), mounted at /works/ by vocweek/urls.py: the
week's calls (open ones with their deadline and categories, published ones with their results),
a collection's rules and winners, and a winner's page with the work itself.

Nothing is written here: entries come from units in the console. Only awarded entries of a
published collection have a public page; everything else answers 404.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from vocweek.campaigns.queries import public_current_campaign
from vocweek.core import clock
from vocweek.core.sharing import page_share
from vocweek.voting.works import queries
from vocweek.voting.works.enums import CollectionState, EntryKind
from vocweek.voting.works.models import Collection

EXCERPT_CHARACTERS = 120


def _public_collection(pk: int) -> Collection:
    collection = queries.public_collection(pk)
    if collection is None:
        raise Http404
    return collection


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The current week's calls for works: open first, then being judged, then results."""
    campaign = public_current_campaign()
    collections = queries.public_collections(campaign) if campaign else []
    return render(
        request,
        "voting/works/public/index.html",
        {
            "campaign": campaign,
            "collections": collections,
            "now": clock.now(),
            "share": page_share(
                request,
                title=_("Works collections"),
                description=campaign.title if campaign else _("Works collections"),
            ),
        },
    )


@require_safe
def collection(request: HttpRequest, pk: int) -> HttpResponse:
    """A call's rules, categories, deadline and rubric; once published, its winners by category
    and award."""
    found = _public_collection(pk)
    now = clock.now()
    return render(
        request,
        "voting/works/public/collection.html",
        {
            "collection": found,
            "campaign": found.campaign,
            "categories": queries.categories_of(found),
            "criteria": queries.criteria_of(found),
            "paragraphs": [line.strip() for line in found.description.splitlines() if line.strip()],
            "taking_entries": found.state == CollectionState.OPEN and now < found.deadline,
            "winners": queries.winners(found),
            "share": page_share(
                request,
                title=found.title,
                description=(found.description[:EXCERPT_CHARACTERS] or found.campaign.title),
            ),
        },
    )


@require_safe
def winner(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    """An awarded work: title, award, category, authors and unit, and the work itself."""
    found = _public_collection(pk)
    entry = queries.public_winner(found, entry_pk)
    if entry is None:
        raise Http404
    media = list(entry.media.all())
    image = ""
    if media and media[0].preview_url:
        image = request.build_absolute_uri(media[0].preview_url)
    return render(
        request,
        "voting/works/public/winner.html",
        {
            "collection": found,
            "campaign": found.campaign,
            "entry": entry,
            "kinds": EntryKind,
            "paragraphs": [line.strip() for line in entry.essay.splitlines() if line.strip()],
            "authors": list(entry.authors.all()),
            "share": page_share(
                request,
                title=_("%(title)s · %(award)s")
                % {
                    "title": entry.title,
                    "award": entry.get_award_display(),
                },
                description=_("%(unit)s · %(collection)s")
                % {"unit": entry.unit.name, "collection": found.title},
                image=image,
                kind="article",
            ),
        },
    )
