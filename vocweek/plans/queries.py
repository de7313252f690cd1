"""Reads of activity plans: who owes one and where each stands, and the cities' topic websites.

Every list starts from the units that owe a plan in the campaign (participations with
`owes_plan`), so a unit that has not filed shows as missing rather than not at all.
"""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy

from vocweek.campaigns.models import Campaign, Liaison, Participation
from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import Unit
from vocweek.plans.enums import PlanStanding
from vocweek.plans.models import ActivityPlan

PROVINCE_DIRECT = "direct"
"""The group key of the units that lie below no city bureau (省直单位)."""
PROVINCE_DIRECT_NAME = gettext_lazy("Province-direct units")


@dataclass(frozen=True)
class CityGroup:
    """Where a unit is listed: its city bureau's key and short name, or 省直单位."""

    key: str
    name: str


def city_group(unit: Unit) -> CityGroup:
    """The unit's city bureau when the unit lies in its subtree (the bureau itself included);
    省直单位 otherwise — a province-direct school located in a city still answers to the province."""
    city = unit.city
    if city is not None and city.contains(unit):
        return CityGroup(str(city.pk), city.short_name or city.name)
    return CityGroup(PROVINCE_DIRECT, str(PROVINCE_DIRECT_NAME))


@dataclass(frozen=True)
class PlanRow:
    """One unit that owes a plan, with its plan (None while missing) and its liaisons (the most
    recently recorded first)."""

    unit: Unit
    city: CityGroup
    plan: ActivityPlan | None
    liaisons: list[Liaison]

    @property
    def city_name(self) -> str:
        return self.city.name

    @property
    def standing(self) -> PlanStanding:
        if self.plan is None:
            return PlanStanding.MISSING
        return PlanStanding.LATE if self.plan.is_late else PlanStanding.ON_TIME


@dataclass(frozen=True)
class PlanCounts:
    owed: int
    on_time: int
    late: int
    missing: int


def _obligations(campaign: Campaign, below: Unit | None) -> QuerySet[Participation]:
    participations = Participation.objects.filter(campaign=campaign, owes_plan=True)
    if below is not None:
        participations = participations.filter(unit__in=Unit.objects.descendants(below))
    return participations


def plan_rows(campaign: Campaign, *, below: Unit | None = None) -> list[PlanRow]:
    """The units owing a plan in the campaign (below `below`, if given) in tree order, each with
    its plan and liaisons (three queries whatever the number of units)."""
    plans = ActivityPlan.objects.filter(campaign=campaign).select_related("filed_by")
    liaisons = Liaison.objects.order_by("-updated_at", "-pk")
    participations = (
        _obligations(campaign, below)
        .select_related("unit", "unit__city")
        .prefetch_related(
            Prefetch("liaisons", queryset=liaisons),
            Prefetch("unit__plans", queryset=plans, to_attr="campaign_plans"),
        )
        .order_by("unit__path")
    )
    return [
        PlanRow(
            unit=participation.unit,
            city=city_group(participation.unit),
            plan=participation.unit.campaign_plans[0]
            if participation.unit.campaign_plans
            else None,
            liaisons=list(participation.liaisons.all()),
        )
        for participation in participations
    ]


def plan_counts(rows: list[PlanRow]) -> PlanCounts:
    standings = [row.standing for row in rows]
    return PlanCounts(
        owed=len(rows),
        on_time=standings.count(PlanStanding.ON_TIME),
        late=standings.count(PlanStanding.LATE),
        missing=standings.count(PlanStanding.MISSING),
    )


def count_plans(campaign: Campaign, *, below: Unit | None = None) -> PlanCounts:
    """How many units below `below` owe a plan, filed on time, late, or not yet (one query)."""
    counts = _obligations(campaign, below).aggregate(
        owed=Count("pk", distinct=True),
        on_time=Count(
            "unit__plans",
            filter=Q(unit__plans__campaign=campaign, unit__plans__is_late=False),
            distinct=True,
        ),
        late=Count(
            "unit__plans",
            filter=Q(unit__plans__campaign=campaign, unit__plans__is_late=True),
            distinct=True,
        ),
    )
    return PlanCounts(
        owed=counts["owed"],
        on_time=counts["on_time"],
        late=counts["late"],
        missing=counts["owed"] - counts["on_time"] - counts["late"],
    )


def current_liaison(campaign: Campaign, unit: Unit) -> Liaison | None:
    """The unit's most recently recorded liaison for the campaign (prefills the plan form)."""
    return (
        Liaison.objects.filter(participation__campaign=campaign, participation__unit=unit)
        .order_by("-updated_at", "-pk")
        .first()
    )


def plan_of(campaign: Campaign, unit: Unit) -> ActivityPlan | None:
    return (
        ActivityPlan.objects.filter(campaign=campaign, unit=unit)
        .select_related("campaign", "unit", "filed_by")
        .first()
    )


def owes_plan(campaign: Campaign, unit: Unit) -> bool:
    return Participation.objects.filter(campaign=campaign, unit=unit, owes_plan=True).exists()


def units_missing_plans(campaign: Campaign) -> QuerySet[Participation]:
    """Participations owing a plan that has not been filed (for reminders), with unit and liaisons."""
    filed = ActivityPlan.objects.filter(campaign=campaign).values("unit_id")
    return (
        _obligations(campaign, None)
        .exclude(unit_id__in=filed)
        .filter(unit__is_active=True)
        .select_related("unit")
        .prefetch_related("liaisons")
        .order_by("unit__path")
    )


@dataclass(frozen=True)
class CityWebsite:
    """A city's topic website as the home page links to it; `url` is empty until it is filed."""

    city_name: str
    url: str
    title: str


def city_topic_websites(campaign: Campaign) -> list[CityWebsite]:
    """Every city bureau taking part in the campaign, in tree order, with the topic website it
    filed with its plan (two queries)."""
    filed = {
        unit_id: (url, title)
        for unit_id, url, title in ActivityPlan.objects.filter(
            campaign=campaign, unit__kind=UnitKind.CITY
        ).values_list("unit_id", "topic_website", "website_title")
    }
    cities = (
        Participation.objects.filter(campaign=campaign, unit__kind=UnitKind.CITY)
        .order_by("unit__path")
        .values_list("unit_id", "unit__name", "unit__short_name")
    )
    return [
        CityWebsite(
            city_name=short_name or name,
            url=filed.get(unit_id, ("", ""))[0],
            title=filed.get(unit_id, ("", ""))[1],
        )
        for unit_id, name, short_name in cities
    ]


def plan_counts_by_city(campaign: Campaign) -> list[tuple[CityGroup, PlanCounts]]:
    """The plan counts of each city group that owes plans, cities in tree order, province-direct
    last: one query of short tuples (11,000 owing units read as rows would take seconds)."""
    plan_late = ActivityPlan.objects.filter(campaign=campaign, unit=OuterRef("unit")).values(
        "is_late"
    )[:1]
    lines = (
        _obligations(campaign, None)
        .annotate(plan_late=Subquery(plan_late))
        .values_list(
            "unit__path",
            "unit__city_id",
            "unit__city__path",
            "unit__city__name",
            "unit__city__short_name",
            "plan_late",
        )
    )
    tallies: dict[CityGroup, list[int]] = {}  # on time, late, missing
    order: dict[CityGroup, str] = {}
    for path, city_id, city_path, city_name, city_short, late in lines:
        if city_id is not None and path.startswith(city_path):
            group = CityGroup(str(city_id), city_short or city_name)
            order[group] = city_path
        else:
            group = CityGroup(PROVINCE_DIRECT, str(PROVINCE_DIRECT_NAME))
            order[group] = "\uffff"  # after every path
        tally = tallies.setdefault(group, [0, 0, 0])
        tally[2 if late is None else 1 if late else 0] += 1
    return [
        (group, PlanCounts(owed=sum(tally), on_time=tally[0], late=tally[1], missing=tally[2]))
        for group, tally in sorted(tallies.items(), key=lambda item: order[item[0]])
    ]
