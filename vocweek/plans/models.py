"""A unit's activity plan for a campaign: document, summary, topic website, and when it was filed.

One plan per unit and campaign, replaced in place: `filed_at` is the first filing (what decides
lateness), `replaced_at` the latest. After the plan deadline a filed plan is locked unless the
organiser reopened it (`reopened_until`). The website check is recorded next to the URL it
checked, so a check that finishes after the URL changed is ignored.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vocweek.campaigns.models import Campaign
from vocweek.core.models import TimeStampedModel
from vocweek.orgs.enums import Role
from vocweek.orgs.models import Unit, membership_of
from vocweek.plans.enums import WebsiteStatus


class ActivityPlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ActivityPlanQuerySet":
        """A unit sees its own plan; reviewers see the plans of the units below them."""
        membership = membership_of(user)
        if membership is None:
            return self.none()
        own = Q(unit_id=membership.unit_id)
        if membership.role in (Role.CITY_REVIEWER, Role.PROVINCE_REVIEWER, Role.ORGANISER_ADMIN):
            return self.filter(own | Q(unit__in=Unit.objects.descendants(membership.unit)))
        return self.filter(own)


def document_path(campaign_id: int, suffix: str) -> str:
    """Where a plan document is stored: never the uploader's name, only the checked suffix.

    Not under a public media folder (core.media): plans are served to staff only.
    """
    return f"plans/{campaign_id}/{uuid.uuid4().hex}{suffix}"


def _document_name(instance: "ActivityPlan", filename: str) -> str:
    return document_path(instance.campaign_id, instance.document_suffix)


class ActivityPlan(TimeStampedModel):
    """The plan a unit files for a campaign (活动方案), with its topic website (专题网站)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="plans"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="plans"
    )
    summary = models.TextField(_("summary"), max_length=1000)
    topic_website = models.URLField(_("topic website"), max_length=500)
    document = models.FileField(_("plan document"), upload_to=_document_name, max_length=200)
    document_name = models.CharField(_("file name"), max_length=200)
    document_suffix = models.CharField(_("suffix"), max_length=8)
    document_size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    filed_at = models.DateTimeField(_("first filed at"))
    replaced_at = models.DateTimeField(_("last filed at"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_late = models.BooleanField(_("filed late"), default=False)
    reopened_until = models.DateTimeField(_("reopened until"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    website_status = models.CharField(
        _("website check"),
        max_length=16,
        choices=WebsiteStatus.choices,
        default=WebsiteStatus.UNCHECKED,
    )
    website_checked_url = models.URLField(_("checked address"), max_length=500, blank=True)
    website_title = models.CharField(_("page title"), max_length=200, blank=True)
    website_http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    website_checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    objects = ActivityPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity plan")
        verbose_name_plural = _("activity plans")
        ordering = ["campaign", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="plan_one_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.unit}"
