"""The public face of reports: the publicity column (宣传专栏) and its stories.

Anyone may read these pages; what they show comes only from `reports.public_queries`, which
returns featured reports alone, so anything else answers 404.
"""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from vocweek.campaigns.queries import current_campaign
from vocweek.reports import public_queries
from vocweek.reports.column_forms import ColumnFilterForm
from vocweek.reports.sharing import share_meta

STORIES_PER_PAGE = 12
SUMMARY_LENGTH = 80


def column(request: HttpRequest) -> HttpResponse:
    """The featured stories of the current campaign, newest on top, filtered and paginated."""
    campaign = current_campaign()
    if campaign is None:
        return render(request, "reports/public/column.html", {"campaign": None})
    form = ColumnFilterForm(request.GET, units=public_queries.column_units(campaign))
    filters = form.filters()
    stories = public_queries.column_stories(campaign, **filters)
    page = Paginator(stories, STORIES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    top = page.object_list[0] if page.object_list else None
    return render(
        request,
        "reports/public/column.html",
        {
            "campaign": campaign,
            "form": form,
            "filtered": bool(filters),
            "page": page,
            "query": query.urlencode(),
            "share": share_meta(
                request,
                title=_("Publicity column · %(campaign)s") % {"campaign": campaign.title},
                description=campaign.theme,
                cover=top.cover if top else None,
            ),
        },
    )


def story(request: HttpRequest, pk: int) -> HttpResponse:
    """One featured story; anything not featured (now) answers 404."""
    report = public_queries.story(pk)
    if report is None:
        raise Http404
    summary = public_queries.plain_summary(report, SUMMARY_LENGTH)
    photos = public_queries.story_photos(report)
    return render(
        request,
        "reports/public/story.html",
        {
            "story": report,
            "campaign": report.campaign,
            "photos": photos,
            "videos": public_queries.story_videos(report),
            "neighbours": public_queries.neighbours(report),
            "share": share_meta(
                request,
                title=report.title,
                description=summary,
                cover=report.cover or (photos[0] if photos else None),
                kind="article",
            ),
            "page_url": request.build_absolute_uri(request.path),
        },
    )
