"""Collections, entries and scores made through the services, so that states are real."""

import io
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import av
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from vocweek.campaigns.models import Campaign
from vocweek.core import clock
from vocweek.orgs.enums import Role
from vocweek.orgs.models import Unit
from vocweek.orgs.tests.factories import make_member
from vocweek.voting.works import entries, scoring, services
from vocweek.voting.works.enums import EntryKind
from vocweek.voting.works.models import Category, Collection, Entry

SHANGHAI = ZoneInfo("Asia/Shanghai")


def beijing(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


# Entries are due by 5/20 18:00; the tests' clock is before or after that.
DEADLINE = beijing(2021, 5, 20, 18, 0)
BEFORE_DEADLINE = "2021-05-18T10:00+08:00"
AFTER_DEADLINE = "2021-05-21T10:00+08:00"


def make_organiser(campaign: Campaign):
    return make_member(campaign.organiser, Role.ORGANISER_ADMIN)


def make_collection(
    campaign: Campaign, *, actor=None, open_it: bool = True, entries_per_unit: int = 2
) -> Collection:
    """“技能成才·强国有我”: 微视频 (video), 摄影 (photos), 征文 (essay, ≤ 2000 characters),
    a rubric of 思想性 40 and 艺术性 60; opened unless open_it=False (needs the clock before
    the deadline)."""
    collection = services.create_collection(
        campaign=campaign,
        actor=actor,
        settings=services.CollectionSettings(
            title="“技能成才·强国有我”主题作品征集",
            description="围绕职业教育活动周主题创作。\n作品须为原创。",
            deadline=DEADLINE,
            entries_per_unit=entries_per_unit,
        ),
        categories=[
            services.CategoryLine(name="微视频", kind=EntryKind.VIDEO),
            services.CategoryLine(
                name="摄影作品", kind=EntryKind.PHOTOS, first_prizes=1, second_prizes=1
            ),
            services.CategoryLine(
                name="征文",
                kind=EntryKind.ESSAY,
                max_characters=2000,
                first_prizes=1,
                second_prizes=1,
                third_prizes=1,
            ),
        ],
        criteria=[
            services.CriterionLine(name="思想性", max_points=40),
            services.CriterionLine(name="艺术性", max_points=60),
        ],
    )
    if open_it:
        collection = services.open_collection(collection=collection, actor=actor)
    return collection


def category(collection: Collection, kind: str) -> Category:
    return collection.categories.get(kind=kind)


def author(name: str = "王小明", role: str = "student") -> entries.AuthorLine:
    return entries.AuthorLine(name=name, role=role, affiliation="数控技术 2019 级")


def photo_upload(
    name: str = "photo.jpg", colour=(200, 80, 40), size=(64, 48)
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def video_upload(name: str = "clip.mp4", frames: int = 12) -> SimpleUploadedFile:
    """A small real MP4 (H.264, 64 × 48, a second at 12 frames a second)."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=12)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for number in range(frames):
            image = Image.new("RGB", (64, 48), (20 * number % 255, 120, 200))
            for packet in stream.encode(av.VideoFrame.from_image(image)):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="video/mp4")


def submit_essay(
    collection: Collection,
    unit: Unit,
    *,
    title: str = "我的技能梦",
    text: str = "在实训车间里，我第一次车出合格的零件。\n那一刻我明白了匠心的意义。",
    actor=None,
    token: uuid.UUID | None = None,
) -> Entry:
    return entries.submit_entry(
        collection=collection,
        category=category(collection, EntryKind.ESSAY),
        unit=unit,
        actor=actor,
        content=entries.EntryContent(title=title, essay=text, authors=(author(),)),
        token=token or uuid.uuid4(),
    )


def to_judging(collection: Collection, *, judges, actor=None, clock_at=None) -> Collection:
    """Appoint the judges (users) and, with the clock after the deadline, start judging."""
    for user in judges:
        services.add_judge(collection=collection, actor=actor, username=user.username)
    if clock_at is not None:
        clock_at(AFTER_DEADLINE)
    assert clock.now() >= collection.deadline
    return services.start_judging(collection=collection, actor=actor)


def score(entry: Entry, judge, *points: int, comment: str = ""):
    criteria = list(entry.collection.criteria.order_by("position"))
    return scoring.score_entry(
        entry=entry,
        judge_user=judge,
        points={criterion.pk: value for criterion, value in zip(criteria, points, strict=True)},
        comment=comment,
    )
