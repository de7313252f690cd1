"""Campaigns (one activity week each), their activity lists, and the units that take part.

Every fact of a notice is data here: next year's week or another province is a new row.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from vocweek.campaigns.enums import ActivityLevel, Phase
from vocweek.core.models import TimeStampedModel
from vocweek.orgs.models import Unit

MIDNIGHT = time(0, 0)
BEIJING_TIME_ZONES = {"Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "PRC"}


class Campaign(TimeStampedModel):
    """One activity week: theme, dates and deadlines in its own time zone, and its daily rules."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=120)
    theme = models.CharField(_("theme"), max_length=120)
    organiser = models.ForeignKey(
        Unit,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organised_campaigns",
    )
    notice_reference = models.CharField(_("notice reference"), max_length=60, blank=True)
    notice_date = models.DateField(_("notice date"), null=True, blank=True)
    notice_text = models.TextField(_("notice text"), blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=40, default="Asia/Shanghai")
    opens_at = models.DateTimeField(_("plan window opens at"))
    starts_on = models.DateField(_("first day of the week"))
    ends_on = models.DateField(_("last day of the week"))
    plan_deadline = models.DateTimeField(_("plan deadline"))
    statistics_deadline = models.DateTimeField(_("statistics deadline"))
    daily_report_quota = models.PositiveSmallIntegerField(
        _("reports per school per day"), default=1
    )
    daily_cutoff = models.TimeField(
        _("daily cut-off"),
        default=MIDNIGHT,
        help_text=_("Reports after this time count for the next day; 00:00 means midnight."),
    )
    is_current = models.BooleanField(_("current campaign"), default=False)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_campaign"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="campaign_week_not_reversed"
            ),
            models.CheckConstraint(
                condition=Q(statistics_deadline__gt=F("plan_deadline")),
                name="campaign_deadlines_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        try:
            ZoneInfo(self.time_zone)
        except Exception as error:
            raise ValidationError({"time_zone": _("Unknown time zone.")}) from error

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def zone_label(self) -> str:
        """How people name the campaign's clock: 北京时间 for China's zone, else the zone's name."""
        if self.time_zone in BEIJING_TIME_ZONES:
            return str(_("Beijing time"))
        return self.time_zone

    @property
    def week_starts_at(self) -> datetime:
        return datetime.combine(self.starts_on, MIDNIGHT, tzinfo=self.zone)

    @property
    def week_ends_at(self) -> datetime:
        """The first moment after the week (midnight after its last day)."""
        return datetime.combine(self.ends_on + timedelta(days=1), MIDNIGHT, tzinfo=self.zone)

    @property
    def days(self) -> list[date]:
        count = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + timedelta(days=offset) for offset in range(count)]

    def phase_at(self, moment: datetime) -> Phase:
        """The phase at an aware moment; boundaries are exact minutes in the campaign's time zone."""
        if moment >= self.statistics_deadline:
            return Phase.ARCHIVED
        if moment >= self.week_ends_at:
            return Phase.STATISTICS_WINDOW
        if moment >= self.week_starts_at:
            return Phase.WEEK
        if moment >= self.opens_at:
            return Phase.PLAN_WINDOW
        return Phase.SETUP

    def report_day(self, moment: datetime) -> date:
        """The day a report filed at `moment` counts for, honouring the daily cut-off."""
        local = moment.astimezone(self.zone)
        if self.daily_cutoff != MIDNIGHT and local.time() > self.daily_cutoff:
            return local.date() + timedelta(days=1)
        return local.date()

    def day_number(self, day: date) -> int | None:
        """1 for the first day of the week … 7 for the last; None outside the week."""
        if self.starts_on <= day <= self.ends_on:
            return (day - self.starts_on).days + 1
        return None


class ListedActivity(models.Model):
    """An item of the national or provincial activity list of a campaign's notice."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="listed_activities",
    )
    level = models.CharField(_("level"), max_length=16, choices=ActivityLevel.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    lead = models.CharField(_("lead organisation"), max_length=100)
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("provincial counterpart"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("listed activity")
        verbose_name_plural = _("listed activities")
        ordering = ["campaign", "level", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "level", "position"], name="listed_activity_position_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ParticipationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ParticipationQuerySet":
        return self.filter(unit__in=Unit.objects.visible_to(user))


class Participation(TimeStampedModel):
    """A unit taking part in a campaign, and what it owes: plan, daily reports, statistics."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="participations"
    )
    owes_plan = models.BooleanField(_("owes an activity plan"), default=False)
    owes_daily_reports = models.BooleanField(_("owes daily reports"), default=False)
    owes_statistics = models.BooleanField(_("owes the statistics table"), default=False)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="participation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.unit}"


class Liaison(TimeStampedModel):
    """A unit's liaison (联络员) for one campaign."""

    participation = models.ForeignKey(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="liaisons",
    )
    name = models.CharField(_("full name"), max_length=50)
    mobile = models.CharField(_("mobile"), max_length=11, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    position = models.CharField(_("job title"), max_length=50, blank=True)
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="liaison_roles",
    )

    class Meta:
        verbose_name = _("liaison")
        verbose_name_plural = _("liaisons")
        constraints = [
            models.UniqueConstraint(fields=["participation", "name"], name="liaison_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
