"""Reads about information reporting: the completeness matrix (报送完成情况) and the ranking (排名).

Both take a constant number of queries whatever the number of units — the city bureaus (for the
grouping), the obligated units as plain tuples, and one `GROUP BY unit` over the filed reports with
the counts per day packed into integers; the ranking adds the scoring table and one aggregate over
the adoptions — and are finished in Python, where units sharing a pattern of counts share the work.

Definitions, shared by the pages, the Excel exports and the tests:

- *Obligated units*: the campaign's participations with `owes_daily_reports`, among the units
  passed in (what the viewer may see, e.g. `Unit.objects.visible_to(user)`).
- A report *counts* for its `day` when its state is one of `State.filed()`.
- A cell (unit, day) is *reported* when the unit has at least `campaign.daily_report_quota` counting
  reports for the day that were not late; *late* when it reaches the quota only with late ones
  (补报); *missing* when it stays below the quota. Days after today (`campaign.report_day(now)`) are
  *upcoming*; today, still below the quota, is *today* (not yet due: its cut-off has not passed).
- *Due* cells are the days up to today, except today while it is below the quota.
  Completeness rate = (reported + late) / due; timeliness rate = reported / due; both None when
  nothing is due yet. Rates of a group are pooled over its cells, not averaged over its units.
- A unit's *filed reports* (for the ranking) are those counting for a day of the week.
- Groups are administrative, not geographic: a unit in a city bureau's subtree belongs to that
  city; every other unit (higher vocational colleges and provincial schools below the province)
  belongs to the province-direct group (省直单位), whatever city it is located in.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter
from types import MappingProxyType
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    IntegerField,
    Max,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from vocweek.campaigns.models import Campaign
from vocweek.core import clock
from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import PATH_STEP, Unit, UnitQuerySet, subtree_upper_bound
from vocweek.reports.enums import AdoptionLevel, State
from vocweek.reports.models import Adoption, Report, ReportingRules

PROVINCE_DIRECT = "direct"
"""The group key of the units that lie below no city bureau (省直单位)."""

PROVINCE_DIRECT_NAME = _("Province-direct units")

# The state of one cell of the matrix.
REPORTED = "reported"
LATE = "late"
MISSING = "missing"
TODAY = "today"
UPCOMING = "upcoming"

CELL_LABELS = {
    REPORTED: _("reported on time"),
    LATE: _("reported late"),
    MISSING: _("missing"),
    TODAY: _("due today, not yet reported"),
    UPCOMING: _("not yet due"),
}

FIELD_BITS = 8
FIELD_MASK = (1 << FIELD_BITS) - 1
DAYS_PER_SUM = 7  # 7 × 8 bits: a packed sum stays far below 2**63
LISTED_UNITS_AT_MOST = 2000
UNFILED = [state for state in State.values if state not in State.filed()]

# Adoption levels from the lowest to the highest: a report scores only its highest level.
LEVEL_ORDER: tuple[str, ...] = (
    AdoptionLevel.PROVINCE_PLATFORM,
    AdoptionLevel.PROVINCIAL_MEDIA,
    AdoptionLevel.CENTRAL_MEDIA,
)


@dataclass(frozen=True, slots=True)
class DayColumn:
    """One day of the week as a column: its date, its number (1–7), and whether it is due."""

    day: date
    number: int
    is_today: bool
    is_upcoming: bool


class UnitRow(NamedTuple):
    """One obligated unit: its cell per day (`REPORTED` … `UPCOMING`), counts and rates.

    A named tuple rather than a frozen dataclass, like `RankRow`: as immutable, and built 11,000
    times a call at a third of the cost.
    """

    unit_id: int
    name: str
    group_key: str
    group_name: str
    kind: str
    cells: tuple[str, ...]
    reported: int
    late: int
    missing: int
    due: int
    completeness: float | None
    timeliness: float | None

    @property
    def kind_label(self) -> str:
        return str(UnitKind(self.kind).label) if self.kind in UnitKind.values else self.kind


@dataclass(frozen=True, slots=True)
class GroupRow:
    """The cells of a city's units, of the province-direct units, or of all units, summed.

    `met_by_day` counts, per day, the units that reached the quota (on time or late).
    """

    key: str
    name: str
    units: int
    reported: int
    late: int
    missing: int
    due: int
    completeness: float | None
    timeliness: float | None
    met_by_day: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class CompletenessMatrix:
    """Units × days of a campaign as seen at `today`, with the groups and the total on top."""

    days: tuple[DayColumn, ...]
    today: date
    quota: int
    rows: list[UnitRow]
    groups: list[GroupRow]
    total: GroupRow


class RankRow(NamedTuple):
    """One unit's place in the ranking and the figures its points come from.

    `adopted_by_level` counts the unit's adopted reports by their highest adoption level.
    """

    rank: int
    unit_id: int
    name: str
    group: str
    filed: int
    adopted_by_level: Mapping[str, int]
    featured: int
    days_met: int
    days_late: int
    days_missing: int
    points: int

    @property
    def adopted(self) -> int:
        return sum(self.adopted_by_level.values())


@dataclass(frozen=True, slots=True)
class Ranking:
    """The ranking (信息报送排名), best first, and the names of the units with no filed report."""

    days: tuple[DayColumn, ...]
    today: date
    rules: ReportingRules
    rows: list[RankRow]
    unreported: list[str]


@dataclass(frozen=True, slots=True)
class _Pattern:
    """A classified pattern of counts: the tail of its `UnitRow`s, the days met, the reports."""

    index: int
    fields: tuple
    met_mask: int
    filed: int


@dataclass(frozen=True, slots=True)
class _Tally:
    """What the matrix and the ranking share: per unit (id, name, group key, group name, kind,
    pattern), the days, the groups and the total."""

    units: list[tuple[int, str, str, str, str, _Pattern]]
    days: tuple[DayColumn, ...]
    today: date
    quota: int
    groups: list[GroupRow]
    total: GroupRow


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _group_row(key: str, name: str, counts: list[int], met: list[int]) -> GroupRow:
    units, reported, late, missing, due = counts
    return GroupRow(
        key=key,
        name=name,
        units=units,
        reported=reported,
        late=late,
        missing=missing,
        due=due,
        completeness=_rate(reported + late, due),
        timeliness=_rate(reported, due),
        met_by_day=tuple(met),
    )


def city_groups(units: UnitQuerySet | None = None) -> list[tuple[str, str]]:
    """(key, name) of the city bureaus among `units` (all when None), in tree order."""
    cities = (
        Unit.objects.filter(kind=UnitKind.CITY)
        if units is None
        else units.filter(kind=UnitKind.CITY)
    )
    return [
        (str(pk), short_name or name)
        for pk, name, short_name in cities.order_by("path").values_list("pk", "name", "short_name")
    ]


def _week_counts(
    reports: QuerySet[Report], days: list[date]
) -> list[tuple[int, tuple[int, ...], tuple[int, ...]]]:
    """(unit id, on-time reports per day, reports per day) of each unit with filed reports.

    The counts per day — all reports and the late ones — are packed into one integer per
    `DAYS_PER_SUM` days (`FIELD_BITS` bits a day) and summed in one `GROUP BY unit`: 11,000 units
    travel as 11,000 short rows instead of 77,000 (unit, day) rows, which is what costs on SQLite,
    and only the few late reports pay for a second sum. A field cannot overflow unless the unit
    filed more reports than it holds, so such units (none in practice) are counted again by day.
    """
    annotations: dict[str, Count | Cast] = {"filed": Count("pk")}
    for chunk, first in enumerate(range(0, len(days), DAYS_PER_SUM)):
        weight = Case(
            *(
                When(day=day, then=Value(1 << (FIELD_BITS * offset)))
                for offset, day in enumerate(days[first : first + DAYS_PER_SUM])
            ),
            default=Value(0),
            output_field=BigIntegerField(),
        )
        # Cast: PostgreSQL sums bigints as numeric, which would arrive as 22,000 Decimals.
        annotations[f"late_{chunk}"] = Cast(
            Sum(weight, filter=Q(is_late=True)), output_field=BigIntegerField()
        )
        annotations[f"total_{chunk}"] = Cast(Sum(weight), output_field=BigIntegerField())
    packed = (
        reports.values("unit_id")
        .annotate(**annotations)
        .order_by()
        .values_list("unit_id", *annotations)
    )
    # The SQL the ORM compiled, run without its per-value converters: 33,000 int() calls on
    # integers that are already integers (PostgreSQL's Decimal sums are converted once below).
    try:
        sql, params = packed.query.sql_with_params()
    except EmptyResultSet:  # no unit listed: the ORM knows the answer without asking
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        packed_rows = cursor.fetchall()
    day_count = len(days)
    unpacked: dict[tuple, tuple[tuple[int, ...], tuple[int, ...]]] = {}
    counted: list[tuple[int, tuple[int, ...], tuple[int, ...]]] = []
    crowded: list[int] = []
    for unit_id, filed, *sums in packed_rows:
        if filed > FIELD_MASK:
            crowded.append(unit_id)
            continue
        key = tuple(sums)
        found = unpacked.get(key)
        if found is None:
            on_time: list[int] = []
            totals: list[int] = []
            for position in range(0, len(sums), 2):
                late_sum, total_sum = int(sums[position] or 0), int(sums[position + 1] or 0)
                on_time_sum = total_sum - late_sum  # no field borrows: late ≤ total in each
                for offset in range(min(DAYS_PER_SUM, day_count - DAYS_PER_SUM * position // 2)):
                    on_time.append(on_time_sum >> (FIELD_BITS * offset) & FIELD_MASK)
                    totals.append(total_sum >> (FIELD_BITS * offset) & FIELD_MASK)
            found = unpacked[key] = (tuple(on_time), tuple(totals))
        counted.append((unit_id, *found))
    if crowded:
        index = {day: position for position, day in enumerate(days)}
        by_day = {unit_id: ([0] * day_count, [0] * day_count) for unit_id in crowded}
        for unit_id, day, on_time_count, total in (
            reports.filter(day__in=days, unit_id__in=crowded)
            .values_list("unit_id", "day")
            .annotate(on_time=Count("pk", filter=Q(is_late=False)), total=Count("pk"))
            .order_by()
        ):
            by_day[unit_id][0][index[day]] = on_time_count
            by_day[unit_id][1][index[day]] = total
        counted += [(unit_id, tuple(on), tuple(all_)) for unit_id, (on, all_) in by_day.items()]
    return counted


def _tally(
    campaign: Campaign,
    units: UnitQuerySet,
    *,
    group: str = "",
    kind: str = "",
    moment: datetime | None = None,
) -> _Tally:
    today = campaign.report_day(moment or clock.now())
    days = campaign.days
    today_index = (today - campaign.starts_on).days
    columns = tuple(
        DayColumn(
            day=day,
            number=index + 1,
            is_today=index == today_index,
            is_upcoming=index > today_index,
        )
        for index, day in enumerate(days)
    )
    quota = campaign.daily_report_quota

    # Cities: path → (key, name), to put each unit in its administrative group.
    city_paths: dict[str, tuple[str, str]] = {}
    for pk, name, short_name, path in (
        Unit.objects.filter(kind=UnitKind.CITY)
        .order_by("path")
        .values_list("pk", "name", "short_name", "path")
    ):
        city_paths[path] = (str(pk), short_name or name)

    scope = units
    if group and group != PROVINCE_DIRECT:
        city_path = next((path for path, (key, _n) in city_paths.items() if key == group), None)
        if city_path is None:
            scope = scope.none()
        else:
            scope = scope.filter(path__gte=city_path, path__lt=subtree_upper_bound(city_path))
    if kind:
        scope = scope.filter(kind=kind)

    unit_lines = list(
        scope.filter(participations__campaign=campaign, participations__owes_daily_reports=True)
        .order_by()
        .values_list("pk", "name", "kind", "path")
    )
    unit_lines.sort(key=itemgetter(3))  # tree order; Python sorts digits faster than a collation
    # Aggregate the reports of the listed units only when they are a few; otherwise the whole
    # campaign (cheaper than a semi-join) and leave out the others below. "Filed" is written as
    # "not one of the other states": one comparison per report instead of six.
    reports = Report.objects.filter(campaign=campaign).exclude(state__in=UNFILED)
    if len(unit_lines) <= LISTED_UNITS_AT_MOST:
        reports = reports.filter(unit_id__in=[line[0] for line in unit_lines])

    # Units share few patterns of counts: each pattern is classified once, and units, groups and
    # totals refer to their pattern.
    due_count = min(max(today_index + 1, 0), len(days))
    upcoming_tail = (UPCOMING,) * (len(days) - due_count)
    patterns: dict[tuple[tuple[int, ...], tuple[int, ...]], _Pattern] = {}

    def pattern(on_time: tuple[int, ...], totals: tuple[int, ...]) -> _Pattern:
        cells: list[str] = []
        met_mask = 0
        for index in range(due_count):
            if on_time[index] >= quota:
                cells.append(REPORTED)
                met_mask |= 1 << index
            elif totals[index] >= quota:
                cells.append(LATE)
                met_mask |= 1 << index
            elif index == today_index:
                cells.append(TODAY)
            else:
                cells.append(MISSING)
        reported, late, missing = (cells.count(state) for state in (REPORTED, LATE, MISSING))
        due = reported + late + missing
        found = patterns[on_time, totals] = _Pattern(
            index=len(patterns),
            fields=(
                (*cells, *upcoming_tail),
                reported,
                late,
                missing,
                due,
                _rate(reported + late, due),
                _rate(reported, due),
            ),
            met_mask=met_mask,
            filed=sum(totals),
        )
        return found

    of_unit: dict[int, _Pattern] = {}
    for unit_id, on_time, totals in _week_counts(reports, days):
        of_unit[unit_id] = patterns.get((on_time, totals)) or pattern(on_time, totals)
    no_reports = pattern((0,) * len(days), (0,) * len(days))

    tallied: list[tuple[int, str, str, str, str, _Pattern]] = []
    units_by_pattern: dict[str, dict[int, int]] = {}  # group key → pattern index → units
    group_of_prefix: dict[str, tuple[str, str]] = {}
    direct = (PROVINCE_DIRECT, str(PROVINCE_DIRECT_NAME))
    for unit_id, name, unit_kind, path in unit_lines:
        found = city_paths.get(path)  # a city bureau heads its own group
        if found is None:
            parent_path = path[:-PATH_STEP]
            found = group_of_prefix.get(parent_path)
            if found is None:
                found = direct
                for end in range(PATH_STEP, len(path), PATH_STEP):
                    if path[:end] in city_paths:
                        found = city_paths[path[:end]]
                        break
                group_of_prefix[parent_path] = found
        key, group_name = found
        if group == PROVINCE_DIRECT and key != PROVINCE_DIRECT:
            continue
        unit_pattern = of_unit.get(unit_id, no_reports)
        tallied.append((unit_id, name, key, group_name, unit_kind, unit_pattern))
        counts = units_by_pattern.get(key)
        if counts is None:
            counts = units_by_pattern[key] = {}
        counts[unit_pattern.index] = counts.get(unit_pattern.index, 0) + 1

    by_index = {found.index: found for found in patterns.values()}

    def summed(key: str, name: str, counts: dict[int, int]) -> GroupRow:
        totals = [0, 0, 0, 0, 0]  # units, reported, late, missing, due
        met = [0] * len(days)
        for index, units_with_it in counts.items():
            found = by_index[index]
            totals[0] += units_with_it
            for position in range(1, 5):
                totals[position] += found.fields[position] * units_with_it
            for day_index in range(due_count):
                if found.met_mask >> day_index & 1:
                    met[day_index] += units_with_it
        return _group_row(key, name, totals, met)

    names = dict(city_paths.values())
    names[PROVINCE_DIRECT] = direct[1]
    order = [*(key for key, _name in city_paths.values()), PROVINCE_DIRECT]
    groups = [
        summed(key, names[key], units_by_pattern[key]) for key in order if key in units_by_pattern
    ]
    everything: dict[int, int] = {}
    for counts in units_by_pattern.values():
        for index, units_with_it in counts.items():
            everything[index] = everything.get(index, 0) + units_with_it
    total = summed("", str(_("All units")), everything)
    return _Tally(units=tallied, days=columns, today=today, quota=quota, groups=groups, total=total)


def completeness_matrix(
    campaign: Campaign,
    units: UnitQuerySet,
    *,
    group: str = "",
    kind: str = "",
    moment: datetime | None = None,
) -> CompletenessMatrix:
    """Each obligated unit among `units` × each day of the week, with per-group and total rates.

    `group` narrows to one city bureau's subtree (its pk as text) or to the province-direct units
    (`PROVINCE_DIRECT`); `kind` to one unit kind. `moment` (default: now) decides which day is
    today. Three queries, whatever the number of units. Definitions: see the module docstring.
    """
    return _matrix(_tally(campaign, units, group=group, kind=kind, moment=moment))


def _matrix(tally: _Tally) -> CompletenessMatrix:
    return CompletenessMatrix(
        days=tally.days,
        today=tally.today,
        quota=tally.quota,
        rows=[
            UnitRow(unit_id, name, key, group_name, kind, *found.fields)
            for unit_id, name, key, group_name, kind, found in tally.units
        ],
        groups=tally.groups,
        total=tally.total,
    )


def _adopted_reports(campaign: Campaign) -> QuerySet:
    """(unit id, state, rank of the highest adoption level) of each adopted or featured report.

    Read from the adoptions, which are few; all of the campaign's, as the caller skips the units
    it leaves out. A featured report is among them: it was adopted first, and adopting records
    the adoption (`services.adopt_report`).
    """
    rank = Case(
        *(When(level=level, then=Value(position)) for position, level in enumerate(LEVEL_ORDER)),
        output_field=IntegerField(),
    )
    # As a subquery, the adopted reports are found through the (campaign, state) index whether
    # or not the database has statistics; as a join, SQLite without them scans the campaign.
    adopted = Report.objects.filter(campaign=campaign, state__in=[State.ADOPTED, State.FEATURED])
    return (
        Adoption.objects.filter(report__in=adopted)
        .values_list("report_id", "report__unit_id", "report__state")
        .annotate(highest=Max(rank))
        .order_by()
        .values_list("report__unit_id", "report__state", "highest")
    )


def reporting_ranking(
    campaign: Campaign,
    units: UnitQuerySet,
    *,
    group: str = "",
    kind: str = "",
    moment: datetime | None = None,
    rules: ReportingRules | None = None,
) -> Ranking:
    """The obligated units among `units` ranked by points of the campaign's scoring table.

    points = points_per_day_met × days reported on time + points_per_late_day × days met only late
    + points_per_missing_day × missing due days + points_per_submitted × filed reports
    + for each adopted or featured report the points of its highest adoption level only
    + points_per_featured × featured reports. Best first, then by name (in code-point order); equal
    points share a rank (1, 1, 3). `unreported` names the units without any filed report (for the 通报).
    Filters and `moment` as in `completeness_matrix`; two more queries than it (the rules, unless
    given, and the adoptions).
    """
    tally = _tally(campaign, units, group=group, kind=kind, moment=moment)
    return _ranking(campaign, tally, rules)


def completeness_and_ranking(
    campaign: Campaign, units: UnitQuerySet, *, moment: datetime | None = None
) -> tuple[CompletenessMatrix, Ranking]:
    """Both at the cost of one: they are read from the same counts (for the data dashboard)."""
    tally = _tally(campaign, units, moment=moment)
    return _matrix(tally), _ranking(campaign, tally)


def _ranking(campaign: Campaign, tally: _Tally, rules: ReportingRules | None = None) -> Ranking:
    if rules is None:
        rules = ReportingRules.objects.filter(campaign=campaign).first() or ReportingRules(
            campaign=campaign
        )

    # Per unit with adopted reports: reports by highest level (and featured), and their points.
    level_points = [rules.points_for_level(level) for level in LEVEL_ORDER]
    adopted: dict[int, list[int]] = {}
    adoption_points: dict[int, int] = {}

    def levels_of(unit_id: int) -> list[int]:
        levels = adopted.get(unit_id)
        if levels is None:
            levels = adopted[unit_id] = [0] * (len(LEVEL_ORDER) + 1)  # the last: featured
            adoption_points[unit_id] = 0
        return levels

    for unit_id, state, highest in _adopted_reports(campaign):
        levels = levels_of(unit_id)
        if highest is not None:  # None only for a level this code does not know
            levels[highest] += 1
            adoption_points[unit_id] += level_points[highest]
        if state == State.FEATURED:
            levels[-1] += 1
            adoption_points[unit_id] += rules.points_per_featured

    # The points of the days and of the reports filed depend on the pattern alone.
    pattern_points: dict[int, int] = {}
    scored: list[tuple[int, str, int]] = []
    for position, (unit_id, name, *_rest, found) in enumerate(tally.units):
        points = pattern_points.get(found.index)
        if points is None:
            _cells, reported, late, missing, *_rates = found.fields
            points = pattern_points[found.index] = (
                rules.points_per_day_met * reported
                + rules.points_per_late_day * late
                + rules.points_per_missing_day * missing
                + rules.points_per_submitted * found.filed
            )
        scored.append((-(points + adoption_points.get(unit_id, 0)), name, position))
    scored.sort()

    none_adopted = [0] * (len(LEVEL_ORDER) + 1)
    zero_levels = MappingProxyType(dict.fromkeys(LEVEL_ORDER, 0))
    rows: list[RankRow] = []
    rank = 0
    previous: int | None = None
    for place, (negative, name, position) in enumerate(scored, start=1):
        if negative != previous:
            rank, previous = place, negative
        unit_id, _name, _key, group_name, _kind, found = tally.units[position]
        levels = adopted.get(unit_id, none_adopted)
        _cells, reported, late, missing, *_rates = found.fields
        rows.append(
            RankRow(
                rank,
                unit_id,
                name,
                group_name,
                found.filed,
                zero_levels
                if levels is none_adopted
                else MappingProxyType(dict(zip(LEVEL_ORDER, levels[:-1], strict=True))),
                levels[-1],
                reported,
                late,
                missing,
                -negative,
            )
        )
    unreported = [unit[1] for unit in tally.units if not unit[5].filed]
    return Ranking(
        days=tally.days, today=tally.today, rules=rules, rows=rows, unreported=unreported
    )


@dataclass(frozen=True, slots=True)
class DayReports:
    """What was filed for one day of the week: all counting reports, the late ones among them,
    and those adopted (featured included) and featured so far."""

    day: date
    number: int
    filed: int
    late: int
    adopted: int
    featured: int


def reports_by_day(campaign: Campaign) -> list[DayReports]:
    """Each day of the week with its counting reports (one grouped query)."""
    counts = {
        row["day"]: row
        for row in Report.objects.filter(
            campaign=campaign, state__in=State.filed(), day__in=campaign.days
        )
        .values("day")
        .annotate(
            filed=Count("pk"),
            late=Count("pk", filter=Q(is_late=True)),
            adopted=Count("pk", filter=Q(state__in=[State.ADOPTED, State.FEATURED])),
            featured=Count("pk", filter=Q(state=State.FEATURED)),
        )
        .order_by()
    }
    empty = {"filed": 0, "late": 0, "adopted": 0, "featured": 0}
    return [
        DayReports(
            day=day,
            number=number,
            filed=counts.get(day, empty)["filed"],
            late=counts.get(day, empty)["late"],
            adopted=counts.get(day, empty)["adopted"],
            featured=counts.get(day, empty)["featured"],
        )
        for number, day in enumerate(campaign.days, start=1)
    ]


@dataclass(frozen=True, slots=True)
class GroupCount:
    """A figure of one city bureau's group, or of the province-direct units (`PROVINCE_DIRECT`)."""

    key: str
    name: str
    count: int


def count_by_group(paths: list[str]) -> list[GroupCount]:
    """How many of the given unit paths fall in each city's group, every city listed in tree order
    (zeros included), then the province-direct group when it has any (one query, for the cities)."""
    cities = {
        path: (str(pk), short_name or name)
        for pk, name, short_name, path in Unit.objects.filter(kind=UnitKind.CITY)
        .order_by("path")
        .values_list("pk", "name", "short_name", "path")
    }
    counts = dict.fromkeys(cities.values(), 0)
    direct = (PROVINCE_DIRECT, str(PROVINCE_DIRECT_NAME))
    for path in paths:
        group = next(
            (
                cities[path[:end]]
                for end in range(PATH_STEP, len(path) + 1, PATH_STEP)
                if path[:end] in cities
            ),
            direct,
        )
        counts[group] = counts.get(group, 0) + 1
    return [GroupCount(key, name, count) for (key, name), count in counts.items()]


def featured_by_group(campaign: Campaign) -> list[GroupCount]:
    """The campaign's featured stories by city group (two queries)."""
    paths = (
        Report.objects.published().filter(campaign=campaign).values_list("unit__path", flat=True)
    )
    return count_by_group(list(paths))
