"""iCalendar files of the activity calendar: one activity to add to a phone's calendar, and the
feeds a visitor subscribes to (a campaign, a city, a unit). Data in, bytes out.

Times are written in UTC, which every calendar application converts to its own zone; the UID
stays the same for an activity whatever its changes, and SEQUENCE follows its version, so a
subscribed calendar updates the event rather than adding a second one.
"""

from collections.abc import Callable, Iterable
from datetime import UTC

from icalendar import Calendar, Event

from vocweek.activities.models import Activity
from vocweek.core import clock

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODUCT_ID = "-//VocWeek//Activity calendar//ZH"


def activity_uid(activity: Activity, host: str) -> str:
    return f"activity-{activity.pk}@{host}"


def _location(activity: Activity) -> str:
    return " ".join(part for part in (activity.venue, activity.address) if part)


def _description(activity: Activity, page_url: str) -> str:
    links = [activity.online_url, activity.livestream_url]
    lines = [activity.description.strip(), *(link for link in links if link), page_url]
    return "\n\n".join(line for line in lines if line)


def calendar_file(
    activities: Iterable[Activity],
    *,
    name: str,
    host: str,
    page_url: Callable[[Activity], str],
    time_zone: str = "Asia/Shanghai",
) -> bytes:
    """A VCALENDAR with one VEVENT per activity; `page_url` gives an activity's public address."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", time_zone)
    stamp = clock.now().astimezone(UTC)
    for activity in activities:
        url = page_url(activity)
        event = Event()
        event.add("uid", activity_uid(activity, host))
        event.add("dtstamp", stamp)
        event.add("dtstart", activity.starts_at.astimezone(UTC))
        event.add("dtend", activity.ends_at.astimezone(UTC))
        event.add("sequence", activity.version)
        event.add("summary", activity.title)
        event.add("description", _description(activity, url))
        location = _location(activity)
        if location:
            event.add("location", location)
        event.add("url", url)
        calendar.add_component(event)
    return calendar.to_ical()
