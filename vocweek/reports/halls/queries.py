"""Reads of exhibition halls: the public directory and hall page, and the school's editor.

Public reads return published halls only, with ready media only; each page loads in a fixed number
of queries whatever the number of halls, photos, majors or links (tests count them). The directory
groups halls as the rest of the platform does, administratively: a unit in a city bureau's subtree
under that city, every other unit (higher vocational colleges, provincial schools) under the
province-direct units, whatever city it stands in.
"""

from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils.text import Truncator

from vocweek.core.media import media_url
from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import PATH_STEP, Unit
from vocweek.reports.enums import MediaStatus
from vocweek.reports.halls.enums import HallMediaKind
from vocweek.reports.halls.models import Hall, HallAlbum, HallMedia
from vocweek.reports.models import Report
from vocweek.reports.queries import (
    PROVINCE_DIRECT,
    PROVINCE_DIRECT_NAME,
    GroupCount,
    count_by_group,
)
from vocweek.reports.search import plain_text

HALL_STORIES = 6


@dataclass(frozen=True)
class HallCard:
    """A published hall as a card: the unit's name and kind, where it is, and its cover photo."""

    pk: int
    name: str
    tagline: str
    kind: str
    kind_label: str
    city_name: str
    group_key: str
    group_name: str
    cover: HallMedia | None


@dataclass(frozen=True)
class DirectoryGroup:
    """The halls of one city (or of the province-direct units) in the directory, in tree order."""

    key: str
    name: str
    halls: list[HallCard]


@dataclass(frozen=True)
class DirectoryChoice:
    """A value of a directory filter, with how many published halls it holds."""

    value: str
    label: str
    count: int


@dataclass(frozen=True)
class HallDirectory:
    """Every published hall as a card, cities in tree order and the province-direct units last.

    Filtering happens on these cards, so the filters always offer what the directory holds and a
    filtered page costs no more queries than the whole directory.
    """

    cards: list[HallCard] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.cards)

    def groups(self, *, group: str = "", kind: str = "") -> list[DirectoryGroup]:
        """The cards by city, narrowed to one group key and/or one kind of unit when given."""
        groups: list[DirectoryGroup] = []
        for card in self.cards:
            if (group and card.group_key != group) or (kind and card.kind != kind):
                continue
            if not groups or groups[-1].key != card.group_key:
                groups.append(DirectoryGroup(key=card.group_key, name=card.group_name, halls=[]))
            groups[-1].halls.append(card)
        return groups

    def group_choices(self) -> list[DirectoryChoice]:
        """The cities (and the province-direct units) that have published halls, in order."""
        choices: dict[str, DirectoryChoice] = {}
        for card in self.cards:
            found = choices.get(card.group_key)
            choices[card.group_key] = DirectoryChoice(
                value=card.group_key, label=card.group_name, count=found.count + 1 if found else 1
            )
        return list(choices.values())

    def kind_choices(self) -> list[DirectoryChoice]:
        """The kinds of units that have published halls, in the order of the enum."""
        counts: dict[str, int] = {}
        for card in self.cards:
            counts[card.kind] = counts.get(card.kind, 0) + 1
        return [
            DirectoryChoice(value=value, label=str(label), count=counts[value])
            for value, label in UnitKind.choices
            if value in counts
        ]


@dataclass(frozen=True)
class PanoramaScene:
    """One 360° panorama as the viewer loads it: the viewer image, a preview and a title."""

    key: str
    media: HallMedia
    image_url: str
    preview_url: str
    title: str


def _first_ready_photo() -> Subquery:
    """The first ready photo of a hall's first album that has one (in the albums' order)."""
    return Subquery(
        HallMedia.objects.filter(
            hall=OuterRef("pk"), kind=HallMediaKind.PHOTO, status=MediaStatus.READY
        )
        .order_by("album__position", "album_id", "position", "pk")
        .values("pk")[:1]
    )


def _cards(
    halls: QuerySet[Hall], cities: dict[str, tuple[str, str]], limit: int | None = None
) -> list[HallCard]:
    """Cards of the halls, each with its chosen cover or else its first ready photo (one query
    for the halls, one for all the fallback photos); `cities` maps a bureau's path to its group."""
    halls = list(
        halls.select_related("unit", "unit__city", "cover")
        .defer("introduction", "enrolment")
        .annotate(first_photo_id=_first_ready_photo())[:limit]
    )
    fallback_ids = [
        hall.first_photo_id
        for hall in halls
        if not _ready_cover(hall) and hall.first_photo_id is not None
    ]
    fallbacks = HallMedia.objects.in_bulk(fallback_ids) if fallback_ids else {}
    direct = (PROVINCE_DIRECT, str(PROVINCE_DIRECT_NAME))
    cards = []
    for hall in halls:
        unit = hall.unit
        group_key, group_name = _group_of(unit.path, cities) or direct
        cards.append(
            HallCard(
                pk=hall.pk,
                name=unit.name,
                tagline=hall.tagline,
                kind=unit.kind,
                kind_label=unit.get_kind_display(),
                city_name=_city_name(unit),
                group_key=group_key,
                group_name=group_name,
                cover=_ready_cover(hall) or fallbacks.get(hall.first_photo_id),
            )
        )
    return cards


def _ready_cover(hall: Hall) -> HallMedia | None:
    cover = hall.cover
    return cover if cover is not None and cover.status == MediaStatus.READY else None


def _city_name(unit: Unit) -> str:
    city = unit.city
    return (city.short_name or city.name) if city is not None else ""


def _group_of(path: str, cities: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """The city bureau whose subtree holds `path` (a bureau heads its own group), if any."""
    for end in range(PATH_STEP, len(path) + 1, PATH_STEP):
        found = cities.get(path[:end])
        if found is not None:
            return found
    return None


def _city_groups() -> dict[str, tuple[str, str]]:
    """The city bureaus in tree order: path → (group key, name)."""
    return {
        path: (str(pk), short_name or name)
        for pk, name, short_name, path in Unit.objects.filter(kind=UnitKind.CITY)
        .order_by("path")
        .values_list("pk", "name", "short_name", "path")
    }


def hall_directory() -> HallDirectory:
    """Every published hall as a card, grouped by city bureau (three queries)."""
    cities = _city_groups()
    order = {key: index for index, (key, _name) in enumerate(cities.values())}
    cards = _cards(Hall.objects.published().order_by("unit__path"), cities)
    cards.sort(key=lambda card: order.get(card.group_key, len(order)))  # stable: tree order kept
    return HallDirectory(cards=cards)


@dataclass(frozen=True)
class HallShowcase:
    """The home page's glimpse of the halls: how many are open and the latest few."""

    count: int
    halls: list[HallCard]


def hall_showcase(count: int = 4) -> HallShowcase:
    """How many halls are published and the latest few as cards (one query, four with halls)."""
    published = Hall.objects.published()
    total = published.count()
    if not total:
        return HallShowcase(count=0, halls=[])
    latest = published.order_by("-published_at", "-pk")
    return HallShowcase(count=total, halls=_cards(latest, _city_groups(), count))


def _ready(kind: str) -> QuerySet[HallMedia]:
    return HallMedia.objects.filter(kind=kind, status=MediaStatus.READY).order_by("position", "pk")


def public_hall(pk: int) -> Hall | None:
    """A published hall with its unit, city, majors, links and ready media (seven queries).

    Each album carries `ready_photos`; the hall carries `ready_videos` and `ready_panoramas`.
    """
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


def published_hall(pk: int) -> Hall | None:
    """A published hall with its unit only, for a page that needs its name (one query)."""
    return Hall.objects.published().select_related("unit").filter(pk=pk).first()


def hall_summary(hall: Hall, length: int = 80) -> str:
    """The tagline, else the start of the introduction, as plain text (for share cards)."""
    return hall.tagline or Truncator(plain_text(hall.introduction)).chars(length)


def panorama_scenes(hall: Hall) -> list[PanoramaScene]:
    """The hall's ready panoramas that have their viewer image, from `public_hall`."""
    scenes = []
    for media in getattr(hall, "ready_panoramas", []):
        name = media.panorama_url_name
        preview = media.renditions.get("medium")
        if not name:
            continue
        scenes.append(
            PanoramaScene(
                key=f"panorama-{media.pk}",
                media=media,
                image_url=media_url(name),
                preview_url=media_url(preview["jpeg"]) if isinstance(preview, dict) else "",
                title=media.caption,
            )
        )
    return scenes


def hall_stories(hall: Hall, count: int = HALL_STORIES) -> list[Report]:
    """The unit's featured stories, most recently featured first (any campaign: they stay online)."""
    return list(
        Report.objects.published()
        .filter(unit_id=hall.unit_id)
        .select_related("unit", "cover")
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


def published_halls_by_group() -> list[GroupCount]:
    """The published halls by city group, every city listed (two queries)."""
    return count_by_group(list(Hall.objects.published().values_list("unit__path", flat=True)))
