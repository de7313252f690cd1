"""Reads of the activity calendar: the public calendar and its filters, an activity's page, the
registrations of an activity, the iCalendar feeds, and the coverage grid (cities × days).

Public reads return published activities only. Cities here are where an activity happens — the
city its unit is located in (`Unit.city`): a province-direct college in 太原 shows under 太原.
Activities of units in no city (the province department, co-organising departments) are listed
under 全省. A day of the week is a calendar day in the campaign's time zone; an activity
belongs to every day it overlaps.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from vocweek.activities.enums import (
    KIND_FAMILY,
    ActivityKind,
    ActivityState,
    KindFamily,
    RegistrationState,
)
from vocweek.activities.models import Activity, Registration
from vocweek.campaigns.models import MIDNIGHT, Campaign
from vocweek.core import clock
from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import Unit

PROVINCE_WIDE = "province"
PROVINCE_WIDE_NAME = _("Province-wide")
SOON = timedelta(hours=2)


@dataclass(frozen=True)
class CityChoice:
    key: str  # the city's pk as text, or PROVINCE_WIDE
    name: str


@dataclass(frozen=True)
class CalendarFilter:
    """What the visitor narrowed the calendar to; empty strings mean everything."""

    day: date | None = None
    city: str = ""
    kind: str = ""
    mode: str = ""
    audience: str = ""


def day_bounds(campaign: Campaign, day: date) -> tuple[datetime, datetime]:
    """Midnight to midnight of `day` in the campaign's time zone."""
    start = datetime.combine(day, MIDNIGHT, tzinfo=campaign.zone)
    return start, start + timedelta(days=1)


def cities() -> list[CityChoice]:
    """The city bureaus in tree order, then 全省 (one query)."""
    return [
        CityChoice(str(pk), short_name or name)
        for pk, name, short_name in Unit.objects.filter(kind=UnitKind.CITY)
        .order_by("path")
        .values_list("pk", "name", "short_name")
    ] + [CityChoice(PROVINCE_WIDE, str(PROVINCE_WIDE_NAME))]


def published(campaign: Campaign) -> QuerySet[Activity]:
    return (
        Activity.objects.published()
        .filter(campaign=campaign)
        .select_related("unit", "unit__city")
        .order_by("starts_at", "pk")
    )


def calendar(campaign: Campaign, chosen: CalendarFilter) -> QuerySet[Activity]:
    """The published activities matching the filter, by start time."""
    activities = published(campaign)
    if chosen.day is not None:
        start, end = day_bounds(campaign, chosen.day)
        activities = activities.filter(starts_at__lt=end, ends_at__gt=start)
    if chosen.city == PROVINCE_WIDE:
        activities = activities.filter(unit__city__isnull=True)
    elif chosen.city:
        activities = activities.filter(unit__city_id=chosen.city)
    if chosen.kind:
        activities = activities.filter(kind=chosen.kind)
    if chosen.mode:
        activities = activities.filter(mode=chosen.mode)
    if chosen.audience:
        activities = activities.filter(audience=chosen.audience)
    return activities


@dataclass(frozen=True)
class Moments:
    """What is on now and what starts within two hours, among the published activities."""

    live: list[Activity]
    soon: list[Activity]


def happening(campaign: Campaign, moment: datetime | None = None, count: int = 6) -> Moments:
    """ "Now live" and "starting soon" (two queries)."""
    moment = moment or clock.now()
    activities = published(campaign)
    return Moments(
        live=list(activities.filter(starts_at__lte=moment, ends_at__gt=moment)[:count]),
        soon=list(activities.filter(starts_at__gt=moment, starts_at__lte=moment + SOON)[:count]),
    )


def days_with_counts(campaign: Campaign) -> list[tuple[date, int]]:
    """Each day of the week with how many published activities it holds (one query)."""
    activities = Activity.objects.published().filter(campaign=campaign)
    counts = activities.aggregate(
        **{
            f"d{index}": Count(
                "pk",
                filter=Q(starts_at__lt=day_bounds(campaign, day)[1])
                & Q(ends_at__gt=day_bounds(campaign, day)[0]),
            )
            for index, day in enumerate(campaign.days)
        }
    )
    return [(day, counts[f"d{index}"]) for index, day in enumerate(campaign.days)]


def public_activity(pk: int) -> Activity | None:
    """A published activity with its unit, city and campaign, or None."""
    return (
        Activity.objects.published()
        .select_related("unit", "unit__city", "campaign")
        .filter(pk=pk)
        .first()
    )


def registration_by_token(token: str) -> Registration | None:
    return (
        Registration.objects.select_related("activity", "activity__unit", "activity__campaign")
        .filter(token=token)
        .first()
    )


def registrations_of(activity: Activity) -> list[Registration]:
    """Confirmed first, then the waiting list in order, then cancelled ones."""
    order = {RegistrationState.CONFIRMED: 0, RegistrationState.WAITING: 1}
    registrations = list(activity.registrations.order_by("pk"))
    registrations.sort(key=lambda registration: order.get(registration.state, 2))
    return registrations


@dataclass(frozen=True)
class Attendance:
    registrations: int
    people: int
    checked_in: int
    people_checked_in: int


def attendance(activity: Activity) -> Attendance:
    """Confirmed registrations and people, and how many of them were checked in (one query)."""
    confirmed = activity.registrations.filter(state=RegistrationState.CONFIRMED)
    figures = confirmed.aggregate(
        registrations=Count("pk"),
        people=Sum("party_size", default=0),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
        people_checked_in=Sum("party_size", filter=Q(checked_in_at__isnull=False), default=0),
    )
    return Attendance(**figures)


def feed_activities(
    campaign: Campaign, *, city: Unit | None = None, unit: Unit | None = None
) -> QuerySet[Activity]:
    """The published activities of a campaign, of one city or of one unit, for an iCalendar feed."""
    activities = published(campaign)
    if city is not None:
        activities = activities.filter(unit__city=city)
    if unit is not None:
        activities = activities.filter(unit=unit)
    return activities


@dataclass(frozen=True)
class CoverageRow:
    """One city's activities on each day (an activity counts on every day it overlaps) and in all."""

    key: str
    name: str
    counts: tuple[int, ...]
    total: int

    @property
    def empty_days(self) -> int:
        return sum(1 for count in self.counts if count == 0)


@dataclass(frozen=True)
class Coverage:
    """Cities × days of the week: how many activities are planned in each cell, and by kind."""

    days: list[date]
    rows: list[CoverageRow]
    by_kind: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def empty_cells(self) -> int:
        return sum(row.empty_days for row in self.rows)


def coverage(campaign: Campaign, *, include_drafts: bool = False) -> Coverage:
    """The grid the province uses to push "every day, everywhere": published activities (and,
    when asked, those still in draft or awaiting approval) per city and day (two queries)."""
    states = [ActivityState.PUBLISHED]
    if include_drafts:
        states += [ActivityState.DRAFT, ActivityState.PENDING, ActivityState.RETURNED]
    activities = Activity.objects.filter(campaign=campaign, state__in=states)
    days = campaign.days
    lines = activities.values_list("unit__city_id", "starts_at", "ends_at", "kind")
    choices = cities()
    index = {choice.key: position for position, choice in enumerate(choices)}
    grid = [[0] * len(days) for _choice in choices]
    totals = [0] * len(choices)
    kinds: dict[str, int] = {}
    bounds = [day_bounds(campaign, day) for day in days]
    for city_id, starts_at, ends_at, kind in lines:
        position_of_city = index.get(str(city_id) if city_id else PROVINCE_WIDE, len(choices) - 1)
        row = grid[position_of_city]
        totals[position_of_city] += 1
        for position, (start, end) in enumerate(bounds):
            if starts_at < end and ends_at > start:
                row[position] += 1
        kinds[kind] = kinds.get(kind, 0) + 1
    return Coverage(
        days=days,
        rows=[
            CoverageRow(choice.key, choice.name, tuple(counts), total)
            for choice, counts, total in zip(choices, grid, totals, strict=True)
        ],
        by_kind=[(kind.value, str(kind.label), kinds.get(kind.value, 0)) for kind in ActivityKind],
    )


def waiting_position(registration: Registration) -> int | None:
    """1 for the first on the waiting list; None when the registration is not waiting."""
    if registration.state != RegistrationState.WAITING:
        return None
    ahead = Registration.objects.filter(
        activity_id=registration.activity_id,
        state=RegistrationState.WAITING,
        pk__lt=registration.pk,
    ).count()
    return ahead + 1


def feed_unit(pk: int) -> Unit | None:
    """An active unit whose activities may have a feed."""
    return Unit.objects.filter(pk=pk, is_active=True).select_related("city").first()


def feed_city(pk: int) -> Unit | None:
    """A city bureau, for the feed of the activities held in its city."""
    return Unit.objects.filter(pk=pk, kind=UnitKind.CITY).first()


@dataclass(frozen=True)
class CityFamilies:
    """Published activities per city (in `cities()` order) and kind family."""

    cities: list[CityChoice]
    counts: dict[str, tuple[int, ...]]  # family → one count per city
    total: int


def published_by_city_and_family(campaign: Campaign) -> CityFamilies:
    """For the data dashboard: the calendar's published activities by city and kind family
    (two queries)."""
    choices = cities()
    index = {choice.key: position for position, choice in enumerate(choices)}
    grid = {family.value: [0] * len(choices) for family in KindFamily}
    rows = (
        Activity.objects.published()
        .filter(campaign=campaign)
        .values_list("unit__city_id", "kind")
        .annotate(count=Count("pk"))
        .order_by()
    )
    total = 0
    for city_id, kind, count in rows:
        position = index.get(str(city_id) if city_id else PROVINCE_WIDE, len(choices) - 1)
        grid[KIND_FAMILY.get(kind, KindFamily.CEREMONIES)][position] += count
        total += count
    return CityFamilies(
        cities=choices, counts={family: tuple(row) for family, row in grid.items()}, total=total
    )
