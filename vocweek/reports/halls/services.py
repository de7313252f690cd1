"""Writing exhibition halls: the school's edits, its media, publishing and withdrawing.

Every change to a published hall makes the cached public pages stale and refreshes the hall in the
search index once the transaction commits; a draft hall changes nothing public. Uploads are checked
by content before anything is stored (`core.uploads`), like a report's media.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from vocweek.core import audit, clock
from vocweek.core.pagecache import bump_public_generation_on_commit
from vocweek.core.uploads import (
    UploadRejected,
    check_upload,
    clean_photo,
    display_name,
    probe_video,
)
from vocweek.orgs.models import Unit
from vocweek.reports import tasks
from vocweek.reports.enums import MediaStatus
from vocweek.reports.halls import search
from vocweek.reports.halls.enums import HallMediaKind
from vocweek.reports.halls.models import Hall, HallAlbum, HallLink, HallMajor, HallMedia
from vocweek.reports.media import delete_files, stored_names
from vocweek.reports.sanitising import clean_body

# An equirectangular panorama covers 360° × 180°: twice as wide as high, give or take a little.
PANORAMA_RATIO = 2.0
PANORAMA_TOLERANCE = 0.05
MAX_CAPTION_LENGTH = HallMedia._meta.get_field("caption").max_length
HALL_FIELDS = ["tagline", "introduction", "enrolment", "enrolment_phone", "address"]


class HallError(Exception):
    """A hall action that cannot be done; the message is for the user."""


@dataclass(frozen=True)
class HallContent:
    """What a school writes about itself; the two long texts are rich text, sanitised on save."""

    tagline: str = ""
    introduction: str = ""
    enrolment: str = ""
    enrolment_phone: str = ""
    address: str = ""


@dataclass(frozen=True)
class MajorContent:
    name: str
    level: str
    years: int | None = None
    quota: int | None = None
    description: str = ""


@dataclass(frozen=True)
class LinkContent:
    kind: str
    title: str
    url: str
    platform: str = ""
    starts_at: datetime | None = None


def _public_change(hall: Hall) -> None:
    """After commit: stale public pages and a fresh index entry, if the public can see the hall."""
    if hall.is_published:
        bump_public_generation_on_commit()
        search.index_hall_on_commit(hall)


def _locked(hall: Hall) -> Hall:
    return Hall.objects.select_for_update().get(pk=hall.pk)


# The hall itself -----------------------------------------------------------------------------------


def open_hall(*, unit: Unit, actor) -> Hall:
    """The unit's hall, made as an unpublished draft the first time the school opens it."""
    hall = Hall.objects.filter(unit=unit).first()
    if hall is not None:
        return hall
    if not unit.is_school:
        raise HallError(
            _("Exhibition halls are for schools; %(unit)s cannot open one.") % {"unit": unit}
        )
    try:
        with transaction.atomic():
            hall = Hall.objects.create(unit=unit)
            audit.record(actor=actor, action="hall.open", target=hall)
    except IntegrityError:  # opened by a colleague at the same moment
        hall = Hall.objects.get(unit=unit)
    return hall


@transaction.atomic
def update_hall(*, hall: Hall, content: HallContent, actor) -> Hall:
    """Save the hall's texts; the introduction and enrolment information keep only safe HTML."""
    hall = _locked(hall)
    before = audit.snapshot(hall, HALL_FIELDS)
    hall.tagline = content.tagline.strip()
    hall.introduction = clean_body(content.introduction)
    hall.enrolment = clean_body(content.enrolment)
    hall.enrolment_phone = content.enrolment_phone.strip()
    hall.address = content.address.strip()
    if hall.is_published and not search.plain_text(hall.introduction):
        raise HallError(
            _("A published hall needs its introduction; withdraw the hall first to empty it.")
        )
    after = audit.snapshot(hall, HALL_FIELDS)
    if after != before:
        hall.save(update_fields=[*HALL_FIELDS, "updated_at"])
        audit.record(actor=actor, action="hall.update", target=hall, before=before, after=after)
        _public_change(hall)
    return hall


@transaction.atomic
def publish_hall(*, hall: Hall, actor) -> Hall:
    """Open the hall to the public; it needs at least its introduction."""
    hall = _locked(hall)
    if hall.is_published:
        return hall
    if not search.plain_text(hall.introduction):
        raise HallError(_("Write the introduction of the hall before publishing it."))
    hall.is_published = True
    hall.published_at = hall.published_at or clock.now()
    hall.save(update_fields=["is_published", "published_at", "updated_at"])
    audit.record(actor=actor, action="hall.publish", target=hall, after={"is_published": True})
    _public_change(hall)
    return hall


@transaction.atomic
def withdraw_hall(*, hall: Hall, actor) -> Hall:
    """Take the hall off the public site (the school's edits stay)."""
    hall = _locked(hall)
    if not hall.is_published:
        return hall
    hall.is_published = False
    hall.save(update_fields=["is_published", "updated_at"])
    audit.record(actor=actor, action="hall.withdraw", target=hall, after={"is_published": False})
    bump_public_generation_on_commit()
    search.remove_hall_on_commit(hall)
    return hall


# Majors and links ----------------------------------------------------------------------------------


def _next_position(queryset) -> int:
    last = queryset.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


@transaction.atomic
def save_major(
    *, hall: Hall, content: MajorContent, actor, major: HallMajor | None = None
) -> HallMajor:
    """Add a major at the end of the list, or change one of the hall's majors."""
    hall = _locked(hall)
    if major is not None and major.hall_id != hall.pk:
        raise HallError(_("This major belongs to another hall."))
    name = " ".join(content.name.split())
    duplicate = HallMajor.objects.filter(hall=hall, name=name, level=content.level)
    if major is not None:
        duplicate = duplicate.exclude(pk=major.pk)
    if duplicate.exists():
        raise HallError(_("The major “%(name)s” is already listed at this level.") % {"name": name})
    before = audit.snapshot(major, ["name", "level", "years", "quota"]) if major else {}
    if major is None:
        major = HallMajor(hall=hall, position=_next_position(hall.majors.all()))
    major.name = name
    major.level = content.level
    major.years = content.years
    major.quota = content.quota
    major.description = content.description.strip()
    major.save()
    audit.record(
        actor=actor,
        action="hall.major_save",
        target=hall,
        before=before,
        after={"major": major.pk, **audit.snapshot(major, ["name", "level", "years", "quota"])},
    )
    _public_change(hall)
    return major


@transaction.atomic
def remove_major(*, major: HallMajor, actor) -> None:
    hall = _locked(major.hall)
    audit.record(
        actor=actor,
        action="hall.major_remove",
        target=hall,
        before={"major": major.pk, "name": major.name},
    )
    HallMajor.objects.filter(pk=major.pk, hall=hall).delete()
    _public_change(hall)


@transaction.atomic
def save_link(*, hall: Hall, content: LinkContent, actor, link: HallLink | None = None) -> HallLink:
    """Add a link (topic website, livestream, enrolment site) or change one of the hall's links."""
    hall = _locked(hall)
    if link is not None and link.hall_id != hall.pk:
        raise HallError(_("This link belongs to another hall."))
    before = audit.snapshot(link, ["kind", "title", "url"]) if link else {}
    if link is None:
        link = HallLink(hall=hall, position=_next_position(hall.links.all()))
    link.kind = content.kind
    link.title = content.title.strip()
    link.url = content.url.strip()
    link.platform = content.platform.strip()
    link.starts_at = content.starts_at
    link.save()
    audit.record(
        actor=actor,
        action="hall.link_save",
        target=hall,
        before=before,
        after={"link": link.pk, **audit.snapshot(link, ["kind", "title", "url"])},
    )
    _public_change(hall)
    return link


@transaction.atomic
def remove_link(*, link: HallLink, actor) -> None:
    hall = _locked(link.hall)
    audit.record(
        actor=actor,
        action="hall.link_remove",
        target=hall,
        before={"link": link.pk, "title": link.title, "url": link.url},
    )
    HallLink.objects.filter(pk=link.pk, hall=hall).delete()
    _public_change(hall)


# Albums --------------------------------------------------------------------------------------------


@transaction.atomic
def save_album(
    *, hall: Hall, title: str, description: str = "", actor, album: HallAlbum | None = None
) -> HallAlbum:
    """Add a photo album at the end, or rename one of the hall's albums."""
    hall = _locked(hall)
    if album is not None and album.hall_id != hall.pk:
        raise HallError(_("This album belongs to another hall."))
    title = " ".join(title.split())
    if not title:
        raise HallError(_("Give the album a title."))
    taken = HallAlbum.objects.filter(hall=hall, title=title)
    if album is not None:
        taken = taken.exclude(pk=album.pk)
    if taken.exists():
        raise HallError(_("There is already an album called “%(title)s”.") % {"title": title})
    if album is None:
        if hall.albums.count() >= settings.VOCWEEK_MAX_HALL_ALBUMS:
            raise HallError(
                _("A hall can have at most %(limit)s albums.")
                % {"limit": settings.VOCWEEK_MAX_HALL_ALBUMS}
            )
        album = HallAlbum(hall=hall, position=_next_position(hall.albums.all()))
    before = {"title": album.title} if album.pk else {}
    album.title = title
    album.description = description.strip()
    album.save()
    audit.record(
        actor=actor,
        action="hall.album_save",
        target=hall,
        before=before,
        after={"album": album.pk, "title": album.title},
    )
    _public_change(hall)
    return album


@transaction.atomic
def remove_album(*, album: HallAlbum, actor) -> None:
    """Remove an album with its photos; their files go once the removal is committed."""
    hall = _locked(album.hall)
    photos = list(HallMedia.objects.filter(album=album))
    names = [name for photo in photos for name in stored_names(photo)]
    audit.record(
        actor=actor,
        action="hall.album_remove",
        target=hall,
        before={"album": album.pk, "title": album.title, "photos": len(photos)},
    )
    HallAlbum.objects.filter(pk=album.pk, hall=hall).delete()
    _public_change(hall)
    transaction.on_commit(lambda: delete_files(names))


# Media ---------------------------------------------------------------------------------------------


def add_hall_media(
    *,
    hall: Hall,
    kind: str,
    upload: UploadedFile,
    caption: str = "",
    album: HallAlbum | None = None,
    actor,
) -> HallMedia:
    """Check an upload, store it cleaned and add it to the hall: a photo to `album`, a video, or
    a panorama (an equirectangular photo, twice as wide as high).

    Raises UploadRejected (naming the file) before anything is stored when the file is refused,
    and HallError when the hall cannot take it. Renditions follow in a task after the commit.
    """
    if kind not in HallMediaKind.values:
        raise ValueError(f"Unknown kind of hall media: {kind!r}")
    name = display_name(upload.name)
    if kind == HallMediaKind.PHOTO and (album is None or album.hall_id != hall.pk):
        raise HallError(_("Choose one of the hall's albums for “%(file)s”.") % {"file": name})
    if kind != HallMediaKind.PHOTO:
        album = None
    caption = _clean_caption(caption, name)
    _check_room(hall, name)
    media_type = check_upload(upload)
    media = HallMedia(hall=hall, album=album, kind=kind, original_name=name, caption=caption)
    if kind == HallMediaKind.VIDEO:
        if media_type.is_photo:
            raise UploadRejected(
                _("“%(file)s” is a photo; upload it to an album or as a panorama.") % {"file": name}
            )
        probe = probe_video(upload, name=name, media_type=media_type)
        media.suffix = media_type.suffix
        media.width, media.height, media.duration = probe.width, probe.height, probe.duration
        content: File = upload
    else:
        if not media_type.is_photo:
            raise UploadRejected(
                _("“%(file)s” is a video; add it under the hall's videos.") % {"file": name}
            )
        photo = clean_photo(upload, name=name, media_type=media_type)
        if kind == HallMediaKind.PANORAMA:
            _check_panorama(name, photo.width, photo.height)
        media.suffix = photo.media_type.suffix
        media.width, media.height = photo.width, photo.height
        content = ContentFile(photo.data)
    # Stored before the transaction so no database lock waits on file input and output.
    media.file.save(media.suffix, content, save=False)
    media.size = media.file.size
    try:
        _attach(media, hall=hall, actor=actor)
    except BaseException:
        default_storage.delete(media.file.name)
        raise
    return media


def _check_panorama(name: str, width: int, height: int) -> None:
    if abs(width / height - PANORAMA_RATIO) > PANORAMA_RATIO * PANORAMA_TOLERANCE:
        raise UploadRejected(
            _(
                "“%(file)s” is not a 360° panorama: a panorama is an equirectangular photo twice "
                "as wide as it is high, this one is %(width)s × %(height)s pixels."
            )
            % {"file": name, "width": width, "height": height}
        )


@transaction.atomic
def _attach(media: HallMedia, *, hall: Hall, actor) -> None:
    locked = _locked(hall)
    _check_room(locked, media.original_name)
    if media.album_id and not HallAlbum.objects.filter(pk=media.album_id, hall=locked).exists():
        raise HallError(_("The album was removed meanwhile; choose another one."))
    siblings = HallMedia.objects.filter(hall=locked, kind=media.kind, album_id=media.album_id)
    media.position = _next_position(siblings)
    media.status = MediaStatus.PENDING
    media.save()
    audit.record(
        actor=actor,
        action="hall.media_add",
        target=locked,
        after={
            "media": media.pk,
            "kind": media.kind,
            "file": media.original_name,
            "size": media.size,
            "album": media.album_id,
        },
    )
    media_id = media.pk
    transaction.on_commit(lambda: tasks.process_hall_media.enqueue(media_id))


@transaction.atomic
def remove_hall_media(*, media: HallMedia, actor) -> None:
    """Take a photo, video or panorama off the hall; its files go once the removal is committed."""
    hall = _locked(media.hall)
    media = HallMedia.objects.filter(pk=media.pk, hall=hall).first()
    if media is None:
        return
    names = stored_names(media)
    audit.record(
        actor=actor,
        action="hall.media_remove",
        target=hall,
        before={"media": media.pk, "kind": media.kind, "file": media.original_name},
    )
    media.delete()
    _public_change(hall)
    transaction.on_commit(lambda: delete_files(names))


@transaction.atomic
def update_caption(*, media: HallMedia, caption: str, actor) -> HallMedia:
    hall = _locked(media.hall)
    caption = _clean_caption(caption, media.original_name)
    if caption != media.caption:
        audit.record(
            actor=actor,
            action="hall.media_caption",
            target=hall,
            before={"media": media.pk, "caption": media.caption},
            after={"media": media.pk, "caption": caption},
        )
        media.caption = caption
        media.save(update_fields=["caption"])
        _public_change(hall)
    return media


@transaction.atomic
def set_cover(*, hall: Hall, media: HallMedia | None, actor) -> Hall:
    """Choose the photo the directory and share cards show for the hall (None: the first one)."""
    hall = _locked(hall)
    if media is not None and (media.hall_id != hall.pk or media.kind != HallMediaKind.PHOTO):
        raise HallError(_("The cover must be one of the hall's own photos."))
    before = {"cover": hall.cover_id}
    hall.cover = media
    hall.save(update_fields=["cover", "updated_at"])
    audit.record(
        actor=actor, action="hall.cover", target=hall, before=before, after={"cover": hall.cover_id}
    )
    _public_change(hall)
    return hall


def _check_room(hall: Hall, name: str) -> None:
    limit = settings.VOCWEEK_MAX_HALL_MEDIA
    if HallMedia.objects.filter(hall=hall).count() >= limit:
        raise HallError(
            _(
                "“%(file)s” was not added: a hall can have at most %(limit)s photos, videos and panoramas."
            )
            % {"file": name, "limit": limit}
        )


def _clean_caption(caption: str, name: str) -> str:
    caption = " ".join((caption or "").split())
    if len(caption) > MAX_CAPTION_LENGTH:
        raise HallError(
            _("The caption of “%(file)s” is longer than %(limit)s characters.")
            % {"file": name, "limit": MAX_CAPTION_LENGTH}
        )
    return caption
