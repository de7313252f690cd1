"""Submitting, changing and withdrawing entries, with their authors and media.

Every check that needs no file comes first; then each upload is checked by its content
(`core.uploads`): a photo is decoded in full and stored as a fresh encoding of its pixels, a video
must hold a picture that decodes and is stored as sent, its container rewritten without metadata
by a task. Files are stored before the transaction, so that no lock waits on file input and
output, and removed again if the entry is refused: nothing is half-saved.

A submission carries a token from its form: a form sent twice (a double tap, a retried request)
finds the entry the first one created instead of creating a second.
"""

import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from vocweek.core import audit, clock
from vocweek.core.uploads import (
    UploadRejected,
    check_upload,
    clean_photo,
    display_name,
    probe_video,
)
from vocweek.orgs.models import Unit
from vocweek.voting.works import tasks
from vocweek.voting.works.enums import (
    AuthorRole,
    CollectionState,
    EntryKind,
    EntryState,
    MediaKind,
    MediaStatus,
)
from vocweek.voting.works.models import Author, Category, Collection, Entry, EntryMedia
from vocweek.voting.works.services import WorksError

MAX_PHOTOS = 9
MAX_AUTHORS = 8
MAX_TEACHERS = 3


@dataclass(frozen=True)
class AuthorLine:
    name: str
    role: str = AuthorRole.STUDENT
    affiliation: str = ""


@dataclass(frozen=True)
class EntryContent:
    """What the unit typed: title, description, the essay (for an essay category) and authors."""

    title: str
    description: str = ""
    essay: str = ""
    authors: tuple[AuthorLine, ...] = ()


@dataclass
class _Stored:
    """A checked upload stored before the transaction, waiting for its row."""

    media: EntryMedia
    name: str


def _check_taking(collection: Collection) -> None:
    if collection.state != CollectionState.OPEN:
        raise WorksError(_("“%(title)s” is not taking entries.") % {"title": collection.title})
    if clock.now() >= collection.deadline:
        raise WorksError(
            _(
                "The deadline of “%(title)s” has passed: entries can no longer be submitted or changed."
            )
            % {"title": collection.title}
        )


def _clean_content(content: EntryContent, category: Category) -> EntryContent:
    title = " ".join(content.title.split())
    if not title:
        raise WorksError(_("Title: enter the work's title."))
    if len(title) > Entry._meta.get_field("title").max_length:
        raise WorksError(_("Title: at most 80 characters."))
    description = content.description.strip()
    if len(description) > Entry._meta.get_field("description").max_length:
        raise WorksError(_("Description: at most 1,000 characters."))
    authors = tuple(
        AuthorLine(
            name=" ".join(line.name.split()),
            role=line.role,
            affiliation=" ".join(line.affiliation.split()),
        )
        for line in content.authors
        if line.name.strip()
    )
    if not authors:
        raise WorksError(_("Authors: name at least one author."))
    if len(authors) > MAX_AUTHORS:
        raise WorksError(_("Authors: at most %(limit)d.") % {"limit": MAX_AUTHORS})
    for row, author in enumerate(authors, start=1):
        if author.role not in AuthorRole.values:
            raise WorksError(_("Author %(row)d: choose student or teacher.") % {"row": row})
        if len(author.name) > Author._meta.get_field("name").max_length:
            raise WorksError(_("Author %(row)d: the name is too long.") % {"row": row})
        if len(author.affiliation) > Author._meta.get_field("affiliation").max_length:
            raise WorksError(_("Author %(row)d: the class or major is too long.") % {"row": row})
    if sum(author.role == AuthorRole.TEACHER for author in authors) > MAX_TEACHERS:
        raise WorksError(
            _("Authors: at most %(limit)d supervising teachers.") % {"limit": MAX_TEACHERS}
        )
    essay = ""
    if category.kind == EntryKind.ESSAY:
        essay = "\n".join(line.rstrip() for line in content.essay.strip().splitlines())
        if not essay:
            raise WorksError(_("Essay: paste the essay's text."))
        length = len("".join(essay.split()))
        limit = category.max_characters or Entry._meta.get_field("essay").max_length
        if length > limit:
            raise WorksError(
                _("Essay: %(length)d characters; “%(category)s” takes at most %(limit)d.")
                % {"length": length, "category": category.name, "limit": limit}
            )
    return EntryContent(title=title, description=description, essay=essay, authors=authors)


def _check_photo(upload: UploadedFile) -> tuple[EntryMedia, bytes]:
    name = display_name(upload.name)
    media_type = check_upload(upload)
    if not media_type.is_photo:
        raise UploadRejected(
            _("“%(file)s” is a video: this category takes photos.") % {"file": name}
        )
    photo = clean_photo(upload, name=name, media_type=media_type)
    media = EntryMedia(
        kind=MediaKind.PHOTO,
        original_name=name,
        suffix=photo.media_type.suffix,
        width=photo.width,
        height=photo.height,
    )
    return media, photo.data


def _check_video(upload: UploadedFile) -> EntryMedia:
    name = display_name(upload.name)
    media_type = check_upload(upload)
    if media_type.is_photo:
        raise UploadRejected(
            _("“%(file)s” is a photo: this category takes a video.") % {"file": name}
        )
    probe = probe_video(upload, name=name, media_type=media_type)
    return EntryMedia(
        kind=MediaKind.VIDEO,
        original_name=name,
        suffix=media_type.suffix,
        width=probe.width,
        height=probe.height,
        duration=probe.duration,
    )


def _store(entry_holder: Entry, media: EntryMedia, content) -> _Stored:
    """Save a checked file under a random name (the entry row is not saved yet)."""
    media.entry = entry_holder
    media.file.save(media.suffix, content, save=False)
    media.size = media.file.size
    return _Stored(media=media, name=media.file.name)


def _store_uploads(
    holder: Entry, category: Category, photos: list[UploadedFile], video: UploadedFile | None
) -> list[_Stored]:
    """Check every upload (all of them before storing any), then store them; a refusal names the
    file and stores nothing."""
    checked: list[tuple[EntryMedia, object]] = []
    try:
        if category.kind == EntryKind.PHOTOS:
            for upload in photos:
                media, data = _check_photo(upload)
                checked.append((media, ContentFile(data)))
        elif category.kind == EntryKind.VIDEO and video is not None:
            checked.append((_check_video(video), video))
    except UploadRejected as refused:
        raise WorksError(refused.message) from refused
    stored: list[_Stored] = []
    try:
        for media, content in checked:
            stored.append(_store(holder, media, content))
    except BaseException:
        _delete([item.name for item in stored])
        raise
    return stored


def _delete(names: list[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


def _check_media_count(category: Category, photos: int, videos: int) -> None:
    if category.kind == EntryKind.PHOTOS:
        if photos < 1:
            raise WorksError(_("Photos: add at least one photo."))
        if photos > MAX_PHOTOS:
            raise WorksError(_("Photos: at most %(limit)d.") % {"limit": MAX_PHOTOS})
    elif category.kind == EntryKind.VIDEO and videos != 1:
        raise WorksError(_("Video: add the video file."))


def _check_limit(collection: Collection, category: Category, unit: Unit) -> None:
    taken = (
        Entry.objects.counted().filter(collection=collection, category=category, unit=unit).count()
    )
    if taken >= collection.entries_per_unit:
        raise WorksError(
            _("“%(category)s”: your unit has submitted %(limit)d entries, as many as allowed.")
            % {"category": category.name, "limit": collection.entries_per_unit}
        )


def _set_authors(entry: Entry, authors: tuple[AuthorLine, ...]) -> None:
    Author.objects.filter(entry=entry).delete()
    Author.objects.bulk_create(
        Author(
            entry=entry,
            name=line.name,
            role=line.role,
            affiliation=line.affiliation,
            position=position,
        )
        for position, line in enumerate(authors)
    )


def _attach(entry: Entry, stored: list[_Stored], first_position: int) -> list[int]:
    ids = []
    for offset, item in enumerate(stored):
        item.media.entry = entry
        item.media.position = first_position + offset
        item.media.status = MediaStatus.PENDING
        item.media.save()
        ids.append(item.media.pk)
    return ids


def _enqueue(media_ids: list[int]) -> None:
    for media_id in media_ids:
        transaction.on_commit(lambda media_id=media_id: tasks.process_entry_media.enqueue(media_id))


def _existing(token: uuid.UUID, unit: Unit) -> Entry | None:
    entry = Entry.objects.filter(token=token).first()
    if entry is not None and entry.unit_id != unit.pk:
        raise WorksError(_("This form was already used; reload the page."))
    return entry


def submit_entry(
    *,
    collection: Collection,
    category: Category,
    unit: Unit,
    actor,
    content: EntryContent,
    token: uuid.UUID,
    photos: list[UploadedFile] | None = None,
    video: UploadedFile | None = None,
) -> Entry:
    """Submit a unit's entry to an open collection before its deadline, within the unit's limit
    per category. The same token twice gives back the first entry."""
    photos = photos or []
    existing = _existing(token, unit)
    if existing is not None:
        return existing
    if category.collection_id != collection.pk:
        raise WorksError(_("Category: choose one of this collection's categories."))
    _check_taking(collection)
    content = _clean_content(content, category)
    _check_media_count(category, len(photos), 1 if video is not None else 0)
    _check_limit(collection, category, unit)
    holder = Entry(collection=collection, category=category, unit=unit)
    stored = _store_uploads(holder, category, photos, video)
    try:
        entry, media_ids = _create(collection, category, unit, actor, content, token, stored)
    except BaseException:
        _delete([item.name for item in stored])
        raise
    if media_ids is None:  # the same form, sent twice at once: the first one won
        _delete([item.name for item in stored])
    return entry


def _create(collection, category, unit, actor, content, token, stored):
    try:
        with transaction.atomic():
            locked = Collection.objects.select_for_update().get(pk=collection.pk)
            existing = _existing(token, unit)
            if existing is not None:
                return existing, None
            _check_taking(locked)
            _check_limit(locked, category, unit)
            last = Entry.objects.filter(collection=locked).aggregate(last=Max("number"))["last"]
            entry = Entry.objects.create(
                collection=locked,
                category=category,
                unit=unit,
                number=(last or 0) + 1,
                title=content.title,
                description=content.description,
                essay=content.essay,
                token=token,
                submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
                submitted_at=clock.now(),
            )
            _set_authors(entry, content.authors)
            media_ids = _attach(entry, stored, 0)
            audit.record(
                actor=actor,
                action="works.submit",
                target=entry,
                after={
                    "collection": locked.pk,
                    "category": category.name,
                    "unit": unit.name,
                    "title": entry.title,
                    "authors": [line.name for line in content.authors],
                    "files": [item.media.original_name for item in stored],
                },
            )
            _enqueue(media_ids)
            return entry, media_ids
    except IntegrityError:
        existing = _existing(token, unit)
        if existing is None:
            raise
        return existing, None


def update_entry(
    *,
    entry: Entry,
    actor,
    content: EntryContent,
    add_photos: list[UploadedFile] | None = None,
    remove_media: list[int] | None = None,
    video: UploadedFile | None = None,
) -> Entry:
    """Change a submitted entry before the deadline: its text and authors, photos added or
    removed, the video replaced. The entry keeps at least one photo or its video."""
    add_photos = add_photos or []
    remove_ids = set(remove_media or [])
    collection = entry.collection
    category = entry.category
    if entry.state != EntryState.SUBMITTED:
        raise WorksError(
            _("Entry %(code)s is %(state)s: it cannot be changed.")
            % {"code": entry.code, "state": entry.get_state_display()}
        )
    _check_taking(collection)
    content = _clean_content(content, category)
    current = list(EntryMedia.objects.filter(entry=entry))
    if category.kind == EntryKind.VIDEO and video is not None:
        remove_ids |= {item.pk for item in current}
    kept = [item for item in current if item.pk not in remove_ids]
    _check_media_count(
        category,
        sum(item.kind == MediaKind.PHOTO for item in kept) + len(add_photos),
        sum(item.kind == MediaKind.VIDEO for item in kept) + (1 if video is not None else 0),
    )
    stored = _store_uploads(entry, category, add_photos, video)
    try:
        removed = _apply_update(entry, actor, content, stored, remove_ids)
    except BaseException:
        _delete([item.name for item in stored])
        raise
    _delete(removed)  # after the commit: a failed change keeps every file
    entry.refresh_from_db()
    return entry


@transaction.atomic
def _apply_update(entry, actor, content, stored, remove_ids) -> list[str]:
    Collection.objects.select_for_update().get(pk=entry.collection_id)
    locked = Entry.objects.select_for_update().select_related("collection").get(pk=entry.pk)
    if locked.state != EntryState.SUBMITTED:
        raise WorksError(_("The entry changed meanwhile; reload the page."))
    _check_taking(locked.collection)
    before = {"title": locked.title, "authors": list(locked.authors.values_list("name", flat=True))}
    locked.title, locked.description, locked.essay = (
        content.title,
        content.description,
        content.essay,
    )
    locked.save(update_fields=["title", "description", "essay", "updated_at"])
    _set_authors(locked, content.authors)
    removed = []
    for media in EntryMedia.objects.filter(entry=locked, pk__in=remove_ids):
        removed += [media.file.name, media.preview]
        media.delete()
    last = EntryMedia.objects.filter(entry=locked).aggregate(last=Max("position"))["last"]
    media_ids = _attach(locked, stored, 0 if last is None else last + 1)
    audit.record(
        actor=actor,
        action="works.change",
        target=locked,
        before=before,
        after={
            "title": locked.title,
            "authors": [line.name for line in content.authors],
            "added": [item.media.original_name for item in stored],
            "removed": len(removed) // 2,
        },
    )
    _enqueue(media_ids)
    return removed


@transaction.atomic
def withdraw_entry(*, entry: Entry, actor) -> Entry:
    """The unit takes its entry back before the deadline; the place counts no more."""
    locked = Entry.objects.select_for_update().select_related("collection").get(pk=entry.pk)
    _check_taking(locked.collection)
    if locked.state != EntryState.SUBMITTED:
        raise WorksError(
            _("Entry %(code)s is %(state)s: it cannot be withdrawn.")
            % {"code": locked.code, "state": locked.get_state_display()}
        )
    locked.state = EntryState.WITHDRAWN
    locked.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=actor,
        action="works.withdraw",
        target=locked,
        before={"state": EntryState.SUBMITTED},
        after={"state": EntryState.WITHDRAWN},
    )
    return locked
