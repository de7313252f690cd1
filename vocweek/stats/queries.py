"""Reads about statistics returns: who has filed, the report-derived figures, and the totals.

Definitions, shared by the pages, the Excel export and the tests:

- *Owing units*: the campaign's participations with `owes_statistics`.
- A return *counts* when it is submitted or confirmed (a draft or a returned return does not):
  a unit is *filed* when its return counts, *missing* otherwise.
- Totals add up the numeric items of the counting returns; the platform-filled items (`source`)
  are read live from the reports of the same units, never from what a return stored.
- Groups are administrative: a unit in a city bureau's subtree (the bureau included) belongs to
  that city; every other owing unit to the province-direct group (省直单位).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Q

from vocweek.campaigns.models import Campaign, Participation
from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import PATH_STEP, Unit
from vocweek.reports.enums import State
from vocweek.reports.models import Report
from vocweek.reports.queries import PROVINCE_DIRECT, PROVINCE_DIRECT_NAME
from vocweek.stats.definition import FormDefinition
from vocweek.stats.enums import FieldKind, ReturnState, Source
from vocweek.stats.models import CitySubmission, StatReturn

COUNTING_STATES = (ReturnState.SUBMITTED, ReturnState.CONFIRMED)

Total = int | Decimal

# Past this many units `derived_figures` reads the campaign's figures for every unit and keeps
# the asked ones: sending and planning a long `IN` list costs more than the rows left over.
LISTED_UNITS_MAX = 500


@dataclass(frozen=True)
class ReturnRow:
    """An owing unit and where its return stands (`state` None: not started)."""

    unit_id: int
    unit_name: str
    return_id: int | None
    state: str | None
    version: int | None
    submitted_at: datetime | None

    @property
    def is_filed(self) -> bool:
        return self.state in COUNTING_STATES


@dataclass(frozen=True)
class CityAggregate:
    """One group's figures: `key` is the city's pk as a string, or PROVINCE_DIRECT."""

    key: str
    name: str
    filed: int
    missing: int
    totals: dict[str, Total]


@dataclass(frozen=True)
class Aggregate:
    """The groups in tree order (province-direct last) and the province's totals over all."""

    groups: list[CityAggregate]
    filed: int
    missing: int
    totals: dict[str, Total]


def city_of(unit: Unit) -> Unit | None:
    """The city bureau whose subtree holds `unit` (the unit itself for a city bureau), or None."""
    prefixes = [unit.path[:end] for end in range(PATH_STEP, len(unit.path) + 1, PATH_STEP)]
    return Unit.objects.filter(kind=UnitKind.CITY, path__in=prefixes).order_by("-depth").first()


def returns_below(campaign: Campaign, unit: Unit) -> list[ReturnRow]:
    """The owing units strictly below `unit`, in tree order, with their returns' state."""
    participations = (
        Participation.objects.filter(
            campaign=campaign,
            owes_statistics=True,
            unit__in=Unit.objects.descendants(unit),
        )
        .select_related("unit")
        .order_by("unit__path")
    )
    units = [participation.unit for participation in participations]
    returns = {
        stat_return.unit_id: stat_return
        for stat_return in StatReturn.objects.filter(
            campaign=campaign, unit_id__in=[u.pk for u in units]
        )
    }
    rows = []
    for owing in units:
        stat_return = returns.get(owing.pk)
        rows.append(
            ReturnRow(
                unit_id=owing.pk,
                unit_name=owing.name,
                return_id=stat_return.pk if stat_return else None,
                state=stat_return.state if stat_return else None,
                version=stat_return.version if stat_return else None,
                submitted_at=stat_return.submitted_at if stat_return else None,
            )
        )
    return rows


def units_without_confirmed_return(campaign: Campaign, unit: Unit) -> list[Unit]:
    """The owing units strictly below `unit` whose return is not confirmed, in tree order."""
    confirmed = StatReturn.objects.filter(campaign=campaign, state=ReturnState.CONFIRMED)
    return list(
        Unit.objects.descendants(unit)
        .filter(
            participations__campaign=campaign,
            participations__owes_statistics=True,
        )
        .exclude(pk__in=confirmed.values("unit_id"))
        .order_by("path")
    )


def derived_figures(campaign: Campaign, unit_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Report figures by unit and `Source`: filed (a state of `State.filed()`), adopted (adopted
    or featured) and featured — one grouped query; units without reports get zeros."""
    ids = list(unit_ids)
    zeros = dict.fromkeys(Source.values, 0)
    figures = {pk: zeros.copy() for pk in ids}
    reports = Report.objects.filter(campaign=campaign)
    if len(ids) <= LISTED_UNITS_MAX:
        reports = reports.filter(unit_id__in=ids)
    rows = (
        reports.values_list("unit_id")
        .annotate(
            filed=Count("pk", filter=Q(state__in=State.filed())),
            adopted=Count("pk", filter=Q(state__in=[State.ADOPTED, State.FEATURED])),
            featured=Count("pk", filter=Q(state=State.FEATURED)),
        )
        .order_by()
    )
    for unit_id, filed, adopted, featured in rows:
        if unit_id in figures:
            figures[unit_id] = {
                Source.REPORTS_FILED: filed,
                Source.REPORTS_ADOPTED: adopted,
                Source.REPORTS_FEATURED: featured,
            }
    return figures


def derived_by_key(definition: FormDefinition, figures: Mapping[str, int]) -> dict[str, int]:
    """A unit's report figures (by `Source`) as the values of the form's platform-filled items."""
    return {item.key: figures.get(item.source, 0) for item in definition.fields if item.source}


def totals(definition: FormDefinition, returns: Iterable[Mapping[str, object]]) -> dict[str, Total]:
    """The sum of each numeric item over the given values (stored JSON or cleaned); blanks add 0.

    Whole-number items sum to int, decimal items to Decimal; text and choice items are left out.
    """
    numeric = [item for item in definition.fields if item.is_numeric]
    sums: dict[str, Total] = {
        item.key: Decimal(0) if item.kind == FieldKind.DECIMAL else 0 for item in numeric
    }
    for values in returns:
        for item in numeric:
            value = values.get(item.key)
            if value is None or value == "":
                continue
            if item.kind == FieldKind.DECIMAL:
                sums[item.key] += Decimal(str(value))
            else:
                sums[item.key] += int(value)
    return sums


def aggregate_by_city(definition: FormDefinition, campaign: Campaign) -> Aggregate:
    """Filed and missing units and the totals of each city and of the province-direct units,
    and of the province. Counts submitted and confirmed returns; source items from the reports
    of those same units. Four queries whatever the number of units."""
    cities = list(
        Unit.objects.subtree(campaign.organiser)
        .filter(kind=UnitKind.CITY)
        .order_by("path")
        .values_list("pk", "path", "name", "short_name")
    )
    city_by_path = {path: str(pk) for pk, path, _name, _short in cities}
    names = {str(pk): short or name for pk, _path, name, short in cities}
    names[PROVINCE_DIRECT] = str(PROVINCE_DIRECT_NAME)
    owing = list(
        Participation.objects.filter(campaign=campaign, owes_statistics=True).values_list(
            "unit_id", "unit__path"
        )
    )
    group_of = {unit_id: _group_for(path, city_by_path) for unit_id, path in owing}
    # Sums need no order: `order_by()` spares the joins and the sort of the default one.
    returns = StatReturn.objects.filter(campaign=campaign, state__in=COUNTING_STATES).order_by()
    counted = {
        unit_id: values
        for unit_id, values in returns.values_list("unit_id", "values")
        if unit_id in group_of
    }
    derived = derived_figures(campaign, list(counted))
    stored_by_group: dict[str, list[Mapping[str, object]]] = {}
    figures_by_group: dict[str, list[Mapping[str, int]]] = {}
    missing_by_group: dict[str, int] = {}
    for unit_id, group in group_of.items():
        if unit_id not in counted:
            missing_by_group[group] = missing_by_group.get(group, 0) + 1
            continue
        stored_by_group.setdefault(group, []).append(counted[unit_id])
        figures_by_group.setdefault(group, []).append(derived[unit_id])
    order = [str(pk) for pk, *_rest in cities] + [PROVINCE_DIRECT]
    groups = [
        CityAggregate(
            key=key,
            name=names[key],
            filed=len(stored_by_group.get(key, ())),
            missing=missing_by_group.get(key, 0),
            totals=_stored_totals(
                definition, stored_by_group.get(key, []), figures_by_group.get(key, [])
            ),
        )
        for key in order
        if key in stored_by_group or key in missing_by_group or key != PROVINCE_DIRECT
    ]
    return Aggregate(
        groups=groups,
        filed=sum(group.filed for group in groups),
        missing=sum(group.missing for group in groups),
        totals=_added_up(definition, [group.totals for group in groups]),
    )


def _group_for(path: str, city_by_path: Mapping[str, str]) -> str:
    for end in range(PATH_STEP, len(path) + 1, PATH_STEP):
        city = city_by_path.get(path[:end])
        if city is not None:
            return city
    return PROVINCE_DIRECT


def _stored_totals(
    definition: FormDefinition,
    stored: Sequence[Mapping[str, object]],
    figures: Sequence[Mapping[str, int]],
) -> dict[str, Total]:
    """`totals` of the returns' stored values with each unit's report figures (`derived_by_key`)
    in its source items, read straight from the stored JSON: summed item by item."""
    sums: dict[str, Total] = {}
    for item in definition.fields:
        if not item.is_numeric:
            continue
        if item.source:
            column: list[object] = [unit_figures.get(item.source, 0) for unit_figures in figures]
        else:
            column = [values.get(item.key) for values in stored]
        if item.kind == FieldKind.DECIMAL:
            sums[item.key] = _decimal_sum(column)
        else:
            sums[item.key] = _whole_sum(column)
    return sums


def _whole_sum(column: Sequence[object]) -> int:
    """The sum of stored whole numbers, blanks left out; anything but an int goes through int()
    as `from_json` would take it."""
    numbers = [value for value in column if type(value) is int]
    total = sum(numbers)
    if len(numbers) < len(column):
        total += sum(
            int(value)  # type: ignore[call-overload]
            for value in column
            if type(value) is not int and value is not None and value != ""
        )
    return total


def _decimal_sum(column: Sequence[object]) -> Decimal:
    """The exact sum of stored decimals (strings in JSON), blanks left out."""
    return sum(
        (
            Decimal(value if type(value) is str else str(value))
            for value in column
            if value is not None and value != ""
        ),
        Decimal(0),
    )


def _added_up(
    definition: FormDefinition, group_totals: Iterable[Mapping[str, Total]]
) -> dict[str, Total]:
    """The province's totals: the groups' totals added up item by item."""
    sums: dict[str, Total] = {
        item.key: Decimal(0) if item.kind == FieldKind.DECIMAL else 0
        for item in definition.fields
        if item.is_numeric
    }
    for totals_of_group in group_totals:
        for key, total in totals_of_group.items():
            sums[key] += total
    return sums


def return_of(campaign: Campaign, unit: Unit) -> StatReturn | None:
    """The unit's return in the campaign, if it has started one."""
    return StatReturn.objects.filter(campaign=campaign, unit=unit).first()


@dataclass(frozen=True)
class ReturnCounts:
    """Where the returns of the owing units below a unit stand (a returned one counts as started)."""

    owed: int
    submitted: int
    confirmed: int
    started: int

    @property
    def not_filed(self) -> int:
        return self.owed - self.submitted - self.confirmed


def count_returns(campaign: Campaign, *, below: Unit) -> ReturnCounts:
    """How many owing units strictly below `below` have submitted, confirmed or only started
    their return (two aggregate queries)."""
    owing = Participation.objects.filter(
        campaign=campaign, owes_statistics=True, unit__in=Unit.objects.descendants(below)
    )
    counts = (
        StatReturn.objects.filter(campaign=campaign, unit__in=owing.values("unit_id"))
        .order_by()
        .aggregate(
            submitted=Count("pk", filter=Q(state=ReturnState.SUBMITTED)),
            confirmed=Count("pk", filter=Q(state=ReturnState.CONFIRMED)),
            started=Count("pk", filter=Q(state__in=[ReturnState.DRAFT, ReturnState.RETURNED])),
        )
    )
    return ReturnCounts(owed=owing.count(), **counts)


def city_submission(campaign: Campaign, city: Unit) -> CitySubmission | None:
    """When and by whom the city bureau sent its city's statistics to the province, if it has."""
    return (
        CitySubmission.objects.filter(campaign=campaign, city=city)
        .select_related("submitted_by")
        .first()
    )
