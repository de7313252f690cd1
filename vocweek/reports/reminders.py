"""Daily reminders: every obligated unit still short of its quota for a day is reminded once.

Recipients are the unit's reporters and managers (e-mail, in-app notice) and its campaign
liaisons (text message, e-mail), as `notify.recipients` picks them.
"""

from datetime import date

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vocweek.campaigns.models import Campaign, Participation
from vocweek.campaigns.queries import daily_window
from vocweek.core import clock
from vocweek.core.templatetags.vocweek import deadline as deadline_text
from vocweek.notify.recipients import members_in_roles, recipients_of
from vocweek.notify.services import notify
from vocweek.orgs.enums import Role
from vocweek.reports.enums import State

REMINDED_ROLES = (Role.UNIT_REPORTER, Role.UNIT_MANAGER)


def participations_short_of_quota(campaign: Campaign, day: date) -> list[Participation]:
    """Participations owing daily reports whose unit filed fewer than the quota for `day`.

    Annotated with `filed`; the unit, its reminded members and its liaisons come prefetched.
    """
    filed = Count(
        "unit__reports",
        filter=Q(
            unit__reports__campaign=campaign,
            unit__reports__day=day,
            unit__reports__state__in=State.filed(),
        ),
    )
    return list(
        Participation.objects.filter(
            campaign=campaign, owes_daily_reports=True, unit__is_active=True
        )
        .annotate(filed=filed)
        .filter(filed__lt=campaign.daily_report_quota)
        .select_related("unit")
        .prefetch_related("liaisons", members_in_roles(REMINDED_ROLES))
        .order_by("unit__path")
    )


def send_daily_reminders(*, campaign: Campaign, day: date) -> int:
    """Remind each obligated unit short of its quota for `day`; returns how many units this call
    reminded. Nothing happens outside the week or once the day's cut-off has passed; a unit is
    never reminded twice for a day (the deliveries are keyed by campaign, unit and day)."""
    number = campaign.day_number(day)
    if number is None:
        return 0
    _opens_at, due_at = daily_window(campaign, day)
    if clock.now() >= due_at:
        return 0
    reminded = 0
    with translation.override(settings.LANGUAGE_CODE):
        due = deadline_text(due_at, campaign.time_zone)
        for participation in participations_short_of_quota(campaign, day):
            unit = participation.unit
            values = {
                "unit": unit.name,
                "number": number,
                "date": date_format(day, "DATE_FORMAT"),
                "campaign": campaign.title,
                "quota": campaign.daily_report_quota,
                "filed": participation.filed,
                "deadline": due,
                "zone": campaign.zone_label,
            }
            deliveries = notify(
                key=f"reminder:{campaign.pk}:{unit.pk}:{day.isoformat()}",
                recipients=recipients_of(participation),
                title=_("Reminder: %(unit)s has not filed enough reports for day %(number)s")
                % values,
                body=_(
                    "%(unit)s has filed %(filed)s of the %(quota)s information reports due for "
                    "day %(number)s (%(date)s) of %(campaign)s. Please file them before "
                    "%(deadline)s (%(zone)s); reports filed later count as late."
                )
                % values,
                url=reverse("console:home"),
                sms_params={"unit": unit.name, "day": str(number), "deadline": due},
            )
            reminded += bool(deliveries)
    return reminded
