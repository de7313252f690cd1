"""Public pages that belong to no single app: the home page of the current activity week and
the QR-code poster of any public page."""

import io
from dataclasses import dataclass
from urllib.parse import urlsplit

import segno
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from vocweek.activities import queries as activity_queries
from vocweek.campaigns import queries
from vocweek.campaigns.enums import ActivityLevel, Phase
from vocweek.campaigns.models import Campaign
from vocweek.core import clock
from vocweek.core.pagecache import public_fragment
from vocweek.core.sharing import page_share
from vocweek.plans import queries as plan_queries
from vocweek.pledges import queries as pledge_queries
from vocweek.portal.participation import take_part_items
from vocweek.reports import public_queries
from vocweek.reports.halls import queries as hall_queries
from vocweek.reports.models import ReportMedia
from vocweek.reports.sharing import share_meta

HOME_STORIES = 6
HOME_HALLS = 4
HOME_TAKE_PART = 4
# Counters of units, reports and stories change with every filing; a visitor the page cache does
# not serve sees them this many seconds late at most.
COUNTER_SECONDS = 5
# Public pages a poster may point to; anything else (staff pages, other sites) answers 404.
POSTER_VIEWS = (
    "portal:home",
    "column:index",
    "column:story",
    "halls:index",
    "halls:hall",
    "activities:calendar",
    "activities:activity",
    "pledges:pledge",
    "portal:take_part",
    "topics:topic",
    "voting:selection",
    "works:collection",
)
QR_ERROR_LEVEL = "m"


@dataclass(frozen=True)
class WeekStatus:
    """Where the public stands relative to the week: phase, days to go, or which day it is."""

    phase: Phase
    days_to_go: int | None
    day_number: int | None
    day_count: int


def week_status(campaign: Campaign) -> WeekStatus:
    """The phase now, the days left before the opening day, and the day of the week during it."""
    today = clock.today(campaign.time_zone)
    phase = queries.phase_now(campaign)
    return WeekStatus(
        phase=Phase(phase),
        days_to_go=(campaign.starts_on - today).days if today < campaign.starts_on else None,
        day_number=campaign.day_number(today) if phase == Phase.WEEK else None,
        day_count=len(campaign.days),
    )


@dataclass(frozen=True)
class HomeSections:
    """The home page's stories, halls, activity lists and staff entry, rendered; the top story's
    cover for the share card."""

    html: str
    cover: ReportMedia | None


def home_sections(campaign: Campaign | None) -> HomeSections:
    halls = hall_queries.hall_showcase(HOME_HALLS)
    if campaign is None:
        html = render_to_string("portal/home.html#sections", {"campaign": None, "halls": halls})
        return HomeSections(html=html, cover=None)
    lists = queries.listed_activities(campaign)
    stories = public_queries.latest_stories(campaign, HOME_STORIES)
    context = {
        "campaign": campaign,
        "national": lists[ActivityLevel.NATIONAL],
        "provincial": lists[ActivityLevel.PROVINCIAL],
        "stories": stories,
        "halls": halls,
        "city_websites": plan_queries.city_topic_websites(campaign),
        "take_part": take_part_items(campaign)[:HOME_TAKE_PART],
    }
    html = render_to_string("portal/home.html#sections", context)
    return HomeSections(html=html, cover=stories[0].cover if stories else None)


@require_safe
def take_part(request: HttpRequest) -> HttpResponse:
    """Everything the public can take part in this week: pledges, voting, topics, works."""
    campaign = queries.public_current_campaign()
    return render(
        request,
        "portal/take_part.html",
        {
            "campaign": campaign,
            "items": take_part_items(campaign) if campaign else [],
            "share": page_share(request, title=_("Take part"), description=campaign.theme)
            if campaign
            else None,
        },
    )


def home(request: HttpRequest) -> HttpResponse:
    campaign = queries.public_current_campaign()
    key = (campaign.pk if campaign else None,)
    sections = public_fragment("home-sections", key, lambda: home_sections(campaign))
    if campaign is None:
        return render(request, "portal/home.html", {"campaign": None, "sections": sections.html})
    status = week_status(campaign)
    hero = public_fragment(
        "home-hero",
        (campaign.pk, status),
        lambda: render_to_string("portal/home.html#hero", {"campaign": campaign, "status": status}),
    )
    counts = public_fragment(
        "home-counters",
        (campaign.pk,),
        lambda: public_queries.public_counters(campaign),
        seconds=COUNTER_SECONDS,
    )
    return render(
        request,
        "portal/home.html",
        {
            "campaign": campaign,
            "hero": hero,
            "counts": counts,
            "sections": sections.html,
            "share": share_meta(
                request, title=campaign.title, description=campaign.theme, cover=sections.cover
            ),
        },
    )


@dataclass(frozen=True)
class PosterTarget:
    """A public page a poster points to: its absolute address and the title printed above it."""

    url: str
    title: str


def _poster_target(request: HttpRequest) -> PosterTarget:
    """The page named by ?path=, if it is a public page of this site; otherwise 404.

    Only a relative path of this site is taken, and only if it resolves to one of POSTER_VIEWS
    (a story only while it is featured, a hall only while it is published).
    """
    raw = request.GET.get("path", "")
    parts = urlsplit(raw)
    if not raw.startswith("/") or raw.startswith("//") or parts.scheme or parts.netloc:
        raise Http404
    if "\\" in raw or any(ord(character) < 32 for character in raw):
        raise Http404
    try:
        match = resolve(parts.path)
    except Resolver404:
        raise Http404 from None
    if match.view_name not in POSTER_VIEWS:
        raise Http404
    campaign = queries.current_campaign()
    if match.view_name == "column:story":
        story = public_queries.story(match.kwargs["pk"])
        if story is None:
            raise Http404
        title = story.title
    elif match.view_name == "column:index":
        title = _("Publicity column")
    elif match.view_name == "halls:hall":
        hall = hall_queries.published_hall(match.kwargs["pk"])
        if hall is None:
            raise Http404
        title = hall.unit.name
    elif match.view_name == "halls:index":
        title = _("Online exhibition halls")
    elif match.view_name == "activities:activity":
        activity = activity_queries.public_activity(match.kwargs["pk"])
        if activity is None:
            raise Http404
        title = activity.title
    elif match.view_name == "pledges:pledge":
        pledge = pledge_queries.public_pledge(match.kwargs["pk"])
        if pledge is None:
            raise Http404
        title = pledge.title
    elif match.view_name == "activities:calendar":
        title = _("Activity calendar")
    else:
        title = campaign.title if campaign else _("Home")
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return PosterTarget(url=request.build_absolute_uri(path), title=title)


@require_safe
def qr_poster(request: HttpRequest) -> HttpResponse:
    """A printable A4 poster with the QR code of a public page, its title and address."""
    target = _poster_target(request)
    qr = segno.make(target.url, error=QR_ERROR_LEVEL)
    return render(
        request,
        "portal/poster.html",
        {
            "campaign": queries.current_campaign(),
            "target": target,
            # segno writes the markup itself from the address's bits: nothing of the request in it.
            "qr_svg": mark_safe(qr.svg_inline(scale=8, dark="#5e0f12", omitsize=True)),
            "path": request.GET["path"],
        },
    )


@require_safe
def qr_png(request: HttpRequest) -> HttpResponse:
    """The QR code of a public page alone, as a PNG to download."""
    target = _poster_target(request)
    buffer = io.BytesIO()
    segno.make(target.url, error=QR_ERROR_LEVEL).save(buffer, kind="png", scale=10, border=4)
    response = HttpResponse(buffer.getvalue(), content_type="image/png")
    response["Content-Disposition"] = 'attachment; filename="qr-code.png"'
    return response
