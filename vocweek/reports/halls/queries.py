"""Reads of exhibition halls: the public directory and hall page, and the school's editor.

Public reads return published halls only, with ready media only; each page loads in a fixed number
of queries whatever the number of photos, majors or links (tests count them).
"""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import Unit
from vocweek.reports.enums import MediaStatus
from vocweek.reports.halls.enums import HallMediaKind
from vocweek.reports.halls.models import Hall, HallAlbum, HallMedia
from vocweek.reports.models import Report

HALL_STORIES = 6


@dataclass(frozen=True)
class DirectoryCity:
    """A city with published halls (or the province-direct units, `pk` None), for the filters."""

    pk: int | None
    name: str
    count: int


@dataclass(frozen=True)
class DirectoryGroup:
    """The halls of one city in the directory, in tree order."""

    city_name: str
    halls: list[Hall]


def _directory(*, city: Unit | int | None = None, kind: str = "") -> QuerySet[Hall]:
    halls = (
        Hall.objects.published()
        .select_related("unit", "unit__city", "cover")
        .order_by("unit__city__path", "unit__path")
    )
    if city is not None:
        halls = halls.filter(unit__city_id=getattr(city, "pk", city))
    if kind:
        halls = halls.filter(unit__kind=kind)
    return halls


def directory(*, city: Unit | int | None = None, kind: str = "") -> list[DirectoryGroup]:
    """Published halls grouped by city (one query), optionally of one city or one kind of unit."""
    groups: list[DirectoryGroup] = []
    for hall in _directory(city=city, kind=kind):
        city_unit = hall.unit.city
        name = (city_unit.short_name or city_unit.name) if city_unit else ""
        if not groups or groups[-1].city_name != name:
            groups.append(DirectoryGroup(city_name=name, halls=[]))
        groups[-1].halls.append(hall)
    return groups


def directory_cities() -> list[DirectoryCity]:
    """The cities that have published halls, in tree order, with how many (one query)."""
    counts: dict[int | None, int] = {}
    names: dict[int | None, str] = {}
    rows = (
        Hall.objects.published()
        .order_by("unit__city__path")
        .values_list("unit__city_id", "unit__city__name", "unit__city__short_name")
    )
    for city_pk, name, short_name in rows:
        counts[city_pk] = counts.get(city_pk, 0) + 1
        names[city_pk] = short_name or name or ""
    return [DirectoryCity(pk=pk, name=names[pk], count=count) for pk, count in counts.items()]


def directory_kinds() -> list[tuple[str, str]]:
    """The kinds of units that have published halls, as (value, label), in the enum's order."""
    present = set(Hall.objects.published().values_list("unit__kind", flat=True).distinct())
    return [(value, label) for value, label in UnitKind.choices if value in present]


def _ready(kind: str) -> QuerySet[HallMedia]:
    return HallMedia.objects.filter(kind=kind, status=MediaStatus.READY).order_by("position", "pk")


def public_hall(pk: int) -> Hall | None:
    """A published hall with its unit, city, majors, links and ready media (six queries)."""
    albums = HallAlbum.objects.prefetch_related(
        Prefetch("photos", queryset=_ready(HallMediaKind.PHOTO), to_attr="ready_photos")
    )
    return (
        Hall.objects.published()
        .select_related("unit", "unit__city", "cover")
        .prefetch_related(
            "majors",
            "links",
            Prefetch("albums", queryset=albums),
            Prefetch("media", queryset=_ready(HallMediaKind.VIDEO), to_attr="ready_videos"),
            Prefetch("media", queryset=_ready(HallMediaKind.PANORAMA), to_attr="ready_panoramas"),
        )
        .filter(pk=pk)
        .first()
    )


def hall_stories(hall: Hall, count: int = HALL_STORIES) -> list[Report]:
    """The unit's featured stories, most recently featured first (any campaign: they stay online)."""
    return list(
        Report.objects.published()
        .filter(unit_id=hall.unit_id)
        .select_related("cover")
        .order_by("-featured_at", "-pk")[:count]
    )


def hall_cover(hall: Hall) -> HallMedia | None:
    """The chosen cover, else the first ready photo of the first album (for the share card)."""
    if hall.cover is not None and hall.cover.status == MediaStatus.READY:
        return hall.cover
    for album in hall.albums.all():
        photos = getattr(album, "ready_photos", None)
        if photos:
            return photos[0]
    return None


def sitemap_halls() -> QuerySet[Hall]:
    return Hall.objects.published().only("pk", "updated_at").order_by("unit__path")


def hall_of_unit(unit: Unit) -> Hall | None:
    """The unit's hall for its editor: every album and medium, pending and failed included."""
    return (
        Hall.objects.filter(unit=unit)
        .select_related("unit", "cover")
        .prefetch_related(
            "majors",
            "links",
            Prefetch(
                "albums",
                queryset=HallAlbum.objects.prefetch_related(
                    Prefetch("photos", queryset=HallMedia.objects.order_by("position", "pk"))
                ),
            ),
            Prefetch(
                "media",
                queryset=HallMedia.objects.exclude(kind=HallMediaKind.PHOTO).order_by(
                    "kind", "position", "pk"
                ),
                to_attr="other_media",
            ),
        )
        .first()
    )


def halls_for_organiser(user) -> QuerySet[Hall]:
    """Every hall the user may see, with unit and city, for the organiser's list."""
    return Hall.objects.visible_to(user).select_related("unit", "unit__city").order_by("unit__path")
