"""Demo exhibition halls: eight schools of the demo week show a published hall, one more a draft.

The schools are the demo tree's (the log-in `school`'s college among them), in five cities and of
every kind: higher vocational colleges, secondary schools and a technical school. Each hall is
written through the hall services by a member of the school (or nobody, for schools without a
demo account) on the eve of the week: texts, majors, links, albums of drawn photos, drawn 360°
panoramas for five of them, a cover, then publishing. Pictures are drawn at load time
(`photos`, `panorama`) and rendered at once by `processing.process_hall_media`, so they
show without a task worker; the task `add_hall_media` enqueues on commit then finds them ready
and does nothing. Idempotent: a school that already has a hall is left alone.
"""

import zlib
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from vocweek.accounts.models import User
from vocweek.campaigns.models import Campaign, Participation
from vocweek.core import clock
from vocweek.orgs.enums import Role
from vocweek.orgs.models import Membership, Unit
from vocweek.reports.demo import clock_at
from vocweek.reports.halls import processing, services
from vocweek.reports.halls.demo.panorama import campus_panorama_jpeg
from vocweek.reports.halls.demo.photos import campus_photo
from vocweek.reports.halls.demo.texts import (
    DEMO_NOTE,
    DRAFT_INTRODUCTION,
    DRAFT_MAJORS,
    DRAFT_SCHOOL,
    DRAFT_TAGLINE,
    PROFILES,
    HallProfile,
    Major,
)
from vocweek.reports.halls.enums import HallMediaKind, LinkKind
from vocweek.reports.halls.models import Hall, HallAlbum, HallLink, HallMajor, HallMedia

WRITTEN_FROM = time(9, 0)  # on the eve of the week, one school after another
MINUTES_PER_HALL = 40


@dataclass(frozen=True)
class HallsDemoSummary:
    """The halls in the database after loading, as counted there; `added` by this run."""

    added: int
    published: int
    drafts: int
    albums: int
    photos: int
    panoramas: int
    majors: int
    links: int


def _html(paragraphs: tuple[str, ...]) -> str:
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def _seed(*parts: object) -> int:
    """A stable number for the same school and picture on every run."""
    return zlib.crc32(":".join(str(part) for part in parts).encode())


def _actor(unit: Unit) -> User | None:
    """The school's manager, else one of its reporters, else nobody (the audit log allows it)."""
    membership = (
        Membership.objects.filter(unit=unit, role__in=[Role.UNIT_MANAGER, Role.UNIT_REPORTER])
        .select_related("user")
        .order_by("role", "pk")  # unit_manager sorts before unit_reporter
        .first()
    )
    return membership.user if membership else None


def _jpeg(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


class _Writer:
    """Writes one school's hall through the services, as its member would."""

    def __init__(self, campaign: Campaign, unit: Unit) -> None:
        self.campaign = campaign
        self.unit = unit
        self.actor = _actor(unit)

    def open(self, tagline: str, introduction: tuple[str, ...], **texts: str) -> Hall:
        hall = services.open_hall(unit=self.unit, actor=self.actor)
        content = services.HallContent(tagline=tagline, introduction=_html(introduction), **texts)
        return services.update_hall(hall=hall, content=content, actor=self.actor)

    def majors(self, hall: Hall, majors: tuple[Major, ...]) -> None:
        for major in majors:
            content = services.MajorContent(
                name=major.name,
                level=major.level,
                years=major.years,
                quota=major.quota,
                description=major.description,
            )
            services.save_major(hall=hall, content=content, actor=self.actor)

    def links(self, hall: Hall, profile: HallProfile) -> None:
        site = f"https://{profile.domain}.example.edu.cn"
        stream = profile.livestream
        starts_at = datetime.combine(
            self.campaign.starts_on + timedelta(days=stream.day - 1),
            time(stream.hour, stream.minute),
            tzinfo=self.campaign.zone,
        )
        for content in (
            services.LinkContent(LinkKind.TOPIC_WEBSITE, "职业教育活动周专题网站", f"{site}/hdz"),
            services.LinkContent(
                LinkKind.LIVESTREAM,
                stream.title,
                f"https://live.example.com/{profile.domain}",
                platform=stream.platform,
                starts_at=starts_at,
            ),
            services.LinkContent(LinkKind.ENROLMENT, "招生信息网", f"{site}/zsw"),
        ):
            services.save_link(hall=hall, content=content, actor=self.actor)

    def media(
        self,
        hall: Hall,
        kind: str,
        name: str,
        data: bytes,
        caption: str,
        album: HallAlbum | None = None,
    ) -> HallMedia:
        media = services.add_hall_media(
            hall=hall,
            kind=kind,
            upload=_jpeg(name, data),
            caption=caption,
            album=album,
            actor=self.actor,
        )
        processing.process_hall_media(media.pk)  # now: the demo runs without a task worker
        return media

    def albums(self, hall: Hall, profile: HallProfile) -> HallMedia | None:
        """Every album with its drawn photos; returns the first photo, for the cover."""
        first = None
        theme = self.campaign.theme
        for album_number, album in enumerate(profile.albums, start=1):
            saved = services.save_album(
                hall=hall, title=album.title, description=album.description, actor=self.actor
            )
            for number, photo in enumerate(album.photos, start=1):
                data = campus_photo(
                    scene=photo.scene,
                    seed=_seed(profile.school, album.title, number),
                    label=photo.label,
                    theme=theme,
                )
                name = f"IMG_{album_number:02d}{number:02d}.jpg"
                media = self.media(hall, HallMediaKind.PHOTO, name, data, photo.caption, saved)
                first = first or media
        return first

    def panoramas(self, hall: Hall, profile: HallProfile) -> None:
        for number, panorama in enumerate(profile.panoramas, start=1):
            data = campus_panorama_jpeg(
                seed=_seed(profile.school, "panorama", number),
                daylight=panorama.daylight,
                theme=self.campaign.theme,
            )
            name = f"PANO_{number:02d}.jpg"
            self.media(hall, HallMediaKind.PANORAMA, name, data, panorama.caption)

    def published_hall(self, profile: HallProfile) -> None:
        hall = self.open(
            profile.tagline,
            profile.introduction,
            enrolment=_html((*profile.enrolment, DEMO_NOTE)),
            enrolment_phone=profile.phone,
            address=profile.address,
        )
        self.majors(hall, profile.majors)
        self.links(hall, profile)
        cover = self.albums(hall, profile)
        self.panoramas(hall, profile)
        if cover is not None:
            services.set_cover(hall=hall, media=cover, actor=self.actor)
        services.publish_hall(hall=hall, actor=self.actor)

    def draft_hall(self) -> None:
        hall = self.open(DRAFT_TAGLINE, DRAFT_INTRODUCTION)
        self.majors(hall, DRAFT_MAJORS)


def _schools(campaign: Campaign) -> dict[str, Unit]:
    names = [profile.school for profile in PROFILES] + [DRAFT_SCHOOL]
    participations = Participation.objects.filter(
        campaign=campaign, unit__name__in=names
    ).select_related("unit")
    return {participation.unit.name: participation.unit for participation in participations}


def _summary(added: int) -> HallsDemoSummary:
    media = HallMedia.objects.all()
    return HallsDemoSummary(
        added=added,
        published=Hall.objects.published().count(),
        drafts=Hall.objects.filter(is_published=False).count(),
        albums=HallAlbum.objects.count(),
        photos=media.filter(kind=HallMediaKind.PHOTO).count(),
        panoramas=media.filter(kind=HallMediaKind.PANORAMA).count(),
        majors=HallMajor.objects.count(),
        links=HallLink.objects.count(),
    )


@transaction.atomic
def load_demo_halls(*, campaign: Campaign) -> HallsDemoSummary:
    """Give the demo schools of `campaign` their halls (after `load_demo`); nothing twice.

    Schools missing from the campaign are skipped, and so is a school that has a hall already.
    """
    now = clock.now()  # first: it anchors a shifted clock to the real present
    schools = _schools(campaign)
    eve = datetime.combine(campaign.starts_on - timedelta(days=1), WRITTEN_FROM, campaign.zone)
    added = 0
    for number, school in enumerate([*(profile.school for profile in PROFILES), DRAFT_SCHOOL]):
        unit = schools.get(school)
        if unit is None or Hall.objects.filter(unit=unit).exists():
            continue
        moment = min(now, eve + timedelta(minutes=MINUTES_PER_HALL * number))
        writer = _Writer(campaign, unit)
        with clock_at(moment):
            if school == DRAFT_SCHOOL:
                writer.draft_hall()
            else:
                writer.published_hall(PROFILES[number])
        added += 1
    return _summary(added)
