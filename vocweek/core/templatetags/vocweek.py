"""Date filters for deadlines and weeks, shown in the campaign's time zone and the active language.

Dates use the active locale's formats (Django's own `DATE_FORMAT`, so Chinese pages read
"2021年5月15日" even before our catalogue exists); times are always on the 24-hour clock.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django import template
from django.utils.formats import date_format
from django.utils.translation import pgettext

register = template.Library()

MIDNIGHT = time(0, 0)


def _in_zone(moment: datetime, zone_name: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone_name)) if zone_name else moment


@register.filter
def deadline(moment: datetime | None, zone_name: str = "") -> str:
    """An exclusive deadline as people say it: 2021-05-16 00:00 reads "2021年5月15日 24:00".

    The moment is shown in its own time zone, or in `zone_name` when given (never the viewer's).
    """
    if not isinstance(moment, datetime):
        return ""
    local = _in_zone(moment, zone_name)
    if local.time() == MIDNIGHT:
        return f"{date_format(local.date() - timedelta(days=1), 'DATE_FORMAT')} 24:00"
    return f"{date_format(local.date(), 'DATE_FORMAT')} {local:%H:%M}"


@register.simple_tag
def date_range(first: date, last: date) -> str:
    """First and last day of a period, without repeating what they share: "May 22–28, 2021".

    The format strings are Django date formats, translated per language (zh-hans: "Y年n月j日" and
    "j日" read "2021年5月22日—28日").
    """
    if first == last:
        return date_format(first, "DATE_FORMAT")
    if (first.year, first.month) == (last.year, last.month):
        start = pgettext("first day of a range within one month (Django date format)", "N j")
        end = pgettext("last day of a range within one month (Django date format)", "j, Y")
    elif first.year == last.year:
        start = pgettext("first day of a range within one year (Django date format)", "N j")
        end = pgettext("last day of a range within one year (Django date format)", "N j, Y")
    else:
        start = end = "DATE_FORMAT"
    separator = pgettext("between the first and last day of a range", "–")
    return f"{date_format(first, start)}{separator}{date_format(last, end)}"


@register.filter
def minutes(duration: timedelta | None) -> int | str:
    """A duration in whole minutes (rounded up), or "" when there is none."""
    if not isinstance(duration, timedelta):
        return ""
    return -(-int(duration.total_seconds()) // 60)
