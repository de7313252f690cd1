"""Renditions of hall media, made in the background (`reports.tasks.process_hall_media`).

Photos and videos get what report media get (thumbnail, medium, large; a video's poster and clean
container). A panorama also gets the image the 360° viewer loads: a JPEG exactly twice as wide
as high and at most 4,096 pixels wide, because the viewer draws it as one WebGL texture of half
its width and many phones allow 2,048 pixels there.
"""

import logging
import posixpath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.translation import gettext as _
from PIL import Image

from vocweek.core.pagecache import bump_public_generation
from vocweek.core.uploads import bytes_of, flatten

# The module, not its names: reports.media enqueues through reports.tasks, which imports this.
from vocweek.reports import media as report_media
from vocweek.reports.enums import MediaStatus
from vocweek.reports.halls.enums import HallMediaKind
from vocweek.reports.halls.models import HallMedia

PANORAMA_WIDTH = 4096
PANORAMA_QUALITY = 85

logger = logging.getLogger(__name__)


def _process_panorama(media: HallMedia, stem: str, stored: list[str]) -> dict[str, object]:
    """The viewer's image at exactly 2:1 (the upload may be off by a few per cent, which the
    viewer would stretch anyway), at most PANORAMA_WIDTH wide; the renditions are made from it."""
    with default_storage.open(media.file.name, "rb") as original:
        image = Image.open(original)
        width = min(PANORAMA_WIDTH, image.width)
        target = (width, max(1, width // 2))
        if image.format == "JPEG":
            image.draft("RGB", target)  # a large JPEG decodes straight at a reduced scale
        image = flatten(image)
        image.load()
    viewer = image
    if image.size != target:
        viewer = image.resize(target, Image.Resampling.LANCZOS, reducing_gap=2.0)
    renditions = report_media.store_renditions(stem, report_media.make_renditions(viewer), stored)
    name = default_storage.save(
        f"{stem}-panorama.jpg",
        ContentFile(bytes_of(viewer, format="JPEG", quality=PANORAMA_QUALITY, optimize=True)),
    )
    stored.append(name)
    renditions["panorama"] = {"jpeg": name, "width": viewer.width, "height": viewer.height}
    return {"renditions": renditions}


def _process_photo(media: HallMedia, stem: str, stored: list[str]) -> dict[str, object]:
    with default_storage.open(media.file.name, "rb") as original:
        renditions = report_media.make_renditions(original)
    return {"renditions": report_media.store_renditions(stem, renditions, stored)}


def _process_video(media: HallMedia, stem: str, stored: list[str]) -> dict[str, object]:
    return report_media.process_video(media, stem, stored)


PROCESSORS = {
    HallMediaKind.PHOTO: _process_photo,
    HallMediaKind.PANORAMA: _process_panorama,
    HallMediaKind.VIDEO: _process_video,
}


def process_hall_media(media_id: int) -> None:
    """Make the renditions of a pending hall photo, video or panorama; mark it ready or failed.

    Never raises. When the hall is published, its cached public pages become stale, so the new
    photo shows on the next request rather than after the cache's lifetime.
    """
    media = HallMedia.objects.filter(pk=media_id, status=MediaStatus.PENDING).first()
    if media is None:
        return
    stem = posixpath.splitext(media.file.name)[0]
    stored: list[str] = []
    try:
        fields = PROCESSORS[HallMediaKind(media.kind)](media, stem, stored)
    except Exception as error:  # a task must not fail: the school needs to read what went wrong
        logger.warning("Hall media %s could not be processed: %r", media_id, error)
        with translation.override(settings.LANGUAGE_CODE):
            reason = _("“%(file)s” could not be processed; remove it and upload it again.") % {
                "file": media.original_name
            }
        HallMedia.objects.filter(pk=media_id).update(status=MediaStatus.FAILED, error=reason[:200])
        report_media.delete_files(stored)
        return
    fields["status"] = MediaStatus.READY
    fields["error"] = ""
    if not HallMedia.objects.filter(pk=media_id).update(**fields):  # removed meanwhile
        report_media.delete_files([*stored, str(fields.get("file", ""))])
        return
    if HallMedia.objects.filter(pk=media_id, hall__is_published=True).exists():
        bump_public_generation()
