"""Factories for campaigns shaped like the 2021 Shanxi week (dates as in the notice)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from vocweek.campaigns.models import Campaign
from vocweek.orgs.models import Unit

SHANGHAI = ZoneInfo("Asia/Shanghai")


def beijing(*args: int) -> datetime:
    """An aware moment in Beijing time: beijing(2021, 5, 22, 23, 59, 30)."""
    return datetime(*args, tzinfo=SHANGHAI)


def make_campaign(
    organiser: Unit,
    *,
    year: int = 2021,
    slug: str = "",
    is_current: bool = True,
    daily_cutoff: time = time(0, 0),
    **extra,
) -> Campaign:
    """A week of 5/22–5/28 with plans due by the end of 5/15 and statistics a week after the week."""
    return Campaign.objects.create(
        slug=slug or f"{year}",
        year=year,
        title=f"山西省{year}年职业教育活动周",
        theme="技能：让生活更美好",
        organiser=organiser,
        opens_at=beijing(year, 5, 6, 0, 0),
        starts_on=date(year, 5, 22),
        ends_on=date(year, 5, 28),
        plan_deadline=beijing(year, 5, 16, 0, 0),
        statistics_deadline=beijing(year, 6, 5, 0, 0),
        daily_cutoff=daily_cutoff,
        is_current=is_current,
        **extra,
    )
