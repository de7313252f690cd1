"""A school's online exhibition hall (线上展厅) and what it shows.

One hall per unit, kept from year to year; the public sees it only while `is_published`. Hall
media follow report media field by field (checked before storing, rendered in the background), so
the same template tags show both; a photo always belongs to an album, videos and panoramas never.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vocweek.core.models import TimeStampedModel
from vocweek.orgs.enums import Role
from vocweek.orgs.models import Unit, membership_of
from vocweek.reports.enums import MediaStatus
from vocweek.reports.halls.enums import HallMediaKind, LinkKind, MajorLevel


class HallQuerySet(models.QuerySet):
    def visible_to(self, user) -> "HallQuerySet":
        """A unit sees its own hall; the organiser sees every hall of its subtree."""
        membership = membership_of(user)
        if membership is None:
            return self.none()
        if membership.role == Role.ORGANISER_ADMIN:
            return self.filter(unit__in=Unit.objects.subtree(membership.unit))
        return self.filter(unit_id=membership.unit_id)

    def published(self) -> "HallQuerySet":
        return self.filter(is_published=True)


class Hall(TimeStampedModel):
    """The showcase page of one unit: introduction, majors, enrolment, media and links."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="hall"
    )
    tagline = models.CharField(_("tagline"), max_length=80, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    enrolment = models.TextField(_("enrolment information"), blank=True)
    enrolment_phone = models.CharField(_("enrolment hotline"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    cover = models.ForeignKey(
        "HallMedia",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("first published at"), null=True, blank=True)

    objects = HallQuerySet.as_manager()

    class Meta:
        verbose_name = _("exhibition hall")
        verbose_name_plural = _("exhibition halls")
        ordering = ["unit__path"]
        indexes = [models.Index(fields=["is_published", "unit"], name="hall_published_idx")]

    def __str__(self) -> str:
        return str(self.unit)


class HallMajor(models.Model):
    """A major the school enrols for (招生专业), shown in the hall's enrolment section."""

    hall = models.ForeignKey(
        Hall, verbose_name=_("hall"), on_delete=models.CASCADE, related_name="majors"
    )
    name = models.CharField(_("major"), max_length=60)
    level = models.CharField(_("level"), max_length=16, choices=MajorLevel.choices)
    years = models.PositiveSmallIntegerField(_("years of study"), null=True, blank=True)
    quota = models.PositiveIntegerField(_("places this year"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("major")
        verbose_name_plural = _("majors")
        ordering = ["hall", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["hall", "name", "level"], name="hall_major_unique"),
            models.CheckConstraint(
                condition=Q(years__isnull=True) | Q(years__gte=1, years__lte=8),
                name="hall_major_years_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class HallAlbum(models.Model):
    """A named set of photos (校园风光, 实训基地 …)."""

    hall = models.ForeignKey(
        Hall, verbose_name=_("hall"), on_delete=models.CASCADE, related_name="albums"
    )
    title = models.CharField(_("title"), max_length=60)
    description = models.CharField(_("description"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("photo album")
        verbose_name_plural = _("photo albums")
        ordering = ["hall", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["hall", "title"], name="hall_album_title_unique")
        ]

    def __str__(self) -> str:
        return self.title


def _hall_media_name(instance: "HallMedia", filename: str) -> str:
    # Never the uploader's name: a random name, and the suffix of the checked type.
    return f"halls/{instance.hall.unit_id}/{uuid.uuid4().hex}{instance.suffix}"


class HallMedia(models.Model):
    """A photo (in an album), a video or an equirectangular 360° panorama of a hall."""

    hall = models.ForeignKey(
        Hall, verbose_name=_("hall"), on_delete=models.CASCADE, related_name="media"
    )
    album = models.ForeignKey(
        HallAlbum,
        verbose_name=_("album"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="photos",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=HallMediaKind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    suffix = models.CharField(_("suffix"), max_length=8)
    file = models.FileField(_("file"), upload_to=_hall_media_name, max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    duration = models.FloatField(_("duration in seconds"), null=True, blank=True)
    renditions = models.JSONField(_("renditions"), default=dict, blank=True)
    poster = models.CharField(_("poster frame"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=MediaStatus.choices, default=MediaStatus.PENDING
    )
    error = models.CharField(_("processing error"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("hall media")
        verbose_name_plural = _("hall media")
        ordering = ["hall", "kind", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=HallMediaKind.PHOTO) & Q(album__isnull=False))
                | (~Q(kind=HallMediaKind.PHOTO) & Q(album__isnull=True)),
                name="hall_media_photo_in_album",
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def panorama_url_name(self) -> str:
        """The stored name of the panorama's viewer image, once processed."""
        rendition = self.renditions.get("panorama") if isinstance(self.renditions, dict) else None
        return rendition.get("jpeg", "") if isinstance(rendition, dict) else ""


class HallLink(models.Model):
    """A link the hall points to: the topic website, a livestream, the enrolment site …"""

    hall = models.ForeignKey(
        Hall, verbose_name=_("hall"), on_delete=models.CASCADE, related_name="links"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=LinkKind.choices)
    title = models.CharField(_("title"), max_length=60)
    url = models.URLField(_("address"), max_length=500)
    platform = models.CharField(_("platform"), max_length=40, blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("hall link")
        verbose_name_plural = _("hall links")
        ordering = ["hall", "position", "pk"]

    def __str__(self) -> str:
        return self.title
