"""Exhibition halls through their services: texts, publishing, the public cache and the search
index, albums, photos, videos and 360° panoramas, and their renditions."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import translation
from PIL import Image

from vocweek.core.models import AuditEntry
from vocweek.core.pagecache import current_generation
from vocweek.core.search import backend
from vocweek.core.uploads import UploadRejected
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.reports.enums import MediaStatus
from vocweek.reports.halls import services
from vocweek.reports.halls.enums import HallMediaKind, MajorLevel
from vocweek.reports.halls.models import Hall, HallAlbum, HallMajor, HallMedia
from vocweek.reports.halls.processing import PANORAMA_WIDTH, process_hall_media
from vocweek.reports.halls.search import HALL, search_halls
from vocweek.reports.tests import media_files as files

PHOTO, VIDEO, PANORAMA = HallMediaKind.PHOTO, HallMediaKind.VIDEO, HallMediaKind.PANORAMA
INTRODUCTION = "<p>学校建有葡萄酿造实训基地，与本地酒庄合作培养<strong>酿造</strong>技术人员。</p>"


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def editor(tree):
    return make_member(tree.college, Role.UNIT_MANAGER)


@pytest.fixture
def hall(tree, editor, media_root) -> Hall:
    return services.open_hall(unit=tree.college, actor=editor)


@pytest.fixture
def other_hall(tree, media_root) -> Hall:
    return services.open_hall(unit=tree.qingxu_school, actor=None)


@pytest.fixture
def album(hall, editor) -> HallAlbum:
    return services.save_album(hall=hall, title="实训基地", actor=editor)


def write(hall: Hall, actor, introduction: str = INTRODUCTION, **texts: str) -> Hall:
    content = services.HallContent(tagline="匠心育人", introduction=introduction, **texts)
    return services.update_hall(hall=hall, content=content, actor=actor)


@pytest.fixture
def upload(editor, django_capture_on_commit_callbacks):
    """Add a file to a hall and run the rendering the commit enqueues."""

    def add(hall: Hall, kind: str, name: str, data: bytes, album=None) -> HallMedia:
        with django_capture_on_commit_callbacks(execute=True):
            media = services.add_hall_media(
                hall=hall,
                kind=kind,
                upload=SimpleUploadedFile(name, data, "application/octet-stream"),
                album=album,
                actor=editor,
            )
        media.refresh_from_db()
        return media

    return add


@pytest.fixture
def published(hall, editor, django_capture_on_commit_callbacks) -> Hall:
    """The hall with its introduction and a major, published and in the index."""
    with django_capture_on_commit_callbacks(execute=True):
        hall = write(hall, editor)
        services.save_major(
            hall=hall,
            content=services.MajorContent(name="电梯工程技术", level=MajorLevel.HIGHER, years=3),
            actor=editor,
        )
        return services.publish_hall(hall=hall, actor=editor)


def stored_files(root: Path) -> set[str]:
    if not root.exists():
        return set()
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def found(query: str) -> list[int]:
    return [result.pk for result in search_halls(query)]


def indexed(query: str) -> list[int]:
    return [hit.object_id for hit in backend().search(query, kind=HALL, limit=10).hits]


# Texts and publishing -----------------------------------------------------------------------------


def test_introduction_and_enrolment_keep_only_safe_html(hall, editor):
    hall = write(
        hall,
        editor,
        introduction='<p onclick="steal()">学校<script>alert(1)</script><strong>简介</strong></p>'
        '<iframe src="https://example.com"></iframe>',
        enrolment='<p>招生<a href="javascript:alert(1)">电话</a><img src=x onerror="alert(1)"></p>',
        enrolment_phone="  0351-0000000 ",
    )

    hall.refresh_from_db()
    assert hall.introduction == "<p>学校<strong>简介</strong></p>"
    for unsafe in ("script", "onclick", "iframe", "javascript", "onerror", "<img"):
        assert unsafe not in hall.introduction + hall.enrolment
    assert "招生" in hall.enrolment and hall.enrolment_phone == "0351-0000000"
    entry = AuditEntry.objects.get(action="hall.update")
    assert entry.actor == editor and entry.after["tagline"] == "匠心育人"


def test_publishing_needs_an_introduction_with_words_in_it(hall, editor):
    write(hall, editor, introduction="<p> <br></p><script>学校</script>")

    with translation.override("en"), pytest.raises(services.HallError) as refused:
        services.publish_hall(hall=hall, actor=editor)

    assert "introduction" in str(refused.value)
    assert not Hall.objects.get(pk=hall.pk).is_published
    assert not AuditEntry.objects.filter(action="hall.publish").exists()


def test_publishing_is_audited_and_reaches_the_cache_and_index_only_on_commit(
    hall, editor, django_capture_on_commit_callbacks
):
    hall = write(hall, editor)
    services.save_major(
        hall=hall,
        content=services.MajorContent(name="电梯工程技术", level=MajorLevel.HIGHER),
        actor=editor,
    )
    before = current_generation()

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_hall(hall=hall, actor=editor)
        assert current_generation() == before
        assert found("葡萄") == []

    assert current_generation() != before
    assert found("葡萄") == [hall.pk]  # a word of the introduction
    assert found("电梯") == [hall.pk]  # a word of a major's name
    hall.refresh_from_db()
    assert hall.is_published and hall.published_at is not None
    entry = AuditEntry.objects.get(action="hall.publish")
    assert (entry.actor, entry.object_id) == (editor, str(hall.pk))


def test_a_publication_rolled_back_changes_nothing_public(
    hall, editor, django_capture_on_commit_callbacks
):
    hall = write(hall, editor)
    before = current_generation()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.publish_hall(hall=hall, actor=editor)
                raise RuntimeError("the request failed later")
        except RuntimeError:
            pass

    assert callbacks == []
    assert current_generation() == before and found("葡萄") == []
    assert not Hall.objects.get(pk=hall.pk).is_published


def test_withdrawing_takes_the_hall_out_of_the_index_and_the_cached_pages(
    published, editor, django_capture_on_commit_callbacks
):
    before = current_generation()

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_hall(hall=published, actor=editor)
        assert indexed("葡萄") == [published.pk]  # until the commit; the search skips it already
        assert found("葡萄") == []

    assert current_generation() != before
    assert indexed("葡萄") == [] and indexed("电梯") == []
    published.refresh_from_db()
    assert not published.is_published and published.introduction == INTRODUCTION  # kept
    assert AuditEntry.objects.get(action="hall.withdraw").actor == editor


def test_editing_a_published_hall_refreshes_its_index_entry(
    published, editor, django_capture_on_commit_callbacks
):
    before = current_generation()

    with django_capture_on_commit_callbacks(execute=True):
        write(published, editor, introduction="<p>学校新建了无人机应用实训中心。</p>")

    assert current_generation() != before
    assert found("无人机") == [published.pk]
    assert found("葡萄") == []


def test_a_published_hall_cannot_lose_its_introduction(published, editor):
    with translation.override("en"), pytest.raises(services.HallError) as refused:
        write(published, editor, introduction="<p></p>")

    assert "withdraw" in str(refused.value)
    assert Hall.objects.get(pk=published.pk).introduction != "<p></p>"


def test_editing_a_draft_hall_changes_nothing_public(
    hall, editor, django_capture_on_commit_callbacks
):
    before = current_generation()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        hall = write(hall, editor)
        services.save_major(
            hall=hall,
            content=services.MajorContent(name="电梯工程技术", level=MajorLevel.HIGHER),
            actor=editor,
        )
        services.save_album(hall=hall, title="校园风光", actor=editor)

    assert callbacks == []
    assert current_generation() == before and found("葡萄") == []


def test_opening_a_hall_twice_gives_the_same_draft(hall, tree, editor):
    again = services.open_hall(unit=tree.college, actor=editor)

    assert again.pk == hall.pk and not again.is_published
    assert AuditEntry.objects.filter(action="hall.open").count() == 1


# Majors and albums ---------------------------------------------------------------------------------


def test_the_same_major_at_the_same_level_is_refused_by_name(hall, editor):
    first = services.MajorContent(name="数控技术", level=MajorLevel.HIGHER, years=3, quota=200)
    services.save_major(hall=hall, content=first, actor=editor)
    secondary = services.MajorContent(name="数控技术", level=MajorLevel.SECONDARY, years=3)
    services.save_major(hall=hall, content=secondary, actor=editor)

    again = services.MajorContent(name="  数控技术 ", level=MajorLevel.HIGHER)
    with translation.override("en"), pytest.raises(services.HallError) as refused:
        services.save_major(hall=hall, content=again, actor=editor)

    assert "数控技术" in str(refused.value) and "already" in str(refused.value)
    assert HallMajor.objects.filter(hall=hall).count() == 2


def test_two_albums_of_one_hall_cannot_share_a_title(hall, editor, album):
    with translation.override("en"), pytest.raises(services.HallError) as refused:
        services.save_album(hall=hall, title="  实训基地 ", actor=editor)

    assert "实训基地" in str(refused.value)
    assert HallAlbum.objects.filter(hall=hall).count() == 1


def test_another_hall_may_use_the_same_album_title(other_hall, album):
    services.save_album(hall=other_hall, title=album.title, actor=None)

    assert HallAlbum.objects.filter(title=album.title).count() == 2


def test_a_hall_takes_no_more_albums_than_the_limit(hall, editor, settings):
    settings.VOCWEEK_MAX_HALL_ALBUMS = 2
    services.save_album(hall=hall, title="校园风光", actor=editor)
    services.save_album(hall=hall, title="实训基地", actor=editor)

    with translation.override("en"), pytest.raises(services.HallError) as refused:
        services.save_album(hall=hall, title="活动周现场", actor=editor)

    assert "2" in str(refused.value)
    assert list(HallAlbum.objects.filter(hall=hall).values_list("title", flat=True)) == [
        "校园风光",
        "实训基地",
    ]


# Media: checks before anything is stored --------------------------------------------------------


def test_a_photo_needs_an_album_of_the_same_hall(hall, other_hall, editor, media_root):
    foreign = services.save_album(hall=other_hall, title="校园风光", actor=None)

    for album in (None, foreign):
        with pytest.raises(services.HallError) as refused:
            services.add_hall_media(
                hall=hall,
                kind=PHOTO,
                upload=SimpleUploadedFile("gate.jpg", files.png()),
                album=album,
                actor=editor,
            )
        assert "gate.jpg" in str(refused.value)

    assert not HallMedia.objects.exists() and stored_files(media_root) == set()


def test_a_panorama_must_be_twice_as_wide_as_high(hall, editor, media_root):
    with pytest.raises(UploadRejected) as refused:
        services.add_hall_media(
            hall=hall,
            kind=PANORAMA,
            upload=SimpleUploadedFile("square.jpg", files.equirectangular(1200, 900)),
            actor=editor,
        )

    message = refused.value.message
    assert "square.jpg" in message and "1200" in message and "900" in message
    assert not HallMedia.objects.exists() and stored_files(media_root) == set()
    assert not AuditEntry.objects.filter(action="hall.media_add").exists()


def test_a_video_is_refused_as_a_photo_and_a_photo_as_a_video(hall, editor, album, media_root):
    with translation.override("en"):
        with pytest.raises(UploadRejected) as video_as_photo:
            services.add_hall_media(
                hall=hall,
                kind=PHOTO,
                upload=SimpleUploadedFile("clip.mp4", files.mp4()),
                album=album,
                actor=editor,
            )
        with pytest.raises(UploadRejected) as photo_as_video:
            services.add_hall_media(
                hall=hall,
                kind=VIDEO,
                upload=SimpleUploadedFile("gate.jpg", files.phone_jpeg(600, 400)),
                actor=editor,
            )
        with pytest.raises(UploadRejected) as video_as_panorama:
            services.add_hall_media(
                hall=hall,
                kind=PANORAMA,
                upload=SimpleUploadedFile("tour.webm", files.webm()),
                actor=editor,
            )

    assert "clip.mp4" in video_as_photo.value.message and "video" in video_as_photo.value.message
    assert "gate.jpg" in photo_as_video.value.message and "photo" in photo_as_video.value.message
    assert "tour.webm" in video_as_panorama.value.message
    assert not HallMedia.objects.exists() and stored_files(media_root) == set()


def test_a_hall_takes_no_more_media_than_the_limit(hall, album, upload, settings, media_root):
    settings.VOCWEEK_MAX_HALL_MEDIA = 2
    upload(hall, PHOTO, "one.png", files.png(), album)
    upload(hall, PANORAMA, "square.jpg", files.equirectangular(800))
    stored = stored_files(media_root)

    with translation.override("en"), pytest.raises(services.HallError) as refused:
        upload(hall, PHOTO, "three.png", files.png(), album)

    assert "three.png" in str(refused.value) and "2" in str(refused.value)
    assert HallMedia.objects.filter(hall=hall).count() == 2
    assert stored_files(media_root) == stored


# Media: renditions and removal ---------------------------------------------------------------------


def test_a_panorama_gets_a_viewer_image_at_most_4096_wide_and_exactly_two_to_one(
    hall, upload, media_root
):
    media = upload(hall, PANORAMA, "PANO_0001.jpg", files.equirectangular(4800, 2350))

    assert (media.status, media.album_id, media.error) == (MediaStatus.READY, None, "")
    assert (media.width, media.height) == (4800, 2350)
    viewer = media.renditions["panorama"]
    assert (viewer["width"], viewer["height"]) == (PANORAMA_WIDTH, PANORAMA_WIDTH // 2)
    assert media.panorama_url_name == viewer["jpeg"]
    with Image.open(media_root / viewer["jpeg"]) as image:
        assert (image.format, image.size) == ("JPEG", (4096, 2048))
        # The post across the seam stays red on both edges.
        for x in (0, image.width - 1):
            red, green, blue = image.getpixel((x, image.height // 2))
            assert red > 150 and green < 90 and blue < 90
    assert {size: rendition["width"] for size, rendition in media.renditions.items()} == {
        "large": 1920,
        "medium": 960,
        "thumb": 320,
        "panorama": 4096,
    }


def test_a_small_panorama_is_never_enlarged(hall, upload):
    media = upload(hall, PANORAMA, "small.jpg", files.equirectangular(1000))

    assert media.renditions["panorama"]["width"] == 1000
    assert media.renditions["panorama"]["height"] == 500


def test_a_damaged_file_is_marked_failed_with_a_message_and_no_renditions(hall, editor, media_root):
    # Stored after the checks, then damaged on disk before the task ran.
    media = services.add_hall_media(
        hall=hall,
        kind=PANORAMA,
        upload=SimpleUploadedFile("PANO_0002.jpg", files.equirectangular(800)),
        actor=editor,
    )
    (media_root / media.file.name).write_bytes(files.truncated_jpeg())

    process_hall_media(media.pk)

    media.refresh_from_db()
    assert media.status == MediaStatus.FAILED and "PANO_0002.jpg" in media.error
    assert media.renditions == {}
    assert stored_files(media_root) == {media.file.name}


def test_removing_an_album_deletes_its_photos_files_once_committed(
    hall, editor, album, upload, media_root, django_capture_on_commit_callbacks
):
    kept = upload(hall, PANORAMA, "PANO.jpg", files.equirectangular(800))
    photos = [upload(hall, PHOTO, f"{n}.png", files.png(), album) for n in range(2)]
    services.set_cover(hall=hall, media=photos[0], actor=editor)
    photo_files = {name for photo in photos for name in _names(photo)}
    assert photo_files <= stored_files(media_root)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.remove_album(album=album, actor=editor)
    assert photo_files <= stored_files(media_root)  # nothing goes before the commit

    for callback in callbacks:
        callback()
    assert not photo_files & stored_files(media_root)
    assert set(_names(kept)) <= stored_files(media_root)
    assert not HallMedia.objects.filter(kind=PHOTO).exists()
    assert Hall.objects.get(pk=hall.pk).cover is None
    assert AuditEntry.objects.get(action="hall.album_remove").before["photos"] == 2


def test_removing_a_panorama_deletes_its_viewer_image_too(
    hall, editor, upload, media_root, django_capture_on_commit_callbacks
):
    panorama = upload(hall, PANORAMA, "PANO.jpg", files.equirectangular(800))
    assert panorama.renditions["panorama"]["jpeg"] in stored_files(media_root)

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_hall_media(media=panorama, actor=editor)

    assert stored_files(media_root) == set()
    assert not HallMedia.objects.exists()


def test_an_unknown_kind_of_media_is_a_programming_error(hall, editor, media_root):
    with pytest.raises(ValueError):
        services.add_hall_media(
            hall=hall,
            kind="document",
            upload=SimpleUploadedFile("notes.png", files.png()),
            actor=editor,
        )

    assert stored_files(media_root) == set()


def _names(media: HallMedia) -> list[str]:
    names = [media.file.name]
    for rendition in media.renditions.values():
        names += [name for key, name in rendition.items() if key in ("jpeg", "webp")]
    return names


def test_the_cover_is_one_of_the_halls_own_photos(
    hall, other_hall, editor, album, upload, media_root
):
    foreign_album = services.save_album(hall=other_hall, title="校园风光", actor=None)
    foreign = upload(other_hall, PHOTO, "foreign.png", files.png(), foreign_album)
    panorama = upload(hall, PANORAMA, "PANO.jpg", files.equirectangular(800))
    own = upload(hall, PHOTO, "own.png", files.png(), album)

    for media in (foreign, panorama):
        with pytest.raises(services.HallError):
            services.set_cover(hall=hall, media=media, actor=editor)
    assert Hall.objects.get(pk=hall.pk).cover is None

    services.set_cover(hall=hall, media=own, actor=editor)
    assert Hall.objects.get(pk=hall.pk).cover == own
