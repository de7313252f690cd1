"""Input for compiling a bulletin on demand: which day of the week (up to today)."""

from datetime import date

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vocweek.campaigns.models import Campaign
from vocweek.core import clock


def compilable_days(campaign: Campaign) -> list[date]:
    """The days of the week that have begun, latest first."""
    today = campaign.report_day(clock.now())
    return [day for day in reversed(campaign.days) if day <= today]


class CompileBulletinForm(forms.Form):
    day = forms.TypedChoiceField(label=gettext_lazy("Day"), coerce=date.fromisoformat)

    def __init__(self, *args, campaign: Campaign, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [
            (
                day.isoformat(),
                _("Day %(number)s (%(date)s)")
                % {"number": campaign.day_number(day), "date": date_format(day, "DATE_FORMAT")},
            )
            for day in compilable_days(campaign)
        ]
