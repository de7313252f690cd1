"""The statistics table of a campaign as data, and the units' returns.

Nothing about the table's rows is code: a campaign's `StatForm` holds its sections, fields (kind,
unit of measure, required, help, an "of which" parent, a source for figures the platform fills
in) and cross-field rules. A return keeps its values as a JSON object keyed by field key, so a
form can change from year to year without migrations; `definition.load_form` turns a form into
frozen dataclasses that validation, Excel and aggregation share.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vocweek.campaigns.models import Campaign
from vocweek.core.models import TimeStampedModel
from vocweek.orgs.enums import Role
from vocweek.orgs.models import Unit, membership_of
from vocweek.stats.enums import FieldKind, ReturnState, RuleKind, Source


class StatForm(TimeStampedModel):
    """The statistics table of one campaign (情况统计表)."""

    campaign = models.OneToOneField(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="statistics_form",
    )
    title = models.CharField(_("title"), max_length=120)
    instructions = models.TextField(_("instructions"), blank=True)

    class Meta:
        verbose_name = _("statistics form")
        verbose_name_plural = _("statistics forms")

    def __str__(self) -> str:
        return self.title


class StatSection(models.Model):
    """A block of the table (一、参与情况 …)."""

    form = models.ForeignKey(
        StatForm, verbose_name=_("form"), on_delete=models.CASCADE, related_name="sections"
    )
    number = models.CharField(_("number"), max_length=8, blank=True)
    title = models.CharField(_("title"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["form", "position"]
        constraints = [
            models.UniqueConstraint(fields=["form", "position"], name="stat_section_position")
        ]

    def __str__(self) -> str:
        return f"{self.number}{self.title}"


class StatField(models.Model):
    """One item of the table: what is asked, in which unit of measure, and how it is checked.

    An "of which" item (其中) names its `parent`; it may never exceed it. A field with a `source`
    is filled in by the platform from the information reports and is not typed by the unit.
    """

    form = models.ForeignKey(
        StatForm, verbose_name=_("form"), on_delete=models.CASCADE, related_name="fields"
    )
    section = models.ForeignKey(
        StatSection, verbose_name=_("section"), on_delete=models.CASCADE, related_name="fields"
    )
    key = models.SlugField(_("key"), max_length=60)
    label = models.CharField(_("label"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=FieldKind.choices)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=16, blank=True)
    required = models.BooleanField(_("required"), default=True)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="parts",
    )
    choices = models.JSONField(_("choices"), default=list, blank=True)
    max_length = models.PositiveIntegerField(_("longest text"), null=True, blank=True)
    decimal_places = models.PositiveSmallIntegerField(_("decimal places"), default=2)
    source = models.CharField(
        _("filled in from"), max_length=24, choices=Source.choices, blank=True
    )
    dashboard_label = models.CharField(
        _("label on the data dashboard"),
        max_length=20,
        blank=True,
        help_text=_(
            "A short name for the data dashboard's chart of activities by kind; "
            "blank keeps the item off the dashboard."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("statistics item")
        verbose_name_plural = _("statistics items")
        ordering = ["form", "section__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["form", "key"], name="stat_field_key"),
            models.UniqueConstraint(fields=["section", "position"], name="stat_field_position"),
        ]

    def __str__(self) -> str:
        return self.label


class StatRule(models.Model):
    """A cross-field check: sum(left) ≤ or = sum(right), e.g. 线下 + 线上 = 总场次."""

    form = models.ForeignKey(
        StatForm, verbose_name=_("form"), on_delete=models.CASCADE, related_name="rules"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=RuleKind.choices)
    left = models.JSONField(_("left-hand items"), default=list)
    right = models.JSONField(_("right-hand items"), default=list)
    message = models.CharField(_("message"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("statistics rule")
        verbose_name_plural = _("statistics rules")
        ordering = ["form", "position", "pk"]

    def __str__(self) -> str:
        return self.message or f"{'+'.join(self.left)} {self.kind} {'+'.join(self.right)}"


class StatReturnQuerySet(models.QuerySet):
    def visible_to(self, user) -> "StatReturnQuerySet":
        """A unit sees its own return; reviewers see the filed returns of the units below them."""
        membership = membership_of(user)
        if membership is None:
            return self.none()
        own = Q(unit_id=membership.unit_id)
        if membership.role in (Role.CITY_REVIEWER, Role.PROVINCE_REVIEWER, Role.ORGANISER_ADMIN):
            below = Q(unit__in=Unit.objects.descendants(membership.unit)) & ~Q(
                state=ReturnState.DRAFT
            )
            return self.filter(own | below)
        return self.filter(own)


class StatReturn(TimeStampedModel):
    """A unit's filled statistics table: its values by field key, and where review stands."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="stat_returns"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="stat_returns"
    )
    state = models.CharField(
        _("state"), max_length=16, choices=ReturnState.choices, default=ReturnState.DRAFT
    )
    values = models.JSONField(_("values"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return_note = models.TextField(_("note to the unit"), blank=True)

    objects = StatReturnQuerySet.as_manager()

    class Meta:
        verbose_name = _("statistics return")
        verbose_name_plural = _("statistics returns")
        ordering = ["campaign", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="stat_return_one_per_unit")
        ]
        indexes = [models.Index(fields=["campaign", "state"], name="stat_return_state_idx")]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.unit}"


class CitySubmission(models.Model):
    """A city bureau's statement that its units' returns are confirmed and sent to the province."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+"
    )
    city = models.ForeignKey(
        Unit, verbose_name=_("city"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("city submission")
        verbose_name_plural = _("city submissions")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "city"], name="city_submission_once")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.city}"
