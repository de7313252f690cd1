"""Photos and videos of reports: content checks, metadata stripping, renditions, serving."""

import io
from pathlib import Path

import av
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from PIL import ExifTags, Image

from vocweek.core.media import content_type_for
from vocweek.core.models import AuditEntry
from vocweek.core.uploads import UploadRejected
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.reports import services
from vocweek.reports.enums import Category, MediaKind, MediaStatus
from vocweek.reports.media import (
    add_media,
    process_media,
    remove_media,
    update_captions_and_order,
)
from vocweek.reports.models import Report, ReportMedia
from vocweek.reports.tests import media_files as files

DAY_THREE = "2021-05-24T15:00+08:00"


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def reporter(tree):
    return make_member(tree.college, Role.UNIT_REPORTER)


@pytest.fixture
def report(tree, campaign, reporter, media_root, clock_at):
    clock_at(DAY_THREE)
    content = services.ReportContent(
        title="开放校园迎来八方来客", body="<p>师生展示数控技能。</p>", category=Category.PHOTO_NEWS
    )
    return services.create_report(
        campaign=campaign, unit=tree.college, author=reporter, content=content
    )


@pytest.fixture
def upload(report, reporter, django_capture_on_commit_callbacks):
    """Add a file to the report and run the background processing the commit enqueues."""

    def add(name: str, data: bytes, caption: str = "") -> ReportMedia:
        with django_capture_on_commit_callbacks(execute=True):
            media = add_media(
                report=report,
                upload=SimpleUploadedFile(name, data, "application/octet-stream"),
                caption=caption,
                actor=reporter,
            )
        media.refresh_from_db()
        return media

    return add


def stored_files(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def opened(root: Path, name: str) -> Image.Image:
    return Image.open(root / name)


def close_to(pixel, colour) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(pixel, colour, strict=False))


def test_phone_photo_is_stored_upright_without_gps_and_rendered_in_the_background(
    report, reporter, media_root, upload
):
    media = upload("IMG_0001.JPG", files.phone_jpeg(), caption="  师生  展示技能 ")

    assert (media.kind, media.suffix, media.status) == (MediaKind.PHOTO, ".jpg", MediaStatus.READY)
    assert (media.width, media.height, media.position) == (1600, 2400, 0)
    assert media.caption == "师生 展示技能" and media.original_name == "IMG_0001.JPG"
    original = opened(media_root, media.file.name)
    exif = original.getexif()
    assert ExifTags.IFD.GPSInfo not in exif and ExifTags.Base.Orientation not in exif
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
    raw = (media_root / media.file.name).read_bytes()
    assert b"PhoneMaker" not in raw and b"secret note" not in raw
    # Orientation 6 turns the picture clockwise: the red left half is now on top.
    assert original.size == (1600, 2400)
    assert close_to(original.getpixel((800, 100)), files.RED)
    assert close_to(original.getpixel((800, 2300)), files.BLUE)

    assert {size: (r["width"], r["height"]) for size, r in media.renditions.items()} == {
        "large": (1280, 1920),
        "medium": (640, 960),
        "thumb": (213, 320),
    }
    for rendition in media.renditions.values():
        assert opened(media_root, rendition["jpeg"]).format == "JPEG"
        assert opened(media_root, rendition["webp"]).format == "WEBP"
        assert rendition["jpeg"].startswith(media.file.name.removesuffix(".jpg"))
        assert not opened(media_root, rendition["jpeg"]).getexif()
    entry = AuditEntry.objects.get(action="report.media_add")
    assert entry.object_id == str(report.pk) and entry.after["file"] == "IMG_0001.JPG"


def test_renditions_wait_for_the_commit(report, reporter, media_root):
    media = add_media(
        report=report,
        upload=SimpleUploadedFile("photo.png", files.png()),
        caption="",
        actor=reporter,
    )
    media.refresh_from_db()
    assert media.status == MediaStatus.PENDING and media.renditions == {}
    assert set(stored_files(media_root)) == {media.file.name}


@pytest.mark.parametrize(
    ("name", "make", "suffix", "stored_format", "size"),
    [
        ("diagram.png", files.png, ".png", "PNG", (300, 200)),
        ("banner.webp", files.webp, ".webp", "WEBP", (300, 200)),
        ("moving.gif", files.gif, ".gif", "GIF", (120, 80)),
        ("IMG_0002.HEIC", files.heic, ".jpg", "JPEG", (300, 200)),
    ],
)
def test_each_photo_format_is_stored_in_a_format_browsers_show(
    upload, media_root, name, make, suffix, stored_format, size
):
    media = upload(name, make())
    assert (media.suffix, media.status, (media.width, media.height)) == (
        suffix,
        MediaStatus.READY,
        size,
    )
    assert media.file.name.endswith(suffix)
    assert opened(media_root, media.file.name).format == stored_format
    assert media.renditions["thumb"]["width"] == size[0]  # small photos are never enlarged


def test_animated_gif_keeps_its_frames_but_not_its_comment(upload, media_root):
    media = upload("moving.gif", files.gif(comment=b"<script>alert(1)</script>"))
    stored = opened(media_root, media.file.name)
    assert stored.n_frames == 3
    assert b"<script" not in (media_root / media.file.name).read_bytes()


def test_video_is_probed_stripped_of_its_place_and_given_an_upright_poster(upload, media_root):
    media = upload(
        "VID_0001.mp4", files.mp4(seconds=2, rotation=-90, location="+37.8700+112.5600/")
    )

    assert (media.kind, media.suffix, media.status) == (MediaKind.VIDEO, ".mp4", MediaStatus.READY)
    assert (media.width, media.height) == (48, 64)
    assert media.duration == pytest.approx(2.0, abs=0.2)
    assert media.renditions["video"] == {"codec": "h264", "rotation": 270}
    with av.open(str(media_root / media.file.name)) as stored:
        assert "location" not in stored.metadata and "title" not in stored.metadata
        assert next(stored.decode(video=0)).rotation == -90  # still plays upright
    poster = opened(media_root, media.poster)
    assert poster.size == (48, 64)
    assert close_to(poster.getpixel((24, 5)), files.RED)
    assert close_to(poster.getpixel((24, 58)), files.BLUE)
    assert media.size == (media_root / media.file.name).stat().st_size


@pytest.mark.parametrize(
    ("name", "make", "suffix", "codec"),
    [("clip.mov", files.mov, ".mov", "h264"), ("clip.webm", files.webm, ".webm", "vp8")],
)
def test_mov_and_webm_videos_are_accepted(upload, media_root, name, make, suffix, codec):
    media = upload(name, make(seconds=0.5))
    assert (media.suffix, media.status, media.renditions["video"]["codec"]) == (
        suffix,
        MediaStatus.READY,
        codec,
    )
    assert (media.width, media.height) == (64, 48)
    assert opened(media_root, media.renditions["thumb"]["webp"]).size == (64, 48)


HOSTILE = [
    ("photo.jpg", files.PDF),
    ("logo.svg", files.SVG),
    ("picture.png", files.HTML),
    ("empty.jpg", b""),
    ("bomb.png", files.decompression_bomb()),
    ("cut-off.jpg", files.truncated_jpeg()),
    ("funny.gif", files.POLYGLOT_GIF),
    ("playlist.mp4", files.HLS_PLAYLIST),
    ("clip.mp4", files.mp4()[:200]),
]


@pytest.mark.parametrize(("name", "data"), HOSTILE, ids=[name for name, _data in HOSTILE])
def test_hostile_file_is_rejected_by_name_and_nothing_of_the_report_changes(
    report, reporter, upload, media_root, name, data
):
    kept = upload("kept.png", files.png(), caption="保留的照片")
    before_files = stored_files(media_root)
    before_report = Report.objects.values().get(pk=report.pk)

    with pytest.raises(UploadRejected) as rejected:
        upload(name, data)

    assert f"“{name}”" in rejected.value.message
    assert stored_files(media_root) == before_files
    assert Report.objects.values().get(pk=report.pk) == before_report
    assert list(report.media.values_list("pk", "caption")) == [(kept.pk, "保留的照片")]


def test_oversize_files_are_rejected_before_they_are_read(settings, upload, media_root):
    settings.VOCWEEK_MAX_PHOTO_BYTES = 10_000
    with pytest.raises(UploadRejected) as rejected:
        upload("big.jpg", files.phone_jpeg())
    assert "“big.jpg”" in rejected.value.message and "0.0 MB" in rejected.value.message
    assert stored_files(media_root) == {}


def test_photo_over_the_pixel_limit_is_rejected(settings, upload, media_root):
    settings.VOCWEEK_MAX_PHOTO_PIXELS = 50_000
    with pytest.raises(UploadRejected) as rejected:
        upload("wide.png", files.png())
    assert "“wide.png”" in rejected.value.message
    assert stored_files(media_root) == {}


def test_video_with_frames_over_the_pixel_limit_is_rejected(settings, upload, media_root):
    settings.VOCWEEK_MAX_PHOTO_PIXELS = 3000  # the test video is 64 × 48 = 3,072 pixels
    with pytest.raises(UploadRejected) as rejected:
        upload("huge.mp4", files.mp4(seconds=0.5))
    assert "“huge.mp4”" in rejected.value.message
    assert stored_files(media_root) == {}


def test_media_of_a_submitted_report_cannot_change(report, reporter, upload, media_root):
    media = upload("photo.png", files.png())
    services.submit_report(report=report, actor=reporter, version=report.version)
    report.refresh_from_db()

    with pytest.raises(services.ReportError):
        upload("another.png", files.png())
    with pytest.raises(services.ReportError):
        remove_media(media=media, actor=reporter)
    with pytest.raises(services.ReportError):
        update_captions_and_order(
            report=report, captions={media.pk: "新"}, order=[], actor=reporter
        )
    assert list(report.media.values_list("pk", "caption")) == [(media.pk, "")]
    assert len(stored_files(media_root)) == 7


def test_a_report_holds_at_most_the_configured_number_of_media(settings, upload, media_root):
    settings.VOCWEEK_MAX_MEDIA_PER_REPORT = 1
    upload("one.png", files.png())
    with pytest.raises(services.ReportError) as refused:
        upload("two.png", files.png())
    assert "“two.png”" in str(refused.value)
    assert len(stored_files(media_root)) == 7


def test_captions_and_order_change_together_and_are_audited(report, reporter, upload):
    first, second, third = (upload(f"{n}.png", files.png()) for n in ("a", "b", "c"))
    arranged = update_captions_and_order(
        report=report,
        captions={second.pk: " 技能展示 ", first.pk: ""},
        order=[third.pk, second.pk, first.pk],
        actor=reporter,
    )
    assert [(m.pk, m.position, m.caption) for m in arranged] == [
        (third.pk, 0, ""),
        (second.pk, 1, "技能展示"),
        (first.pk, 2, ""),
    ]
    assert list(report.media.values_list("pk", flat=True)) == [third.pk, second.pk, first.pk]
    entry = AuditEntry.objects.get(action="report.media_arrange")
    assert entry.before[str(second.pk)] == [1, ""] and entry.after[str(second.pk)] == [
        1,
        "技能展示",
    ]


def test_order_naming_media_of_another_report_is_refused(report, reporter, upload):
    media = upload("a.png", files.png())
    with pytest.raises(services.ReportConflict):
        update_captions_and_order(
            report=report, captions={}, order=[media.pk, media.pk + 100], actor=reporter
        )
    with pytest.raises(services.ReportError):
        update_captions_and_order(
            report=report, captions={media.pk: "长" * 201}, order=[], actor=reporter
        )


def test_removed_media_takes_its_files_with_it(
    reporter, upload, media_root, django_capture_on_commit_callbacks
):
    kept = upload("kept.png", files.png())
    gone = upload("gone.mp4", files.mp4(seconds=0.5))
    with django_capture_on_commit_callbacks(execute=True):
        remove_media(media=gone, actor=reporter)
    assert not ReportMedia.objects.filter(pk=gone.pk).exists()
    assert all(
        name.startswith(kept.file.name.removesuffix(".png")) for name in stored_files(media_root)
    )
    assert AuditEntry.objects.filter(action="report.media_remove").exists()


def test_processing_failure_is_recorded_for_the_unit_and_never_raised(report, reporter, media_root):
    media = add_media(
        report=report,
        upload=SimpleUploadedFile("clip.webm", files.webm()),
        caption="",
        actor=reporter,
    )
    (media_root / media.file.name).write_bytes(b"\x1a\x45\xdf\xa3 broken since")

    process_media(media.pk)

    media.refresh_from_db()
    assert media.status == MediaStatus.FAILED and "clip.webm" in media.error
    assert set(stored_files(media_root)) == {media.file.name}
    process_media(media.pk + 1000)  # gone: nothing happens


def test_picture_tag_offers_webp_and_jpeg_with_size_and_caption(upload):
    media = upload("photo.png", files.png(), caption='师生"合影"')
    html = Template('{% load report_media %}{% media_picture media "thumb" %}').render(
        Context({"media": media})
    )
    thumb = media.renditions["thumb"]
    assert f'<source type="image/webp" srcset="/media/{thumb["webp"]}">' in html
    assert f'<img src="/media/{thumb["jpeg"]}" width="300" height="200"' in html
    assert 'alt="师生&quot;合影&quot;"' in html and 'loading="lazy"' in html


def test_video_tag_plays_the_file_with_its_poster(upload):
    media = upload("clip.mp4", files.mp4(seconds=0.5))
    html = Template("{% load report_media %}{% media_video media %}").render(
        Context({"media": media})
    )
    assert f'poster="/media/{media.poster}"' in html
    assert f'<source src="/media/{media.file.name}" type="video/mp4">' in html


# Serving -----------------------------------------------------------------------------------------


def test_media_are_served_passively_typed_and_cached(client, upload):
    media = upload("photo.png", files.png())
    response = client.get(f"/media/{media.renditions['medium']['webp']}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "immutable" in response["Cache-Control"]
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).format == "WEBP"


def test_video_is_served_in_byte_ranges(client, upload, media_root):
    media = upload("clip.mp4", files.mp4(seconds=0.5))
    data = (media_root / media.file.name).read_bytes()
    response = client.get(f"/media/{media.file.name}", headers={"Range": "bytes=10-19"})
    assert response.status_code == 206
    assert response["Content-Type"] == "video/mp4"
    assert response["Content-Range"] == f"bytes 10-19/{len(data)}"
    assert b"".join(response.streaming_content) == data[10:20]
    assert (
        client.get(f"/media/{media.file.name}", headers={"Range": "bytes=-4"}).getvalue()
        == (data[-4:])
    )
    unsatisfiable = client.get(
        f"/media/{media.file.name}", headers={"Range": f"bytes={len(data)}-"}
    )
    assert unsatisfiable.status_code == 416


def test_markup_and_files_outside_the_media_folders_are_never_served(client, media_root, settings):
    (media_root / "reports" / "1").mkdir(parents=True)
    (media_root / "reports" / "1" / "page.html").write_bytes(files.HTML)
    (media_root / "reports" / "1" / "logo.svg").write_bytes(files.SVG)
    (media_root / "reports" / "1" / "photo.jpg").write_bytes(files.png())
    (media_root / "private.jpg").write_bytes(files.png())
    (media_root.parent / "secret.jpg").write_bytes(files.png())

    assert client.get("/media/reports/1/photo.jpg").status_code == 200
    for path in (
        "/media/reports/1/page.html",
        "/media/reports/1/logo.svg",
        "/media/private.jpg",
        "/media/reports/../private.jpg",
        "/media/reports/%2E%2E/%2E%2E/secret.jpg",
        "/media/reports/1/missing.jpg",
    ):
        assert client.get(path).status_code == 404, path
    assert content_type_for("reports/../../secret.jpg") is None
    assert content_type_for("reports/1/.hidden.jpg") is None
    assert content_type_for("reports/1/a.JPG") is None
