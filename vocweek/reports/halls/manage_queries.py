"""Reads of the console side of exhibition halls: the organiser's list with its media counts, and
the lookups of one major, link, album or medium, always inside the hall already checked.
"""

from django.db.models import Count, Q, QuerySet

from vocweek.reports.halls.enums import HallMediaKind
from vocweek.reports.halls.models import Hall, HallAlbum, HallLink, HallMajor, HallMedia
from vocweek.reports.halls.queries import halls_for_organiser


def halls_with_counts(user) -> QuerySet[Hall]:
    """The halls the user may see, each with its number of photos, videos and panoramas (one query)."""

    def count(kind: str) -> Count:
        return Count("media", filter=Q(media__kind=kind))

    return halls_for_organiser(user).annotate(
        photo_count=count(HallMediaKind.PHOTO),
        video_count=count(HallMediaKind.VIDEO),
        panorama_count=count(HallMediaKind.PANORAMA),
    )


def major_of(hall: Hall, pk: int) -> HallMajor | None:
    return HallMajor.objects.select_related("hall").filter(hall=hall, pk=pk).first()


def link_of(hall: Hall, pk: int) -> HallLink | None:
    return HallLink.objects.select_related("hall").filter(hall=hall, pk=pk).first()


def album_of(hall: Hall, pk: int) -> HallAlbum | None:
    return HallAlbum.objects.select_related("hall").filter(hall=hall, pk=pk).first()


def media_of(hall: Hall, pk: int) -> HallMedia | None:
    """One photo, video or panorama of the hall."""
    return HallMedia.objects.select_related("hall").filter(hall=hall, pk=pk).first()
