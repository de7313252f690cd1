"""The public face of reports: the publicity column (宣传专栏) and its stories.

Anyone may read these pages; what they show comes only from `reports.public_queries`, which
returns featured reports alone, so anything else answers 404.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from vocweek.campaigns.models import Campaign
from vocweek.campaigns.queries import public_current_campaign
from vocweek.core.pagecache import public_fragment
from vocweek.reports import public_queries
from vocweek.reports.column_forms import ColumnFilterForm
from vocweek.reports.models import ReportMedia
from vocweek.reports.sharing import share_meta

STORIES_PER_PAGE = 12
SUMMARY_LENGTH = 80


@dataclass(frozen=True)
class RenderedPart:
    """A rendered part of a public page and the cover photo its share card shows."""

    html: str
    cover: ReportMedia | None


def column_listing(query: QueryDict, campaign: Campaign) -> RenderedPart:
    """The filters, stories and pager of the column for a query, rendered."""
    form = ColumnFilterForm(query, units=public_queries.column_units(campaign))
    filters = form.filters()
    stories = public_queries.column_stories(campaign, **filters)
    page = Paginator(stories, STORIES_PER_PAGE).get_page(query.get("page"))
    links = query.copy()
    links.pop("page", None)
    context = {
        "form": form,
        "filtered": bool(filters),
        "page": page,
        "query": links.urlencode(),
    }
    html = render_to_string("reports/public/column.html#listing", context)
    top = page.object_list[0] if page.object_list else None
    return RenderedPart(html=html, cover=top.cover if top else None)


def column(request: HttpRequest) -> HttpResponse:
    """The featured stories of the current campaign, newest on top, filtered and paginated."""
    campaign = public_current_campaign()
    if campaign is None:
        return render(request, "reports/public/column.html", {"campaign": None})
    listing = public_fragment(
        "column",
        (campaign.pk, request.GET.urlencode()),
        lambda: column_listing(request.GET, campaign),
    )
    return render(
        request,
        "reports/public/column.html",
        {
            "campaign": campaign,
            "listing": listing.html,
            "share": share_meta(
                request,
                title=_("Publicity column · %(campaign)s") % {"campaign": campaign.title},
                description=campaign.theme,
                cover=listing.cover,
            ),
        },
    )


@dataclass(frozen=True)
class StoryPage:
    """A featured story's article, rendered, and what its title and share card show."""

    title: str
    summary: str
    cover: ReportMedia | None
    html: str


def story_page(pk: int, path: str, page_url: str) -> StoryPage | None:
    """The story's article as shown at `page_url`, or None when the story is not featured."""
    report = public_queries.story(pk)
    if report is None:
        return None
    photos = public_queries.story_photos(report)
    context = {
        "story": report,
        "photos": photos,
        "videos": public_queries.story_videos(report),
        "neighbours": public_queries.neighbours(report),
        "page_path": path,
        "page_url": page_url,
    }
    return StoryPage(
        title=report.title,
        summary=public_queries.plain_summary(report, SUMMARY_LENGTH),
        cover=report.cover or (photos[0] if photos else None),
        html=render_to_string("reports/public/story.html#article", context),
    )


def story(request: HttpRequest, pk: int) -> HttpResponse:
    """One featured story; anything not featured (now) answers 404."""
    page_url = request.build_absolute_uri(request.path)
    page = public_fragment("story", (pk, page_url), lambda: story_page(pk, request.path, page_url))
    if page is None:
        raise Http404
    return render(
        request,
        "reports/public/story.html",
        {
            "story": page,
            "article": page.html,
            "share": share_meta(
                request,
                title=page.title,
                description=page.summary,
                cover=page.cover,
                kind="article",
            ),
        },
    )
