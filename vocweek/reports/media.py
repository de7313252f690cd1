"""Photos and videos of information reports: added, arranged and removed; rendered in the background.

A photo is stored only after it decoded in full, and only as a fresh encoding of its pixels
(upright, sRGB, no EXIF, GPS, XMP or comments; HEIC becomes JPEG): see `core.uploads.clean_photo`.
Thumbnail, medium and large renditions (JPEG and WebP) follow in a task. A video is stored as
uploaded once it proved to hold a decodable picture; the task then rewrites its container without
metadata (phones record the place there) and takes a poster frame, rendered like a photo.
"""

import logging
import os
import posixpath
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _
from PIL import Image

from vocweek.core import audit
from vocweek.core.uploads import (
    MOV,
    MP4,
    WEBM,
    UploadRejected,
    bytes_of,
    check_upload,
    clean_photo,
    display_name,
    flatten,
    poster_frame,
    probe_video,
    strip_video,
)
from vocweek.reports import tasks
from vocweek.reports.enums import MediaKind, MediaStatus
from vocweek.reports.models import HallMedia, Report, ReportMedia
from vocweek.reports.services import ReportConflict, ReportError

logger = logging.getLogger(__name__)

# Rendition names and the long edge they are made for, largest first: each is made from the last.
SIZES: tuple[tuple[str, int], ...] = (("large", 1920), ("medium", 960), ("thumb", 320))
JPEG_QUALITY = 82
WEBP_QUALITY = 80
# WebP effort: method 2 makes files ~5 % larger than the default 4 in less than half the time
# (bench/renditions.py); the renditions of a week of reports are CPU-bound on the workers.
WEBP_METHOD = 2
MAX_CAPTION_LENGTH = ReportMedia._meta.get_field("caption").max_length
VIDEO_TYPES = {video.suffix: video for video in (MP4, MOV, WEBM)}


def add_media(*, report: Report, upload: UploadedFile, caption: str, actor) -> ReportMedia:
    """Check an uploaded photo or video, store it cleaned, and add it at the end of the report.

    Raises UploadRejected (naming the file) before anything is stored when the file is refused,
    and ReportError when the report cannot take it; the report itself is never changed.
    Renditions are made by a task enqueued when the transaction commits.
    """
    name = display_name(upload.name)
    _check_editable(report)
    _check_room(report, name)
    caption = _clean_caption(caption, name)
    media_type = check_upload(upload)
    media = ReportMedia(report=report, original_name=name, caption=caption)
    if media_type.is_photo:
        photo = clean_photo(upload, name=name, media_type=media_type)
        media.kind = MediaKind.PHOTO
        media.suffix = photo.media_type.suffix
        media.width, media.height = photo.width, photo.height
        content: File = ContentFile(photo.data)
    else:
        probe = probe_video(upload, name=name, media_type=media_type)
        media.kind = MediaKind.VIDEO
        media.suffix = media_type.suffix
        media.width, media.height, media.duration = probe.width, probe.height, probe.duration
        content = upload
    # Stored before the transaction so that no database lock waits on file input and output;
    # removed again if the report refuses it.
    media.file.save(media.suffix, content, save=False)
    media.size = media.file.size
    try:
        _attach(media, report=report, actor=actor)
    except BaseException:
        default_storage.delete(media.file.name)
        raise
    return media


@transaction.atomic
def _attach(media: ReportMedia, *, report: Report, actor) -> None:
    locked = Report.objects.select_for_update().get(pk=report.pk)
    _check_editable(locked)
    _check_room(locked, media.original_name)
    last = ReportMedia.objects.filter(report=locked).aggregate(last=Max("position"))["last"]
    media.position = 0 if last is None else last + 1
    media.status = MediaStatus.PENDING
    media.save()
    audit.record(
        actor=actor,
        action="report.media_add",
        target=locked,
        after={
            "media": media.pk,
            "kind": media.kind,
            "file": media.original_name,
            "size": media.size,
            "caption": media.caption,
        },
    )
    media_id = media.pk
    transaction.on_commit(lambda: tasks.process_report_media.enqueue(media_id))


@transaction.atomic
def remove_media(*, media: ReportMedia, actor) -> None:
    """Take a photo or video off an editable report; its files go once the removal is committed."""
    report = Report.objects.select_for_update().get(pk=media.report_id)
    _check_editable(report)
    media = ReportMedia.objects.filter(pk=media.pk, report=report).first()
    if media is None:
        return
    names = stored_names(media)
    audit.record(
        actor=actor,
        action="report.media_remove",
        target=report,
        before={"media": media.pk, "kind": media.kind, "file": media.original_name},
    )
    media.delete()
    transaction.on_commit(lambda: delete_files(names))


@transaction.atomic
def update_captions_and_order(
    *, report: Report, captions: dict[int, str], order: list[int], actor
) -> list[ReportMedia]:
    """Change the captions and the order of a report's media in one step.

    `captions` maps media ids to their new captions (missing ids keep theirs); `order` lists every
    media id of the report in the new order, or is empty to keep the order.
    """
    locked = Report.objects.select_for_update().get(pk=report.pk)
    _check_editable(locked)
    media = list(ReportMedia.objects.filter(report=locked).order_by("position", "pk"))
    by_id = {item.pk: item for item in media}
    if not set(captions) <= set(by_id) or (order and sorted(order) != sorted(by_id)):
        raise ReportConflict(
            _("The photos and videos of this report changed meanwhile; reload it and try again.")
        )
    before = {item.pk: (item.position, item.caption) for item in media}
    for pk, caption in captions.items():
        by_id[pk].caption = _clean_caption(caption, by_id[pk].original_name)
    if order:
        for position, pk in enumerate(order):
            by_id[pk].position = position
    changed = [item for item in media if before[item.pk] != (item.position, item.caption)]
    if changed:
        ReportMedia.objects.bulk_update(changed, ["position", "caption"])
        audit.record(
            actor=actor,
            action="report.media_arrange",
            target=locked,
            before={str(item.pk): list(before[item.pk]) for item in changed},
            after={str(item.pk): [item.position, item.caption] for item in changed},
        )
    return sorted(media, key=lambda item: (item.position, item.pk))


def _check_editable(report: Report) -> None:
    if not report.is_editable:
        raise ReportError(
            _(
                "“%(title)s” is %(state)s: its photos and videos can only change "
                "while it is a draft or returned for changes."
            )
            % {"title": report.title, "state": report.get_state_display()}
        )


def _check_room(report: Report, name: str) -> None:
    limit = settings.VOCWEEK_MAX_MEDIA_PER_REPORT
    if ReportMedia.objects.filter(report=report).count() >= limit:
        raise ReportError(
            _("“%(file)s” was not added: a report can have at most %(limit)s photos and videos.")
            % {"file": name, "limit": limit}
        )


def _clean_caption(caption: str, name: str) -> str:
    caption = " ".join((caption or "").split())
    if len(caption) > MAX_CAPTION_LENGTH:
        raise ReportError(
            _("The caption of “%(file)s” is longer than %(limit)s characters.")
            % {"file": name, "limit": MAX_CAPTION_LENGTH}
        )
    return caption


# Photos: renditions in the background ------------------------------------------------------------


@dataclass(frozen=True)
class Rendition:
    """One size of a photo, encoded as JPEG and as WebP."""

    size: str
    width: int
    height: int
    jpeg: bytes
    webp: bytes


def fitted(width: int, height: int, edge: int) -> tuple[int, int]:
    """The size within an `edge`-pixel square, keeping the aspect ratio; never enlarged."""
    scale = min(1.0, edge / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def make_renditions(source: BinaryIO | Image.Image) -> list[Rendition]:
    """Thumbnail, medium and large of a stored photo, largest first, each made from the last.

    A JPEG is decoded straight at the smallest power-of-two reduction still larger than the large
    rendition (libjpeg's scaled decoding), which is most of the work saved on a phone photo.
    """
    image = source if isinstance(source, Image.Image) else Image.open(source)
    largest = SIZES[0][1]
    if image.format == "JPEG":
        image.draft("RGB", fitted(*image.size, largest))
    image = flatten(image)
    renditions = []
    for size, edge in SIZES:
        target = fitted(*image.size, edge)
        if target != image.size:
            image = image.resize(target, Image.Resampling.LANCZOS, reducing_gap=2.0)
        renditions.append(
            Rendition(
                size=size,
                width=image.width,
                height=image.height,
                jpeg=bytes_of(image, format="JPEG", quality=JPEG_QUALITY, optimize=True),
                webp=bytes_of(image, format="WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD),
            )
        )
    return renditions


def store_renditions(
    stem: str, renditions: list[Rendition], stored: list[str]
) -> dict[str, dict[str, object]]:
    """Save each rendition next to the original (same random stem); `stored` collects the names."""
    described: dict[str, dict[str, object]] = {}
    for rendition in renditions:
        names = {}
        for suffix, data in (("jpg", rendition.jpeg), ("webp", rendition.webp)):
            names[suffix] = default_storage.save(
                f"{stem}-{rendition.size}.{suffix}", ContentFile(data)
            )
            stored.append(names[suffix])
        described[rendition.size] = {
            "jpeg": names["jpg"],
            "webp": names["webp"],
            "width": rendition.width,
            "height": rendition.height,
        }
    return described


# Videos: metadata, probe and poster in the background --------------------------------------------


@contextmanager
def _readable(name: str) -> Iterator[BinaryIO | str]:
    """A stored file as FFmpeg reads it best: a local path on disk, else an open file."""
    try:
        path = default_storage.path(name)
    except NotImplementedError:  # a bucket
        with default_storage.open(name, "rb") as stored:
            yield stored
    else:
        yield path


def process_video(
    media: ReportMedia | HallMedia, stem: str, stored: list[str]
) -> dict[str, object]:
    media_type = VIDEO_TYPES[media.suffix]
    with tempfile.TemporaryDirectory(prefix="vocweek-video-") as folder:
        clean = os.path.join(folder, f"clean{media.suffix}")
        with _readable(media.file.name) as original:
            strip_video(original, clean, media_type=media_type)
        probe = probe_video(clean, name=media.original_name, media_type=media_type)
        poster = poster_frame(clean, media_type=media_type)
        renditions = store_renditions(stem, make_renditions(poster), stored)
        default_storage.delete(media.file.name)
        with open(clean, "rb") as cleaned:
            name = default_storage.save(media.file.name, File(cleaned))
    renditions["video"] = {"codec": probe.codec, "rotation": probe.rotation}
    return {
        "file": name,
        "size": default_storage.size(name),
        "width": probe.width,
        "height": probe.height,
        "duration": probe.duration,
        "poster": renditions["large"]["jpeg"],
        "renditions": renditions,
    }


def process_photo(
    media: ReportMedia | HallMedia, stem: str, stored: list[str]
) -> dict[str, object]:
    with default_storage.open(media.file.name, "rb") as original:
        renditions = make_renditions(original)
    return {"renditions": store_renditions(stem, renditions, stored)}


def process_media(media_id: int) -> None:
    """Make the renditions of a pending photo or video; mark it ready, or failed with a reason.

    Never raises: a file that cannot be processed is marked failed with a message for the unit.
    """
    media = ReportMedia.objects.filter(pk=media_id, status=MediaStatus.PENDING).first()
    if media is None:
        return
    stem = posixpath.splitext(media.file.name)[0]
    stored: list[str] = []
    try:
        if media.kind == MediaKind.PHOTO:
            fields = process_photo(media, stem, stored)
        else:
            fields = process_video(media, stem, stored)
    except Exception as error:  # a task must not fail: the unit needs to read what went wrong
        logger.warning("Report media %s could not be processed: %r", media_id, error)
        with translation.override(settings.LANGUAGE_CODE):
            reason = _("“%(file)s” could not be processed; remove it and upload it again.") % {
                "file": media.original_name
            }
        ReportMedia.objects.filter(pk=media_id).update(
            status=MediaStatus.FAILED, error=reason[:200]
        )
        delete_files(stored)
        return
    fields["status"] = MediaStatus.READY
    fields["error"] = ""
    if not ReportMedia.objects.filter(pk=media_id).update(**fields):  # removed meanwhile
        delete_files([*stored, str(fields.get("file", ""))])


# Stored files --------------------------------------------------------------------------------------


def stored_names(media: ReportMedia | HallMedia) -> list[str]:
    """Every file stored for one media item: the original, renditions and poster."""
    return [media.file.name, media.poster, *_names_in(media.renditions)]


def _names_in(renditions: object) -> list[str]:
    if not isinstance(renditions, dict):
        return []
    return [
        name
        for rendition in renditions.values()
        if isinstance(rendition, dict)
        for key in ("jpeg", "webp")
        if isinstance(name := rendition.get(key), str)
    ]


def delete_files(names: list[str]) -> None:
    for name in {name for name in names if name}:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("Could not delete stored media file %s", name)


__all__ = [
    "UploadRejected",
    "add_media",
    "delete_files",
    "make_renditions",
    "process_media",
    "process_photo",
    "process_video",
    "remove_media",
    "store_renditions",
    "stored_names",
    "update_captions_and_order",
]
