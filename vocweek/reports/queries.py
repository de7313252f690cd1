"""Reads about information reporting: the completeness matrix (报送完成情况) and the ranking (排名).

Both are computed from a constant number of queries whatever the number of units — the obligated
units as plain tuples, one `GROUP BY unit, day` over the filed reports, the city bureaus (for the
grouping) and, for the ranking, one more aggregate over adoptions — and finished in Python.

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
- Groups are administrative, not geographic: a unit in a city bureau's subtree belongs to that
  city; every other unit (higher vocational colleges and provincial schools below the province)
  belongs to the province-direct group (省直单位), whatever city it is located in.
"""

from dataclasses import dataclass
from datetime import date, datetime

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
from django.utils.translation import gettext_lazy as _

from vocweek.campaigns.models import Campaign, Participation
from vocweek.core import clock
from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import PATH_STEP, Unit, UnitQuerySet, subtree_upper_bound
from vocweek.reports.enums import AdoptionLevel, State
from vocweek.reports.models import Report, ReportingRules

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


@dataclass(frozen=True, slots=True)
class UnitRow:
    """One obligated unit: its cell per day (`REPORTED` … `UPCOMING`), counts and rates."""

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


@dataclass(frozen=True, slots=True)
class RankRow:
    """One unit's place in the ranking and the figures its points come from.

    `adopted_by_level` counts the unit's adopted reports by their highest adoption level.
    """

    rank: int
    unit_id: int
    name: str
    group: str
    filed: int
    adopted_by_level: dict[str, int]
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
class _Tally:
    matrix: CompletenessMatrix
    filed: dict[int, int]  # unit id → filed reports of the campaign, whatever their day


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

    The counts per day are packed into one integer per `DAYS_PER_SUM` days (`FIELD_BITS` bits a
    day) and summed in one `GROUP BY unit`: 11,000 units travel as 11,000 short rows instead of
    77,000 (unit, day) rows, which is what costs on SQLite. A field cannot overflow unless the unit
    filed more reports than it holds, so such units (none in practice) are counted again by day.
    """
    annotations: dict[str, Count | Sum] = {"filed": Count("pk")}
    for chunk, first in enumerate(range(0, len(days), DAYS_PER_SUM)):
        weight = Case(
            *(
                When(day=day, then=Value(1 << (FIELD_BITS * offset)))
                for offset, day in enumerate(days[first : first + DAYS_PER_SUM])
            ),
            default=Value(0),
            output_field=BigIntegerField(),
        )
        annotations[f"on_time_{chunk}"] = Sum(weight, filter=Q(is_late=False))
        annotations[f"total_{chunk}"] = Sum(weight)
    packed_rows = (
        reports.values("unit_id")
        .annotate(**annotations)
        .order_by()
        .values_list("unit_id", *annotations)
    )
    day_count = len(days)
    unpacked: dict[tuple, tuple[tuple[int, ...], tuple[int, ...]]] = {}
    counted: list[tuple[int, tuple[int, ...], tuple[int, ...]]] = []
    crowded: list[int] = []
    for unit_id, filed, *packed in packed_rows:
        if filed > FIELD_MASK:
            crowded.append(unit_id)
            continue
        key = tuple(packed)
        found = unpacked.get(key)
        if found is None:
            on_time: list[int] = []
            totals: list[int] = []
            for position in range(0, len(packed), 2):
                on_time_sum, total_sum = int(packed[position] or 0), int(packed[position + 1] or 0)
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

    obligated = Participation.objects.filter(
        campaign=campaign, owes_daily_reports=True, unit__in=scope
    )
    unit_lines = list(
        obligated.order_by("unit__path").values_list(
            "unit_id", "unit__name", "unit__kind", "unit__path"
        )
    )
    # Aggregate the reports of the listed units only when they are a few; otherwise the whole
    # campaign (cheaper than a semi-join) and leave out the others below.
    reports = Report.objects.filter(campaign=campaign, state__in=State.filed())
    if len(unit_lines) <= LISTED_UNITS_AT_MOST:
        reports = reports.filter(unit_id__in=[line[0] for line in unit_lines])
    per_day: dict[int, tuple[tuple[int, ...], tuple[int, ...]]] = {}
    filed: dict[int, int] = {}
    for unit_id, on_time, totals in _week_counts(reports, days):
        filed[unit_id] = sum(totals)
        per_day[unit_id] = (on_time, totals)

    # Units share few patterns of counts: each pattern is classified once.
    due_count = min(max(today_index + 1, 0), len(days))
    upcoming_tail = (UPCOMING,) * (len(days) - due_count)
    patterns: dict[tuple[tuple[int, ...], tuple[int, ...]], tuple] = {}

    def pattern(
        key: tuple[tuple[int, ...], tuple[int, ...]],
    ) -> tuple[tuple[str, ...], int, int, int, int]:
        on_time, totals = key
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
        found = (
            (*cells, *upcoming_tail),
            cells.count(REPORTED),
            cells.count(LATE),
            cells.count(MISSING),
            met_mask,
        )
        patterns[key] = found
        return found

    rows: list[UnitRow] = []
    # per group: [units, reported, late, missing, due], and units per met mask (for met_by_day)
    group_counts: dict[str, list[int]] = {}
    group_met_masks: dict[str, dict[int, int]] = {}
    group_of_prefix: dict[str, tuple[str, str]] = {}
    direct = (PROVINCE_DIRECT, str(PROVINCE_DIRECT_NAME))
    no_reports = ((0,) * len(days), (0,) * len(days))
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
        unit_counts = per_day.get(unit_id, no_reports)
        cells, reported, late, missing, met_mask = patterns.get(unit_counts) or pattern(unit_counts)
        due = reported + late + missing
        rows.append(
            UnitRow(
                unit_id=unit_id,
                name=name,
                group_key=key,
                group_name=group_name,
                kind=unit_kind,
                cells=cells,
                reported=reported,
                late=late,
                missing=missing,
                due=due,
                completeness=(reported + late) / due if due else None,
                timeliness=reported / due if due else None,
            )
        )
        counts = group_counts.get(key)
        if counts is None:
            counts = group_counts[key] = [0, 0, 0, 0, 0]
            group_met_masks[key] = {}
        counts[0] += 1
        counts[1] += reported
        counts[2] += late
        counts[3] += missing
        counts[4] += due
        met_masks = group_met_masks[key]
        met_masks[met_mask] = met_masks.get(met_mask, 0) + 1

    def met_by_day(met_masks: dict[int, int]) -> list[int]:
        return [
            sum(units for mask, units in met_masks.items() if mask >> index & 1)
            if index < due_count
            else 0
            for index in range(len(days))
        ]

    names = dict(city_paths.values())
    names[PROVINCE_DIRECT] = direct[1]
    order = [*(key for key, _name in city_paths.values()), PROVINCE_DIRECT]
    groups = [
        _group_row(key, names[key], group_counts[key], met_by_day(group_met_masks[key]))
        for key in order
        if key in group_counts
    ]
    everything: dict[int, int] = {}
    for met_masks in group_met_masks.values():
        for mask, units_with_mask in met_masks.items():
            everything[mask] = everything.get(mask, 0) + units_with_mask
    totals = [sum(counts[position] for counts in group_counts.values()) for position in range(5)]
    total = _group_row("", str(_("All units")), totals, met_by_day(everything))
    matrix = CompletenessMatrix(
        days=columns, today=today, quota=quota, rows=rows, groups=groups, total=total
    )
    return _Tally(matrix=matrix, filed=filed)


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
    return _tally(campaign, units, group=group, kind=kind, moment=moment).matrix


def _highest_levels(campaign: Campaign, units: UnitQuerySet):
    """(unit id, state, highest level rank or None) of every adopted or featured report."""
    rank = Case(
        *(
            When(adoptions__level=level, then=Value(position))
            for position, level in enumerate(LEVEL_ORDER)
        ),
        output_field=IntegerField(),
    )
    return (
        Report.objects.filter(
            campaign=campaign,
            state__in=[State.ADOPTED, State.FEATURED],
            unit__in=units,
        )
        .values_list("pk", "unit_id", "state")
        .annotate(highest=Max(rank))
        .order_by()
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
    + points_per_missing_day × missing due days + points_per_submitted × filed reports (any day)
    + for each adopted or featured report the points of its highest adoption level only
    + points_per_featured × featured reports. Best first, then by name; equal points share a rank
    (1, 1, 3). `unreported` names the units without any filed report (for the 通报).
    Filters and `moment` as in `completeness_matrix`; one more query than it.
    """
    if rules is None:
        rules = ReportingRules.objects.filter(campaign=campaign).first() or ReportingRules(
            campaign=campaign
        )
    tally = _tally(campaign, units, group=group, kind=kind, moment=moment)
    matrix = tally.matrix

    level_points = [rules.points_for_level(level) for level in LEVEL_ORDER]
    adopted: dict[int, list[int]] = {}
    featured: dict[int, int] = {}
    for _pk, unit_id, state, highest in _highest_levels(campaign, units):
        if highest is not None:
            adopted.setdefault(unit_id, [0] * len(LEVEL_ORDER))[highest] += 1
        if state == State.FEATURED:
            featured[unit_id] = featured.get(unit_id, 0) + 1

    no_adoptions = [0] * len(LEVEL_ORDER)
    scored: list[tuple[int, str, UnitRow, int, list[int], int]] = []
    for row in matrix.rows:
        levels = adopted.get(row.unit_id, no_adoptions)
        filed = tally.filed.get(row.unit_id, 0)
        unit_featured = featured.get(row.unit_id, 0)
        points = (
            rules.points_per_day_met * row.reported
            + rules.points_per_late_day * row.late
            + rules.points_per_missing_day * row.missing
            + rules.points_per_submitted * filed
            + sum(count * value for count, value in zip(levels, level_points, strict=True))
            + rules.points_per_featured * unit_featured
        )
        scored.append((-points, row.name, row, filed, levels, unit_featured))
    scored.sort(key=lambda item: (item[0], item[1]))

    rows: list[RankRow] = []
    rank = 0
    previous: int | None = None
    for position, (negative, _name, row, filed, levels, unit_featured) in enumerate(
        scored, start=1
    ):
        if negative != previous:
            rank, previous = position, negative
        rows.append(
            RankRow(
                rank=rank,
                unit_id=row.unit_id,
                name=row.name,
                group=row.group_name,
                filed=filed,
                adopted_by_level=dict(zip(LEVEL_ORDER, levels, strict=True)),
                featured=unit_featured,
                days_met=row.reported,
                days_late=row.late,
                days_missing=row.missing,
                points=-negative,
            )
        )
    unreported = [row.name for row in matrix.rows if not tally.filed.get(row.unit_id)]
    return Ranking(
        days=matrix.days, today=matrix.today, rules=rules, rows=rows, unreported=unreported
    )
