"""Showing a report's photos and videos: `{% media_picture media "medium" %}`, `{% media_video media %}`.

A photo is a <picture> offering WebP first and JPEG to the rest, with its size so the page does not
jump while it loads; a video plays from its stored file with its poster frame. Media still being
processed (or that failed) show a short note instead.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from vocweek.core.media import SERVED_TYPES, media_url
from vocweek.reports.enums import MediaStatus
from vocweek.reports.models import ReportMedia

register = template.Library()

# Types browsers announce support for; a MOV is offered without one so each browser may try it.
SOURCE_TYPES = {suffix: SERVED_TYPES[suffix] for suffix in (".mp4", ".webm")}


def _not_ready(media: ReportMedia) -> SafeString:
    if media.status == MediaStatus.FAILED:
        return format_html('<span class="media-note media-failed">{}</span>', media.error)
    return format_html('<span class="media-note">{}</span>', _("Processing…"))


@register.simple_tag
def media_picture(media: ReportMedia, size: str = "medium", css_class: str = "") -> SafeString:
    """A photo (or a video's poster) in one rendition size: thumb, medium or large."""
    rendition = media.renditions.get(size) if media.status == MediaStatus.READY else None
    if not isinstance(rendition, dict):
        return _not_ready(media)
    return format_html(
        '<picture><source type="image/webp" srcset="{}">'
        '<img src="{}" width="{}" height="{}" alt="{}" class="{}" loading="lazy" decoding="async">'
        "</picture>",
        media_url(rendition["webp"]),
        media_url(rendition["jpeg"]),
        rendition["width"],
        rendition["height"],
        media.caption,
        css_class,
    )


@register.simple_tag
def media_video(media: ReportMedia, css_class: str = "") -> SafeString:
    """A video player with the poster frame; nothing is loaded before the viewer presses play."""
    if media.status != MediaStatus.READY:
        return _not_ready(media)
    source_type = SOURCE_TYPES.get(media.suffix)
    return format_html(
        '<video controls playsinline preload="none" poster="{}" width="{}" height="{}" class="{}"'
        ' aria-label="{}"><source src="{}"{}></video>',
        media_url(media.poster),
        media.width or "",
        media.height or "",
        css_class,
        media.caption or media.original_name,
        media_url(media.file.name),
        format_html(' type="{}"', source_type) if source_type else "",
    )
