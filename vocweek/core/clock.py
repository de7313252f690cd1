"""The platform's one clock.

Everything that asks "what time is it" calls `now()`. With `VOCWEEK_CLOCK_START` set (for the demo,
e.g. ``2021-05-24T15:00+08:00``) time starts at that moment when the process tree starts and runs
on normally. The anchor (the real moment the shifted clock started) is shared through the
``VOCWEEK_CLOCK_ANCHOR`` environment variable so that the web server and the task worker agree.
"""

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

ANCHOR_VARIABLE = "VOCWEEK_CLOCK_ANCHOR"


def _offset() -> timedelta:
    start = settings.VOCWEEK_CLOCK_START
    if not start:
        return timedelta(0)
    shifted_start = datetime.fromisoformat(start)
    if shifted_start.tzinfo is None:
        shifted_start = shifted_start.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
    anchor = os.environ.get(ANCHOR_VARIABLE)
    if anchor is None:
        anchor = str(time.time())
        os.environ[ANCHOR_VARIABLE] = anchor
    real_start = datetime.fromtimestamp(float(anchor), tz=ZoneInfo("UTC"))
    return shifted_start - real_start


def now() -> datetime:
    """Return the platform's current moment, aware, in UTC."""
    offset = _offset()  # first: it may set the anchor to the real present
    return timezone.now() + offset


def local_now(tz_name: str) -> datetime:
    """Return the platform's current moment in the given time zone."""
    return now().astimezone(ZoneInfo(tz_name))


def today(tz_name: str) -> date:
    """Return today's date in the given time zone."""
    return local_now(tz_name).date()


@contextmanager
def running_from(moment: datetime) -> Iterator[None]:
    """Let services read `moment` (then onwards) from the platform's clock while demo data is
    written at the time it would have happened. Demo data only: the previous clock comes back."""
    from django.test.utils import override_settings  # a settings override, for demo writes only

    previous = os.environ.get(ANCHOR_VARIABLE)
    os.environ[ANCHOR_VARIABLE] = repr(time.time())
    try:
        with override_settings(VOCWEEK_CLOCK_START=moment.isoformat()):
            yield
    finally:
        if previous is None:
            os.environ.pop(ANCHOR_VARIABLE, None)
        else:
            os.environ[ANCHOR_VARIABLE] = previous
