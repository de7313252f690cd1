"""Reads for the public face of reports: the publicity column (宣传专栏), its stories and counters.

Only featured reports are ever returned (`Report.objects.published()`); a draft, or a report
adopted but not featured, never leaves this module. Every list loads what its cards show in a
fixed number of queries (unit, city and cover joined; media prefetched for one story).
"""

import html
import re
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.html import strip_tags
from django.utils.text import Truncator

from vocweek.campaigns.models import Campaign, Participation
from vocweek.orgs.models import Unit
from vocweek.reports.enums import MediaKind, MediaStatus, State
from vocweek.reports.models import Report, ReportMedia

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class ColumnUnit:
    """A unit with stories in the column, and the city it is grouped under (for the filters)."""

    pk: int
    name: str
    city_pk: int | None
    city_name: str


@dataclass(frozen=True)
class PublicCounters:
    """The live figures of the campaign home."""

    units: int
    filed: int
    featured: int


@dataclass(frozen=True)
class Neighbours:
    """The stories above (newer) and below (older) a story in the column's order."""

    newer: Report | None
    older: Report | None


def _column(campaign: Campaign) -> QuerySet[Report]:
    return (
        Report.objects.published()
        .filter(campaign=campaign)
        .select_related("unit", "unit__city", "cover")
        .order_by("-featured_order", "-pk")
    )


def column_stories(
    campaign: Campaign,
    *,
    city: Unit | int | None = None,
    unit: Unit | int | None = None,
    category: str = "",
    focus: str = "",
) -> QuerySet[Report]:
    """The campaign's featured stories, top of the column first, optionally filtered.

    `city` matches units whose city it is and the city bureau itself.
    """
    stories = _column(campaign)
    if city is not None:
        city_pk = getattr(city, "pk", city)
        stories = stories.filter(Q(unit__city_id=city_pk) | Q(unit_id=city_pk))
    if unit is not None:
        stories = stories.filter(unit_id=getattr(unit, "pk", unit))
    if category:
        stories = stories.filter(category=category)
    if focus:
        stories = stories.filter(focus=focus)
    return stories


def latest_stories(campaign: Campaign, count: int = 6) -> list[Report]:
    """The top `count` stories of the column, for the campaign home."""
    return list(_column(campaign)[:count])


def column_units(campaign: Campaign) -> list[ColumnUnit]:
    """The units with featured stories in the campaign, in tree order (one query)."""
    rows = (
        Unit.objects.filter(reports__campaign=campaign, reports__state=State.FEATURED)
        .order_by("path")
        .values_list("pk", "name", "short_name", "city_id", "city__name", "city__short_name")
        .distinct()
    )
    return [
        ColumnUnit(
            pk=pk,
            name=short_name or name,
            city_pk=city_pk,
            city_name=city_short or city_name or "",
        )
        for pk, name, short_name, city_pk, city_name, city_short in rows
    ]


def story(pk: int) -> Report | None:
    """One featured story with unit, city, campaign, listed activity and its ready media."""
    ready = ReportMedia.objects.filter(status=MediaStatus.READY).order_by("position", "pk")
    return (
        Report.objects.published()
        .select_related("campaign", "unit", "unit__city", "cover", "listed_activity")
        .prefetch_related(Prefetch("media", queryset=ready))
        .filter(pk=pk)
        .first()
    )


def story_photos(report: Report) -> list[ReportMedia]:
    """The story's ready photos (from the prefetched media)."""
    return [media for media in report.media.all() if media.kind == MediaKind.PHOTO]


def story_videos(report: Report) -> list[ReportMedia]:
    return [media for media in report.media.all() if media.kind == MediaKind.VIDEO]


def neighbours(report: Report) -> Neighbours:
    """The next newer and next older story of the same column (two small queries)."""
    column = Report.objects.published().filter(campaign_id=report.campaign_id).only("pk", "title")
    order = report.featured_order or 0
    newer = (
        column.filter(Q(featured_order__gt=order) | Q(featured_order=order, pk__gt=report.pk))
        .order_by("featured_order", "pk")
        .first()
    )
    older = (
        column.filter(Q(featured_order__lt=order) | Q(featured_order=order, pk__lt=report.pk))
        .order_by("-featured_order", "-pk")
        .first()
    )
    return Neighbours(newer=newer, older=older)


def feed_stories(count: int = 30) -> list[Report]:
    """The latest featured stories of every campaign, most recently featured first."""
    return list(
        Report.objects.published()
        .select_related("unit", "cover")
        .order_by("-featured_at", "-pk")[:count]
    )


def sitemap_stories() -> QuerySet[Report]:
    """Every featured story (what stays online after the week, too)."""
    return Report.objects.published().only("pk", "updated_at").order_by("-featured_at", "-pk")


def public_counters(campaign: Campaign) -> PublicCounters:
    """Units taking part, reports filed, stories featured (two aggregate queries)."""
    units = Participation.objects.filter(campaign=campaign).count()
    counts = Report.objects.filter(campaign=campaign).aggregate(
        filed=Count("pk", filter=Q(state__in=State.filed())),
        featured=Count("pk", filter=Q(state=State.FEATURED)),
    )
    return PublicCounters(units=units, filed=counts["filed"], featured=counts["featured"])


def plain_summary(report: Report, length: int = 80) -> str:
    """The first `length` characters of the story's text, without markup."""
    text = _SPACES.sub(" ", html.unescape(strip_tags(report.body))).strip()
    return Truncator(text).chars(length)
