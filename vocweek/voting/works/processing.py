"""Entry media made ready in the background (`tasks.process_entry_media`).

A photo was re-encoded when it was submitted; here it gets a preview for lists and galleries. A
video's container is rewritten without metadata (phones record the place there) and its poster
frame becomes its preview. A file that cannot be processed is marked failed with a message for
the unit; the task never raises.
"""

import logging
import os
import posixpath
import tempfile

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.translation import gettext as _
from PIL import Image

from vocweek.core.uploads import MOV, MP4, WEBM, bytes_of, flatten, poster_frame, strip_video
from vocweek.voting.works.enums import MediaKind, MediaStatus
from vocweek.voting.works.models import EntryMedia

logger = logging.getLogger(__name__)

PREVIEW_EDGE = 1280
PREVIEW_QUALITY = 82
VIDEO_TYPES = {video.suffix: video for video in (MP4, MOV, WEBM)}


def _preview(image: Image.Image, stem: str) -> str:
    """A JPEG within PREVIEW_EDGE pixels, saved next to the original."""
    image = flatten(image)
    image.thumbnail((PREVIEW_EDGE, PREVIEW_EDGE), Image.Resampling.LANCZOS)
    data = bytes_of(image, format="JPEG", quality=PREVIEW_QUALITY, optimize=True)
    return default_storage.save(f"{stem}-preview.jpg", ContentFile(data))


def _process_photo(media: EntryMedia, stem: str) -> dict[str, object]:
    with default_storage.open(media.file.name, "rb") as original:
        image = Image.open(original)
        if image.format == "JPEG":
            image.draft("RGB", (PREVIEW_EDGE, PREVIEW_EDGE))
        image.load()
        return {"preview": _preview(image, stem)}


def _process_video(media: EntryMedia, stem: str) -> dict[str, object]:
    media_type = VIDEO_TYPES[media.suffix]
    with tempfile.TemporaryDirectory(prefix="vocweek-work-") as folder:
        clean = os.path.join(folder, f"clean{media.suffix}")
        local = os.path.join(folder, f"original{media.suffix}")
        with default_storage.open(media.file.name, "rb") as original, open(local, "wb") as copy:
            for chunk in iter(lambda: original.read(1024 * 1024), b""):
                copy.write(chunk)
        strip_video(local, clean, media_type=media_type)
        preview = _preview(poster_frame(clean, media_type=media_type), stem)
        default_storage.delete(media.file.name)
        with open(clean, "rb") as cleaned:
            name = default_storage.save(media.file.name, File(cleaned))
    return {"file": name, "size": default_storage.size(name), "preview": preview}


def process_entry_media(media_id: int) -> None:
    """Make a pending photo's preview, or strip a video and take its poster; mark it ready, or
    failed with a reason."""
    media = EntryMedia.objects.filter(pk=media_id, status=MediaStatus.PENDING).first()
    if media is None:
        return
    stem = posixpath.splitext(media.file.name)[0]
    try:
        if media.kind == MediaKind.PHOTO:
            fields = _process_photo(media, stem)
        else:
            fields = _process_video(media, stem)
    except Exception as error:  # a task must not fail: the unit needs to read what went wrong
        logger.warning("Entry media %s could not be processed: %r", media_id, error)
        with translation.override(settings.LANGUAGE_CODE):
            reason = _("“%(file)s” could not be processed; replace it with another file.") % {
                "file": media.original_name
            }
        EntryMedia.objects.filter(pk=media_id).update(status=MediaStatus.FAILED, error=reason[:200])
        return
    fields["status"] = MediaStatus.READY
    fields["error"] = ""
    if not EntryMedia.objects.filter(pk=media_id).update(**fields):  # removed meanwhile
        for name in (fields.get("preview"), fields.get("file")):
            if isinstance(name, str) and name:
                default_storage.delete(name)
