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


# Renditions from the smallest up: a responsive picture offers each up to the largest asked for.
RESPONSIVE_SIZES = ("thumb", "medium", "large")


@register.simple_tag
def media_responsive(
    media: ReportMedia,
    sizes: str = "100vw",
    largest: str = "large",
    css_class: str = "",
) -> SafeString:
    """A photo (or a video's poster) offering every rendition up to `largest`; the browser picks.

    WebP and JPEG each get a `srcset` with the renditions' widths, so a phone loads the small one
    and a wide screen the large one; the image keeps its size and loads lazily.
    """
    if media.status != MediaStatus.READY:
        return _not_ready(media)
    names = RESPONSIVE_SIZES[: RESPONSIVE_SIZES.index(largest) + 1]
    by_width: dict[int, dict] = {}
    for name in names:
        rendition = media.renditions.get(name)
        if isinstance(rendition, dict):
            by_width.setdefault(rendition["width"], rendition)  # small photos repeat a size
    renditions = list(by_width.values())
    if not renditions:
        return _not_ready(media)
    fallback = renditions[min(1, len(renditions) - 1)]

    def srcset(key: str) -> str:
        return ", ".join(f"{media_url(item[key])} {item['width']}w" for item in renditions)

    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" class="{}"'
        ' loading="lazy" decoding="async"></picture>',
        srcset("webp"),
        sizes,
        media_url(fallback["jpeg"]),
        srcset("jpeg"),
        sizes,
        fallback["width"],
        fallback["height"],
        media.caption,
        css_class,
    )
