"""The data dashboard (数据大屏): the campaign's figures as counters and charts, for two audiences.

`staff_dashboard` is what the organiser and the co-organising departments watch — plans, reporting
completeness, the ranking, the statistics returns —; `public_dashboard` shows only what the portal
already publishes (units taking part, reports filed, featured stories, open halls, topic websites).
Both are plain data: the page draws it with ECharts and fetches it again as JSON to refresh itself.
Each is kept `VOCWEEK_DASHBOARD_SECONDS` in the cache per campaign and language, so a room of
screens refreshing together costs one computation.
"""

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from vocweek.activities import queries as activity_queries
from vocweek.activities.enums import KindFamily
from vocweek.campaigns.enums import Phase
from vocweek.campaigns.models import Campaign
from vocweek.campaigns.queries import participation_counts
from vocweek.core import clock
from vocweek.orgs.models import Unit
from vocweek.plans import queries as plan_queries
from vocweek.pledges import queries as pledge_queries
from vocweek.reports import public_queries
from vocweek.reports import queries as report_queries
from vocweek.reports.halls.queries import published_halls_by_group
from vocweek.stats.definition import form_of
from vocweek.stats.queries import aggregate_by_city

TOP_UNITS = 10
TICKER_STORIES = 8

Number = int | float | None


@dataclass(frozen=True)
class Counter:
    """A live figure; `of` is the whole it is part of (41 of 44 plans), if any."""

    key: str
    label: str
    value: int
    of: int | None = None


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[Number, ...]
    stack: str = ""


@dataclass(frozen=True)
class Chart:
    """One panel: `kind` is how it is drawn — line (by day), bar, stacked, ranking (horizontal
    bars, best on top), percent (bars on a 0–100 axis) or pie; `empty` says why it has nothing."""

    key: str
    title: str
    kind: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""
    empty: str = ""

    @property
    def has_data(self) -> bool:
        return any(value for series in self.series for value in series.values)

    def rows(self) -> list[list[str | Number]]:
        """The chart as a table: a row per category, its value in each series."""
        return [
            [category, *(series.values[index] for series in self.series)]
            for index, category in enumerate(self.categories)
        ]


@dataclass(frozen=True)
class Story:
    title: str
    unit: str
    url: str


@dataclass(frozen=True)
class Dashboard:
    title: str
    theme: str
    public: bool
    generated_at: str
    moment: str
    counters: tuple[Counter, ...]
    charts: tuple[Chart, ...]
    stories: tuple[Story, ...] = ()
    refresh: int = field(default_factory=lambda: settings.VOCWEEK_DASHBOARD_SECONDS)

    def as_dict(self) -> dict:
        figures = asdict(self)
        for chart, shown in zip(self.charts, figures["charts"], strict=True):
            shown["has_data"] = chart.has_data
            shown["rows"] = chart.rows()
        return figures


def _moment_text(campaign: Campaign, moment: datetime) -> str:
    """Where the week stands: days to the opening, the day of the week, or over."""
    local = moment.astimezone(campaign.zone)
    phase = campaign.phase_at(moment)
    if phase in (Phase.SETUP, Phase.PLAN_WINDOW):
        days = (campaign.starts_on - local.date()).days
        return _("%(days)d days to the opening") % {"days": days}
    if phase == Phase.WEEK:
        number = campaign.day_number(local.date())
        return _("Day %(number)d of %(days)d") % {"number": number, "days": len(campaign.days)}
    return _("The week is over")


def _day_labels(campaign: Campaign) -> tuple[str, ...]:
    return tuple(f"{day.month}/{day.day}" for day in campaign.days)


def _reports_per_day(
    campaign: Campaign, days: list[report_queries.DayReports], today: date, *, public: bool
) -> Chart:
    """Reports by day of the week; days still to come have no value rather than zero."""

    def per_day(figure: Callable[[report_queries.DayReports], int]) -> tuple[int | None, ...]:
        return tuple(figure(day) if day.day <= today else None for day in days)

    if public:
        series = (
            Series(_("Reports filed"), per_day(lambda day: day.filed)),
            Series(_("Stories featured"), per_day(lambda day: day.featured)),
        )
    else:
        series = (
            Series(_("On time"), per_day(lambda day: day.filed - day.late), stack="filed"),
            Series(_("Late"), per_day(lambda day: day.late), stack="filed"),
            Series(_("Adopted"), per_day(lambda day: day.adopted)),
        )
    return Chart(
        key="reports-per-day",
        title=_("Reports per day"),
        kind="line" if public else "stacked",
        categories=_day_labels(campaign),
        series=series,
        unit=_("reports"),
        empty=_("Reports appear here from the first day of the week."),
    )


def _by_group(
    key: str, title: str, rows: Sequence[report_queries.GroupCount], name: str, unit: str
) -> Chart:
    return Chart(
        key=key,
        title=title,
        kind="bar",
        categories=tuple(row.name for row in rows),
        series=(Series(name, tuple(row.count for row in rows)),),
        unit=unit,
        empty=_("Nothing published yet."),
    )


def _completeness(matrix: report_queries.CompletenessMatrix) -> Chart:
    def percent(rate: float | None) -> float | None:
        return None if rate is None else round(rate * 100, 1)

    return Chart(
        key="completeness",
        title=_("Reporting completeness by city"),
        kind="percent",
        categories=tuple(group.name for group in matrix.groups),
        series=(
            Series(
                _("Completeness"), tuple(percent(group.completeness) for group in matrix.groups)
            ),
            Series(_("On time"), tuple(percent(group.timeliness) for group in matrix.groups)),
        ),
        unit="%",
        empty=_("Rates appear once the first day's reports are due."),
    )


def _top_units(ranking: report_queries.Ranking) -> Chart:
    top = [row for row in ranking.rows[:TOP_UNITS] if row.points > 0]
    return Chart(
        key="top-units",
        title=_("Top units in reporting"),
        kind="ranking",
        categories=tuple(row.name for row in top),
        series=(Series(_("Points"), tuple(row.points for row in top)),),
        unit=_("points"),
        empty=_("The ranking starts with the first adopted reports."),
    )


def _plans_by_city(campaign: Campaign) -> Chart:
    rows = plan_queries.plan_counts_by_city(campaign)
    return Chart(
        key="plans",
        title=_("Activity plans by city"),
        kind="stacked",
        categories=tuple(group.name for group, _counts in rows),
        series=(
            Series(_("On time"), tuple(counts.on_time for _g, counts in rows), stack="plans"),
            Series(_("Late"), tuple(counts.late for _g, counts in rows), stack="plans"),
            Series(_("Missing"), tuple(counts.missing for _g, counts in rows), stack="plans"),
        ),
        unit=_("units"),
        empty=_("No unit owes a plan."),
    )


def _statistics(campaign: Campaign, moment: datetime, owing: int) -> tuple[Counter, Chart | None]:
    """The statistics tables filed, and — once any is filed — the activities by kind and city
    they report: the items the form marks with a dashboard label, summed over the submitted and
    confirmed returns. Before the week ends no return can exist, so nothing is read."""
    counter = Counter("statistics", _("Statistics tables filed"), 0, owing)
    definition = form_of(campaign) if moment >= campaign.week_ends_at else None
    if definition is None:
        return counter, None
    aggregate = aggregate_by_city(definition, campaign)
    if not aggregate.filed:
        return counter, None
    items = [item for item in definition.fields if item.dashboard_label and item.is_numeric]
    chart = Chart(
        key="activities",
        title=_("Activities by kind and city (statistics tables)"),
        kind="stacked",
        categories=tuple(group.name for group in aggregate.groups),
        series=tuple(
            Series(
                item.dashboard_label,
                tuple(int(group.totals.get(item.key, 0)) for group in aggregate.groups),
                stack="activities",
            )
            for item in items
        ),
        unit=items[0].unit_of_measure if items else "",
        empty=_("The statistics tables filed so far report no activities."),
    )
    return replace(counter, value=aggregate.filed), chart


def _calendar(campaign: Campaign) -> tuple[Counter, Chart]:
    """The activities published on the calendar, by city and kind family: live during the week,
    until the statistics tables bring the reported figures."""
    found = activity_queries.published_by_city_and_family(campaign)
    chart = Chart(
        key="activities",
        title=_("Activities by kind and city (calendar)"),
        kind="stacked",
        categories=tuple(city.name for city in found.cities),
        series=tuple(
            Series(str(KindFamily(family).label), counts, stack="activities")
            for family, counts in found.counts.items()
        ),
        unit=_("activities"),
        empty=_("Activities appear here as units publish them on the calendar."),
    )
    return Counter("activities", _("Activities on the calendar"), found.total), chart


def _stories(campaign: Campaign) -> tuple[Story, ...]:
    return tuple(
        Story(
            title=report.title,
            unit=report.unit.short_name or report.unit.name,
            url=reverse("column:story", args=[report.pk]),
        )
        for report in public_queries.latest_stories(campaign, TICKER_STORIES)
    )


def staff_dashboard(campaign: Campaign, moment: datetime | None = None) -> Dashboard:
    """Everything the organiser watches during the campaign."""
    moment = moment or clock.now()
    units = participation_counts(campaign)
    plans = plan_queries.count_plans(campaign)
    days = report_queries.reports_by_day(campaign)
    today = campaign.report_day(moment)
    filed_today = next((day.filed for day in days if day.day == today), 0)
    statistics, reported = _statistics(campaign, moment, units["statistics"])
    on_calendar, calendar = _calendar(campaign)
    matrix, ranking = report_queries.completeness_and_ranking(
        campaign, Unit.objects.subtree(campaign.organiser), moment=moment
    )
    counters = [
        Counter("units", _("Units taking part"), units["units"]),
        Counter("plans", _("Activity plans filed"), plans.on_time + plans.late, plans.owed),
        on_calendar,
        Counter("today", _("Reports filed today"), filed_today),
        Counter("filed", _("Reports filed"), sum(day.filed for day in days)),
        Counter("adopted", _("Reports adopted"), sum(day.adopted for day in days)),
        Counter("featured", _("Stories featured"), sum(day.featured for day in days)),
        Counter("halls", _("Exhibition halls open"), _halls_open()),
        Counter(
            "pledge", _("Students who signed the pledge"), pledge_queries.campaign_signers(campaign)
        ),
        statistics,
    ]
    return Dashboard(
        title=campaign.title,
        theme=campaign.theme,
        public=False,
        generated_at=moment.isoformat(),
        moment=_moment_text(campaign, moment),
        counters=tuple(counters),
        charts=(
            _reports_per_day(campaign, days, today, public=False),
            _completeness(matrix),
            _plans_by_city(campaign),
            reported or calendar,
            _top_units(ranking),
        ),
        stories=_stories(campaign),
    )


def _halls_open() -> int:
    return sum(row.count for row in published_halls_by_group())


def public_dashboard(campaign: Campaign, moment: datetime | None = None) -> Dashboard:
    """The figures the public may see: what the portal publishes, counted."""
    moment = moment or clock.now()
    counters = public_queries.public_counters(campaign)
    days = report_queries.reports_by_day(campaign)
    today = campaign.report_day(moment)
    halls = published_halls_by_group()
    websites = plan_queries.city_topic_websites(campaign)
    on_calendar, calendar = _calendar(campaign)
    return Dashboard(
        title=campaign.title,
        theme=campaign.theme,
        public=True,
        generated_at=moment.isoformat(),
        moment=_moment_text(campaign, moment),
        counters=(
            Counter("units", _("Units taking part"), counters.units),
            on_calendar,
            Counter("filed", _("Reports filed"), counters.filed),
            Counter("featured", _("Stories featured"), counters.featured),
            Counter("halls", _("Exhibition halls open"), sum(row.count for row in halls)),
            Counter(
                "pledge",
                _("Students who signed the pledge"),
                pledge_queries.campaign_signers(campaign),
            ),
            Counter(
                "websites",
                _("City topic websites"),
                sum(1 for website in websites if website.url),
                len(websites),
            ),
        ),
        charts=(
            replace(calendar, key="calendar"),
            _reports_per_day(campaign, days, today, public=True),
            _by_group(
                "stories-by-city",
                _("Featured stories by city"),
                report_queries.featured_by_group(campaign),
                _("Stories featured"),
                _("stories"),
            ),
            _by_group(
                "halls-by-city",
                _("Exhibition halls by city"),
                halls,
                _("Exhibition halls open"),
                _("halls"),
            ),
        ),
        stories=_stories(campaign),
    )


def cached_figures(
    campaign: Campaign, build: Callable[[Campaign], Dashboard], audience: str
) -> dict:
    """The dashboard as a dict, computed at most once per `VOCWEEK_DASHBOARD_SECONDS` per
    campaign, audience and language."""
    key = f"dashboard:{audience}:{campaign.pk}:{translation.get_language()}"
    figures = cache.get(key)
    if figures is None:
        figures = build(campaign).as_dict()
        cache.set(key, figures, settings.VOCWEEK_DASHBOARD_SECONDS)
    return figures
