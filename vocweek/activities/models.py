"""Calendar activities (活动日历) and the public's registrations for them.

An activity belongs to the unit that holds it; it is public once published. Registration keeps
its counts on the activity row (`confirmed_places`, `waiting_places`) and changes them only while
that row is locked (`services.register`, `services.cancel_registration`), so the places left are
exact and cheap to show; the database refuses a confirmed count above the capacity whatever the
code does. A person (a mobile number) holds at most one live registration per activity.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from vocweek.activities.enums import (
    ActivityKind,
    ActivityState,
    Audience,
    Level,
    Mode,
    RegistrationState,
    ServiceType,
)
from vocweek.campaigns.models import Campaign
from vocweek.core.models import TimeStampedModel
from vocweek.orgs.enums import Role
from vocweek.orgs.models import Unit, membership_of

CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"  # no 0/O, 1/I, 2/Z, 5/S, 8/B look-alikes
CODE_LENGTH = 8


def new_check_in_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarRules(models.Model):
    """How a campaign's calendar works: whether the organiser approves activities first."""

    campaign = models.OneToOneField(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="calendar_rules",
    )
    approval_required = models.BooleanField(
        _("activities need approval"),
        default=False,
        help_text=_(
            "When on, a unit's activity becomes public only once the organiser approves it."
        ),
    )

    class Meta:
        verbose_name = _("calendar rules")
        verbose_name_plural = _("calendar rules")

    def __str__(self) -> str:
        return str(self.campaign)


class ActivityQuerySet(models.QuerySet):
    def published(self) -> "ActivityQuerySet":
        return self.filter(state=ActivityState.PUBLISHED)

    def visible_to(self, user) -> "ActivityQuerySet":
        """A unit sees its own activities; reviewers also those of the units below them."""
        membership = membership_of(user)
        if membership is None:
            return self.none()
        own = Q(unit_id=membership.unit_id)
        if membership.role in (Role.CITY_REVIEWER, Role.PROVINCE_REVIEWER, Role.ORGANISER_ADMIN):
            return self.filter(own | Q(unit__in=Unit.objects.descendants(membership.unit)))
        return self.filter(own)


class Activity(TimeStampedModel):
    """One activity of the week, held by a unit, on site, online or both."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="activities"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("held by"), on_delete=models.PROTECT, related_name="activities"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=80)
    description = models.TextField(_("description"), max_length=2000)
    kind = models.CharField(_("kind"), max_length=24, choices=ActivityKind.choices)
    service_type = models.CharField(
        _("service type"), max_length=24, choices=ServiceType.choices, blank=True
    )
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=80, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    livestream_url = models.URLField(_("livestream link"), max_length=500, blank=True)
    livestream_platform = models.CharField(_("livestream platform"), max_length=30, blank=True)
    registration_required = models.BooleanField(_("registration needed"), default=False)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    max_party_size = models.PositiveSmallIntegerField(
        _("people per registration"),
        default=1,
        help_text=_("1: everyone registers alone; more lets a visitor bring family or classmates."),
    )
    contact_name = models.CharField(_("contact"), max_length=30)
    contact_phone = models.CharField(_("contact telephone"), max_length=30)
    state = models.CharField(
        _("state"), max_length=12, choices=ActivityState.choices, default=ActivityState.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    review_note = models.CharField(_("note to the unit"), max_length=300, blank=True)
    confirmed_places = models.PositiveIntegerField(_("places taken"), default=0)
    waiting_places = models.PositiveIntegerField(_("places waiting"), default=0)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["campaign", "state", "starts_at"], name="activity_calendar"),
            models.Index(fields=["unit", "campaign"], name="activity_unit"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="activity_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(confirmed_places__lte=F("capacity")),
                name="activity_within_capacity",
            ),
            models.CheckConstraint(
                condition=Q(kind=ActivityKind.SKILL_SERVICE) | Q(service_type=""),
                name="activity_service_type_only_for_services",
            ),
            models.CheckConstraint(
                condition=Q(max_party_size__gte=1), name="activity_party_at_least_one"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.state == ActivityState.PUBLISHED

    @property
    def places_left(self) -> int | None:
        """Places still free (None: no limit)."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_places, 0)

    @property
    def is_online(self) -> bool:
        return self.mode in (Mode.ONLINE, Mode.HYBRID)

    @property
    def is_on_site(self) -> bool:
        return self.mode in (Mode.OFFLINE, Mode.HYBRID)


class Registration(models.Model):
    """A visitor's registration: confirmed, on the waiting list (in `pk` order), or cancelled.

    The check-in `code` is shown as a QR code on the visitor's page; the `token` is the secret of
    that page's address (and of the cancel link), so a code read over a shoulder cancels nothing.
    """

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    name = models.CharField(_("name"), max_length=30)
    mobile = models.CharField(_("mobile"), max_length=11)
    party_size = models.PositiveSmallIntegerField(_("people"), default=1)
    state = models.CharField(_("state"), max_length=12, choices=RegistrationState.choices)
    code = models.CharField(_("check-in code"), max_length=CODE_LENGTH, default=new_check_in_code)
    token = models.CharField(_("link secret"), max_length=40, unique=True, default=new_token)
    created_at = models.DateTimeField(_("registered at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["pk"]
        indexes = [models.Index(fields=["activity", "state", "id"], name="registration_queue")]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "mobile"],
                condition=~Q(state=RegistrationState.CANCELLED),
                name="registration_one_live_per_mobile",
            ),
            models.UniqueConstraint(fields=["activity", "code"], name="registration_code"),
            models.CheckConstraint(
                condition=Q(party_size__gte=1), name="registration_party_at_least_one"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.activity}"

    @property
    def is_live(self) -> bool:
        return self.state != RegistrationState.CANCELLED
