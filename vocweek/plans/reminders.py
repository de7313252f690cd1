"""Reminders before the plan deadline: each unit owing a plan that has none is reminded at fixed
points — three days and one day before the deadline, at 09:00 in the campaign's time zone.

A point's day is the calendar day of (deadline − N days) in the campaign's zone: with the 2021
deadline at the end of 5/15 (5/16 00:00) that is 5/13 and 5/15, both at 09:00. A unit is
reminded at most once per point (deliveries are keyed by campaign, unit and point); a scheduler
that was down reminds at the latest point that has come, never at the ones it missed. Recipients
are the members who may file the plan and the unit's liaisons (`notify.recipients`).
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from vocweek.campaigns.models import Campaign
from vocweek.core.templatetags.vocweek import deadline as deadline_text
from vocweek.notify.recipients import members_in_roles, recipients_of
from vocweek.notify.services import notify
from vocweek.orgs.enums import Role
from vocweek.plans.queries import units_missing_plans

REMINDER_TIME = time(9, 0)
# Who files a plan: school staff, and a city bureau's reviewer for the bureau (plans.rules).
REMINDED_ROLES = (Role.UNIT_REPORTER, Role.UNIT_MANAGER, Role.CITY_REVIEWER)
MY_PLAN_FALLBACK = "/console/plans/mine/"


@dataclass(frozen=True)
class ReminderPoint:
    """A moment before the deadline at which units without a plan are reminded."""

    key: str
    days_before: int


POINTS = (ReminderPoint("3d", 3), ReminderPoint("1d", 1))


def reminder_moment(campaign: Campaign, point: ReminderPoint) -> datetime:
    """09:00 in the campaign's zone on the day `point.days_before` days before the deadline."""
    day = (campaign.plan_deadline - timedelta(days=point.days_before)).astimezone(campaign.zone)
    return datetime.combine(day.date(), REMINDER_TIME, tzinfo=campaign.zone)


def due_point(campaign: Campaign, moment: datetime) -> ReminderPoint | None:
    """The latest point whose time has come at `moment`; None before the first, once the deadline
    has passed, and before plans can be filed."""
    if moment >= campaign.plan_deadline:
        return None
    come = [
        (at, point)
        for point in POINTS
        if campaign.opens_at <= (at := reminder_moment(campaign, point)) <= moment
    ]
    return max(come, key=lambda item: item[0])[1] if come else None


def my_plan_url() -> str:
    try:
        return reverse("plans:mine")
    except NoReverseMatch:
        return MY_PLAN_FALLBACK


def send_plan_reminders(*, campaign: Campaign, moment: datetime) -> int:
    """Remind each unit owing a plan that has not filed one, at the point due at `moment`;
    returns how many units this call reminded (0 when no point is due or all were reminded)."""
    point = due_point(campaign, moment)
    if point is None:
        return 0
    participations = units_missing_plans(campaign).prefetch_related(
        members_in_roles(REMINDED_ROLES)
    )
    reminded = 0
    url = my_plan_url()
    with translation.override(settings.LANGUAGE_CODE):
        due = deadline_text(campaign.plan_deadline, campaign.time_zone)
        for participation in participations:
            unit = participation.unit
            values = {
                "unit": unit.name,
                "campaign": campaign.title,
                "deadline": due,
                "zone": campaign.zone_label,
            }
            deliveries = notify(
                key=f"plan-reminder:{campaign.pk}:{unit.pk}:{point.key}",
                recipients=recipients_of(participation),
                title=_("Reminder: %(unit)s has not filed its activity plan yet") % values,
                body=_(
                    "%(unit)s has not yet filed its activity plan for %(campaign)s. Please file "
                    "the plan document (PDF, DOCX, DOC or WPS) with a short summary, the address "
                    "of your topic website and your liaison before %(deadline)s (%(zone)s); plans "
                    "filed later are marked late."
                )
                % values,
                url=url,
                sms_params={"unit": unit.name, "deadline": due},
                sms_template="plan_reminder",
            )
            reminded += bool(deliveries)
    return reminded
