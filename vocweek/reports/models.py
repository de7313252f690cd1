"""Information reports (信息报送), their media, review history, adoptions and the campaign's rules.

A report counts for one day of the week (`day`, computed at first submission in the campaign's
time zone and cut-off); `version` grows with every state change, so two reviewers acting on the
same report cannot overwrite each other silently.
"""

import uuid
from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vocweek.campaigns.models import Campaign, ListedActivity
from vocweek.core.models import TimeStampedModel
from vocweek.orgs.enums import Role
from vocweek.orgs.models import Unit, membership_of
from vocweek.reports.enums import (
    AdoptionLevel,
    Category,
    Focus,
    MediaKind,
    MediaStatus,
    State,
)


class ReportingRules(models.Model):
    """How a campaign runs its reporting: optional city review, daily times, the scoring table."""

    campaign = models.OneToOneField(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="reporting"
    )
    city_review = models.BooleanField(
        _("city bureaus review first"),
        default=False,
        help_text=_("Reports of city schools pass a city review before the province reviews them."),
    )
    reminder_time = models.TimeField(_("daily reminder at"), default=time(18, 0))
    bulletin_time = models.TimeField(_("daily bulletin at"), default=time(20, 0))
    points_per_day_met = models.SmallIntegerField(
        _("points for each day the quota is met"), default=2
    )
    points_per_missing_day = models.SmallIntegerField(
        _("points for each day without a report"), default=-2
    )
    points_per_late_day = models.SmallIntegerField(
        _("points for each day met only late"), default=1
    )
    points_per_submitted = models.SmallIntegerField(_("points per submitted report"), default=1)
    points_province_platform = models.SmallIntegerField(
        _("points per adoption on the provincial platform"), default=5
    )
    points_provincial_media = models.SmallIntegerField(
        _("points per adoption by provincial media"), default=10
    )
    points_central_media = models.SmallIntegerField(
        _("points per adoption by central media"), default=20
    )
    points_per_featured = models.SmallIntegerField(_("points per featured report"), default=5)

    class Meta:
        verbose_name = _("reporting rules")
        verbose_name_plural = _("reporting rules")

    def __str__(self) -> str:
        return str(self.campaign)

    def points_for_level(self, level: str) -> int:
        return {
            AdoptionLevel.PROVINCE_PLATFORM: self.points_province_platform,
            AdoptionLevel.PROVINCIAL_MEDIA: self.points_provincial_media,
            AdoptionLevel.CENTRAL_MEDIA: self.points_central_media,
        }[level]


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReportQuerySet":
        """A unit sees all its own reports; reviewers see filed reports of the units below them."""
        membership = membership_of(user)
        if membership is None:
            return self.none()
        own = Q(unit_id=membership.unit_id)
        if membership.role in (Role.CITY_REVIEWER, Role.PROVINCE_REVIEWER, Role.ORGANISER_ADMIN):
            below = Q(unit__in=Unit.objects.descendants(membership.unit)) & ~Q(state=State.DRAFT)
            return self.filter(own | below)
        return self.filter(own)

    def filed(self) -> "ReportQuerySet":
        return self.filter(state__in=State.filed())

    def published(self) -> "ReportQuerySet":
        """Featured in the publicity column: what the public may read."""
        return self.filter(state=State.FEATURED)


class Report(TimeStampedModel):
    """One information report of a unit: text, category, focus, media, and where review stands."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="reports"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="reports"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("body"), blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    focus = models.CharField(_("publicity focus"), max_length=16, choices=Focus.choices, blank=True)
    listed_activity = models.ForeignKey(
        ListedActivity,
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    day = models.DateField(_("counts for day"), null=True, blank=True)
    is_late = models.BooleanField(_("filed late"), default=False)
    submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("last reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return_note = models.TextField(_("note to the unit"), blank=True)
    featured_at = models.DateTimeField(_("featured at"), null=True, blank=True)
    featured_order = models.PositiveIntegerField(_("order in the column"), null=True, blank=True)
    cover = models.ForeignKey(
        "ReportMedia",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("information report")
        verbose_name_plural = _("information reports")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["campaign", "day", "unit", "state"], name="report_matrix_idx"),
            # Completeness and ranking count each unit's reports by day and lateness from the
            # index alone, in unit order (reports.queries._week_counts).
            models.Index(
                fields=["campaign", "unit", "state", "day", "is_late"], name="report_tally_idx"
            ),
            models.Index(fields=["campaign", "state", "day"], name="report_desk_idx"),
            models.Index(fields=["unit", "state"], name="report_unit_state_idx"),
            models.Index(
                fields=["campaign", "featured_order"],
                condition=Q(state="featured"),
                name="report_column_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.state in (State.DRAFT, State.RETURNED)

    @property
    def needs_city_review(self) -> bool:
        """The campaign turned city review on and the unit lies below a city bureau.

        Province-direct units (higher vocational colleges, provincial schools) and the city
        bureaus themselves go straight to the province.
        """
        reporting = getattr(self.campaign, "reporting", None)
        if reporting is None or not reporting.city_review:
            return False
        city = self.unit.city
        return city is not None and city.pk != self.unit.pk and city.contains(self.unit)


class ReportEvent(models.Model):
    """One step in a report's history, shown to the unit and the reviewers (with the note)."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=32)
    from_state = models.CharField(_("from"), max_length=16, choices=State.choices)
    to_state = models.CharField(_("to"), max_length=16, choices=State.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.report} · {self.action}"


class Adoption(models.Model):
    """A report used by an outlet (省平台, 工作简报第N期, a newspaper …): what scoring counts."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="adoptions"
    )
    level = models.CharField(_("level"), max_length=24, choices=AdoptionLevel.choices)
    outlet = models.CharField(_("outlet"), max_length=100, blank=True)
    adopted_on = models.DateField(_("adopted on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        ordering = ["adopted_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "level"], name="adoption_level_unique")
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.get_level_display()}"


def _media_name(instance: "ReportMedia", filename: str) -> str:
    # Never the uploader's name: a random name, and the suffix of the checked type.
    return f"reports/{instance.report.campaign_id}/{uuid.uuid4().hex}{instance.suffix}"


class ReportMedia(models.Model):
    """A photo or video of a report, with caption and order, and its renditions once processed.

    The upload is checked by content before it is stored; metadata is stripped and renditions are
    made in the background, after which `status` is ready.
    """

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="media"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=MediaKind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    suffix = models.CharField(_("suffix"), max_length=8)
    file = models.FileField(_("file"), upload_to=_media_name, max_length=200)
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
        verbose_name = _("report media")
        verbose_name_plural = _("report media")
        ordering = ["report", "position", "pk"]

    def __str__(self) -> str:
        return self.original_name


def _bulletin_name(instance: "Bulletin", filename: str) -> str:
    return f"bulletins/{instance.campaign_id}/{uuid.uuid4().hex}.docx"


class BulletinQuerySet(models.QuerySet):
    def visible_to(self, user) -> "BulletinQuerySet":
        """Reviewers read the bulletins of the campaigns; units receive them outside the console."""
        membership = membership_of(user)
        if membership is None or membership.role not in (
            Role.CITY_REVIEWER,
            Role.PROVINCE_REVIEWER,
            Role.ORGANISER_ADMIN,
        ):
            return self.none()
        return self.all()


class Bulletin(models.Model):
    """The daily bulletin (工作简报第N期) of a campaign: one per day, numbered in compile order.

    Recompiling a day refreshes its figures and document and keeps its number. `content` holds
    the figures and lists the document was made from, so the web page shows the same bulletin.
    """

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="bulletins"
    )
    number = models.PositiveIntegerField(_("issue number"))
    day = models.DateField(_("day"))
    compiled_at = models.DateTimeField(_("compiled at"))
    compiled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compiled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    docx = models.FileField(_("Word document"), upload_to=_bulletin_name, max_length=200)
    content = models.JSONField(_("content"), default=dict)

    objects = BulletinQuerySet.as_manager()

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["campaign", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="bulletin_number_unique"),
            models.UniqueConstraint(fields=["campaign", "day"], name="bulletin_day_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.number}"


# The exhibition halls live in their own module of this app; imported here so Django finds them.
from vocweek.reports.halls.models import (  # noqa: E402
    Hall,
    HallAlbum,
    HallLink,
    HallMajor,
    HallMedia,
)

__all__ = [
    "Adoption",
    "Bulletin",
    "Hall",
    "HallAlbum",
    "HallLink",
    "HallMajor",
    "HallMedia",
    "Report",
    "ReportEvent",
    "ReportMedia",
    "ReportingRules",
]
