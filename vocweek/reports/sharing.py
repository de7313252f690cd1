"""Share tags of report and hall pages: a story's or a hall's cover photo as the shared image."""

from django.http import HttpRequest

from vocweek.core.media import media_url
from vocweek.core.sharing import ShareMeta, page_share
from vocweek.reports.enums import MediaStatus
from vocweek.reports.models import ReportMedia


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
    return page_share(
        request, title=title, description=description, image=cover_url(request, cover), kind=kind
    )
