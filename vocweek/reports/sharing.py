"""What a shared link shows in chat apps and social sites: Open Graph and Twitter card values."""

from dataclasses import dataclass

from django.http import HttpRequest

from vocweek.core.media import media_url
from vocweek.reports.enums import MediaStatus
from vocweek.reports.models import ReportMedia


@dataclass(frozen=True)
class ShareMeta:
    """Absolute addresses only: a crawler reads the tags without the page around them."""

    title: str
    description: str
    url: str
    image: str = ""
    kind: str = "website"  # og:type: "website" or "article"


def cover_url(request: HttpRequest, media: ReportMedia | None, size: str = "large") -> str:
    """The absolute address of a ready photo's JPEG rendition, or "" when there is none."""
    if media is None or media.status != MediaStatus.READY:
        return ""
    rendition = media.renditions.get(size)
    if not isinstance(rendition, dict):
        return ""
    return request.build_absolute_uri(media_url(rendition["jpeg"]))


def share_meta(
    request: HttpRequest,
    *,
    title: str,
    description: str,
    cover: ReportMedia | None = None,
    kind: str = "website",
) -> ShareMeta:
    return ShareMeta(
        title=title,
        description=description,
        url=request.build_absolute_uri(request.path),
        image=cover_url(request, cover),
        kind=kind,
    )
