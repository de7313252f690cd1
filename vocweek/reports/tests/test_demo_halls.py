"""The demo's exhibition halls: eight published halls and a draft, with drawn photos and 360°
panoramas rendered at once, found by the public search, and loaded only once.

Loading draws and renders about sixty photos and six panoramas, so the module loads the demo once,
in a transaction rolled back after its last test; each test runs in a savepoint inside it.
"""

import re
import time
from dataclasses import dataclass
from datetime import date
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase
from django.test.utils import override_settings
from PIL import Image, ImageChops, ImageStat

from vocweek.campaigns.demo import DemoSummary, load_demo
from vocweek.core import clock
from vocweek.core.models import AuditEntry
from vocweek.orgs.enums import UnitKind
from vocweek.reports.enums import MediaStatus
from vocweek.reports.halls.demo import HallsDemoSummary, load_demo_halls
from vocweek.reports.halls.demo.panorama import DAYLIGHTS, campus_panorama
from vocweek.reports.halls.enums import HallMediaKind, LinkKind
from vocweek.reports.halls.models import Hall, HallAlbum, HallLink, HallMajor, HallMedia
from vocweek.reports.halls.search import search_halls

DEMO_MOMENT = "2021-05-24T15:00+08:00"
COLLEGE = "山西职业技术学院"


@dataclass(frozen=True)
class LoadedDemo:
    demo: DemoSummary
    halls: HallsDemoSummary


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo with its halls, media under a temporary folder; what the commit would do runs
    too (the search index, and the rendering tasks, which find every medium ready)."""
    with (
        django_db_blocker.unblock(),
        pytest.MonkeyPatch.context() as patch,
        override_settings(
            MEDIA_ROOT=tmp_path_factory.mktemp("media"), VOCWEEK_CLOCK_START=DEMO_MOMENT
        ),
        transaction.atomic(),
    ):
        patch.setenv(clock.ANCHOR_VARIABLE, str(time.time()))
        demo = load_demo()
        with TestCase.captureOnCommitCallbacks(execute=True):
            halls = load_demo_halls(campaign=demo.campaign)
        yield LoadedDemo(demo, halls)
        transaction.set_rollback(True)


@pytest.fixture
def campaign(loaded, db):
    return loaded.demo.campaign


def published_halls():
    return Hall.objects.published().select_related("unit__city", "cover")


def test_eight_schools_of_every_kind_publish_a_hall_and_one_keeps_a_draft(loaded, campaign):
    halls = published_halls()
    summary = loaded.halls

    assert summary.added == 9 and summary.published == halls.count() == 8
    assert summary.drafts == Hall.objects.filter(is_published=False).count() == 1
    kinds = {hall.unit.kind for hall in halls}
    assert {UnitKind.HIGHER_VOCATIONAL, UnitKind.CITY_SECONDARY, UnitKind.TECHNICAL} <= kinds
    assert len({hall.unit.city_id for hall in halls}) >= 4
    college = halls.get(unit__name=COLLEGE)
    assert AuditEntry.objects.get(
        action="hall.publish", object_id=str(college.pk)
    ).actor.username == ("school")
    # Written on the eve of the week, in the campaign's time zone.
    for hall in halls:
        assert hall.published_at.astimezone(campaign.zone).date() == date(2021, 5, 21)
    draft = Hall.objects.get(is_published=False)
    assert draft.introduction and not draft.media.exists()


def test_each_hall_has_texts_majors_links_and_captioned_albums(loaded, campaign):
    for hall in published_halls():
        assert hall.tagline and 2 <= hall.introduction.count("<p>") <= 4
        assert "演示数据" in hall.enrolment
        assert re.fullmatch(r"0\d{2,3}-000000\d", hall.enrolment_phone)
        assert hall.address.startswith("山西省")
        assert 4 <= hall.majors.count() <= 8
        links = {link.kind: link for link in hall.links.all()}
        assert ".example.edu.cn/" in links[LinkKind.TOPIC_WEBSITE].url
        stream = links[LinkKind.LIVESTREAM]
        assert stream.platform in ("抖音", "快手", "视频号")
        assert campaign.starts_on <= stream.starts_at.astimezone(campaign.zone).date()
        assert stream.starts_at.astimezone(campaign.zone).date() <= campaign.ends_on
        albums = list(hall.albums.all())
        assert 2 <= len(albums) <= 3
        for album in albums:
            photos = list(album.photos.all())
            assert 2 <= len(photos) <= 4 and all(photo.caption for photo in photos)
        assert hall.cover.hall_id == hall.pk and hall.cover.kind == HallMediaKind.PHOTO
    counts = (HallAlbum.objects.count(), HallMajor.objects.count(), HallLink.objects.count())
    assert counts == (loaded.halls.albums, loaded.halls.majors, loaded.halls.links)


def test_every_photo_and_panorama_is_rendered_at_once(loaded, campaign):
    media = HallMedia.objects.all()

    assert media.filter(kind=HallMediaKind.PHOTO).count() == loaded.halls.photos >= 40
    assert not media.exclude(status=MediaStatus.READY).exists()
    for item in media:
        assert default_storage.exists(item.file.name)
        for size in ("large", "medium", "thumb"):
            assert default_storage.exists(item.renditions[size]["webp"])


def test_at_least_four_halls_show_panoramas_with_their_viewer_image(loaded, campaign):
    panoramas = HallMedia.objects.filter(kind=HallMediaKind.PANORAMA)

    assert panoramas.count() == loaded.halls.panoramas >= 4
    assert panoramas.values("hall").distinct().count() >= 4
    for panorama in panoramas:
        viewer = panorama.renditions["panorama"]
        assert (viewer["width"], viewer["height"]) == (4096, 2048)
        assert default_storage.exists(viewer["jpeg"]) and panorama.caption


def test_a_demo_panorama_joins_at_its_edges_and_is_plain_at_the_poles(loaded, campaign):
    panorama = HallMedia.objects.filter(kind=HallMediaKind.PANORAMA).first()

    with default_storage.open(panorama.renditions["panorama"]["jpeg"]) as stored:
        image = Image.open(stored).convert("RGB")
        image.load()
    assert_seamless(image)


@pytest.mark.parametrize("daylight", sorted(DAYLIGHTS))
def test_every_time_of_day_is_drawn_seamless(daylight):
    assert_seamless(campus_panorama(seed=20210522, daylight=daylight, theme="技能：让生活更美好"))


def assert_seamless(image: Image.Image) -> None:
    width, height = image.size

    def column(x: int) -> Image.Image:
        return image.crop((x, 0, x + 1, height))

    def difference(a: Image.Image, b: Image.Image) -> float:
        return max(ImageStat.Stat(ImageChops.difference(a, b)).mean)

    # The last column meets the first as closely as two neighbours meet anywhere else.
    seam = difference(column(0), column(width - 1))
    assert seam < 4
    assert difference(column(0), column(width // 2)) > 4 * seam
    for band in (image.crop((0, 0, width, 4)), image.crop((0, height - 4, width, height))):
        assert max(ImageStat.Stat(band).stddev) < 2


def test_the_public_search_finds_a_demo_hall_by_a_word_of_its_introduction(loaded, campaign):
    railway = Hall.objects.get(unit__name="山西铁道职业技术学院")
    mining = Hall.objects.get(unit__name="大同煤炭职业技术学院")

    assert railway.pk in [result.pk for result in search_halls("接触网")]
    assert [result.pk for result in search_halls("模拟矿井")] == [mining.pk]
    assert search_halls("软件技术") == []  # the draft's major: not public


def test_loading_the_demo_halls_again_adds_nothing(loaded, campaign):
    models = (Hall, HallAlbum, HallMedia, HallMajor, HallLink, AuditEntry)
    before = {model: model.objects.count() for model in models}

    again = load_demo_halls(campaign=campaign)

    assert {model: model.objects.count() for model in models} == before
    assert again.added == 0 and again.photos == loaded.halls.photos


def test_demo_command_prints_the_halls_line(loaded, campaign, settings):
    settings.VOCWEEK_CLOCK_START = "2021-05-21T15:00+08:00"  # before the week: no reports load
    output = StringIO()

    call_command("demo", stdout=output)

    summary = loaded.halls
    wanted = [summary.published, summary.drafts, summary.albums, summary.photos]
    lines = [
        line
        for line in output.getvalue().splitlines()
        if [int(number) for number in re.findall(r"\d+", line)][:4] == wanted
    ]
    assert len(lines) == 1 and str(summary.panoramas) in lines[0]
