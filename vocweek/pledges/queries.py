"""Reads about pledges: what the public may see, the exact counts, the wall of recent signers and
what a school or a city sees of its own signers.

Counts are read, never counted: the total is `Pledge.signers`, a school's count its
`PledgeTally`, a city's the sum of its schools' tallies (models.py explains why).
"""

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models import Sum

from vocweek.campaigns.models import Campaign, Participation
from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import Unit
from vocweek.pledges.enums import PledgeState
from vocweek.pledges.models import Pledge, PledgeTally, Signature

WALL_SIZE = 20
TOP_SCHOOLS = 10
MASK = "*"


# --- What the public sees ----------------------------------------------------------------------


def public_pledges(campaign: Campaign) -> list[Pledge]:
    """The campaign's open pledges first, then the closed ones, newest first in each."""
    pledges = list(Pledge.objects.public().filter(campaign=campaign).order_by("-pk"))
    return sorted(pledges, key=lambda pledge: pledge.state != PledgeState.OPEN)


def public_pledge(pk: int) -> Pledge | None:
    """An open or closed pledge with its campaign; None for a draft or nothing."""
    return Pledge.objects.public().select_related("campaign").filter(pk=pk).first()


def signature_by_token(token: str) -> Signature | None:
    """A signature by its certificate secret, with what the certificate shows."""
    return (
        Signature.objects.select_related("pledge", "pledge__campaign", "unit", "unit__city")
        .filter(token=token)
        .first()
    )


@dataclass(frozen=True)
class SchoolChoice:
    pk: int
    name: str


@dataclass(frozen=True)
class CitySchools:
    """The participating schools located in one city, for the grouped school list."""

    city: str
    schools: tuple[SchoolChoice, ...]


def participating_schools(campaign: Campaign) -> list[CitySchools]:
    """The campaign's participating schools grouped by the city they are in (cities and schools in
    tree order; schools without a city last)."""
    units = (
        Participation.objects.filter(campaign=campaign, unit__is_active=True)
        .filter(unit__kind__in=_school_kinds())
        .select_related("unit__city")
        .order_by("unit__city__path", "unit__path")
    )
    groups: dict[str, list[SchoolChoice]] = {}
    for participation in units:
        unit = participation.unit
        city = unit.city.short_name or unit.city.name if unit.city else ""
        groups.setdefault(city, []).append(SchoolChoice(unit.pk, unit.name))
    named = [CitySchools(city, tuple(schools)) for city, schools in groups.items() if city]
    if "" in groups:
        named.append(CitySchools("", tuple(groups[""])))
    return named


SCOPE_SECONDS = 60


@dataclass(frozen=True)
class SigningScope:
    """What a signature is checked against before it is counted."""

    campaign_id: int
    schools: frozenset[int]


_scopes: dict[int, tuple[str, SigningScope]] = {}


def signing_scope(pledge_id: int) -> SigningScope | None:
    """The public pledge's campaign and its participating schools, kept SCOPE_SECONDS in the
    cache: schools are enrolled before the week, and whether the pledge is open is checked by
    the counting statement itself. None (not kept) for a draft or no pledge.

    Each process also keeps the scope it last read, under the stamp the cache holds for it, and
    reads only the small stamp while it matches: unpickling thousands of school keys for every
    signature would cost more than the signature."""
    key = f"pledges:scope:{pledge_id}"
    stamp = cache.get(f"{key}:stamp")
    kept = _scopes.get(pledge_id)
    if stamp is not None and kept is not None and kept[0] == stamp:
        return kept[1]
    scope = cache.get(key) if stamp is not None else None
    if scope is None:
        campaign_id = next(
            iter(
                Pledge.objects.public().filter(pk=pledge_id).values_list("campaign_id", flat=True)
            ),
            None,
        )
        if campaign_id is None:
            return None
        schools = Participation.objects.filter(
            campaign_id=campaign_id, unit__is_active=True, unit__kind__in=_school_kinds()
        ).values_list("unit_id", flat=True)
        scope = SigningScope(campaign_id, frozenset(schools))
        stamp = secrets.token_hex(8)
        cache.set_many({key: scope, f"{key}:stamp": stamp}, SCOPE_SECONDS)
    _scopes[pledge_id] = (stamp, scope)
    return scope


def _school_kinds() -> list[str]:
    return UnitKind.schools()


# --- Counts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceCount:
    """A city's or a school's exact number of signers."""

    pk: int
    name: str
    signers: int


@dataclass(frozen=True)
class PledgeCounts:
    """What the live counter shows: the total, each city's count, and the last signature's time."""

    total: int
    cities: tuple[PlaceCount, ...]
    updated_at: datetime | None


def pledge_total(pledge_id: int) -> int:
    """The exact number of signers: one row read."""
    found = Pledge.objects.filter(pk=pledge_id).values_list("signers", flat=True)
    return next(iter(found), 0)


def city_counts(pledge: Pledge) -> tuple[PlaceCount, ...]:
    """Each city's signers (the sum of its schools' tallies), most first; cities without a
    signer are left out."""
    rows = (
        PledgeTally.objects.filter(pledge=pledge, unit__city__isnull=False)
        .values("unit__city", "unit__city__name", "unit__city__short_name", "unit__city__path")
        .annotate(total=Sum("signers"))
        .order_by("-total", "unit__city__path")
    )
    return tuple(
        PlaceCount(
            row["unit__city"],
            row["unit__city__short_name"] or row["unit__city__name"],
            row["total"],
        )
        for row in rows
        if row["total"]
    )


def pledge_counts(pledge: Pledge) -> PledgeCounts:
    """The live counter: the total read from the pledge's row (exact at every commit), the
    cities, and when the last signer signed (read along the `signature_wall` index)."""
    latest = (
        Signature.objects.filter(pledge=pledge)
        .order_by("-number")
        .values_list("signed_at", flat=True)[:1]
    )
    return PledgeCounts(
        total=pledge_total(pledge.pk),
        cities=city_counts(pledge),
        updated_at=next(iter(latest), None),
    )


def top_schools(pledge: Pledge, limit: int = TOP_SCHOOLS) -> list[PlaceCount]:
    """The schools with the most signers."""
    tallies = (
        PledgeTally.objects.filter(pledge=pledge, signers__gt=0)
        .select_related("unit")
        .order_by("-signers", "unit__path")[:limit]
    )
    return [PlaceCount(tally.unit_id, tally.unit.name, tally.signers) for tally in tallies]


# --- The wall of recent signers ----------------------------------------------------------------


def mask_name(name: str) -> str:
    """A name as the wall shows it: 李明 → 李*, 李小明 → 李*明, 欧阳小明 → 欧**明."""
    characters = list("".join(name.split()))
    if len(characters) <= 1:
        return MASK
    if len(characters) == 2:
        return characters[0] + MASK
    return characters[0] + MASK * (len(characters) - 2) + characters[-1]


@dataclass(frozen=True)
class WallEntry:
    number: int
    masked_name: str
    school: str
    signed_at: datetime


def wall(pledge: Pledge, size: int = WALL_SIZE) -> list[WallEntry]:
    """The latest signers, names masked (read along the `signature_wall` index)."""
    rows = (
        Signature.objects.filter(pledge=pledge)
        .order_by("-number")
        .values_list("number", "name", "unit__name", "signed_at")[:size]
    )
    return [
        WallEntry(number, mask_name(name), school, signed_at)
        for number, name, school, signed_at in rows
    ]


# --- What staff see ----------------------------------------------------------------------------


def campaign_pledges(campaign: Campaign) -> list[Pledge]:
    """Every pledge of the campaign, drafts included, newest first (the organiser's list)."""
    return list(Pledge.objects.filter(campaign=campaign).order_by("-pk"))


def school_counts(pledges: list[Pledge], schools: list[Unit]) -> dict[tuple[int, int], int]:
    """{(pledge pk, school pk): signers} for the given pledges and schools (absent means 0)."""
    rows = PledgeTally.objects.filter(pledge__in=pledges, unit__in=schools).values_list(
        "pledge_id", "unit_id", "signers"
    )
    return {(pledge_id, unit_id): signers for pledge_id, unit_id, signers in rows}


def schools_seen_by(user, campaign: Campaign) -> list[Unit]:
    """The participating schools a staff user sees: their own school, or a city's schools."""
    return list(
        Unit.objects.visible_to(user)
        .filter(kind__in=_school_kinds(), participations__campaign=campaign)
        .order_by("path")
    )


@dataclass(frozen=True)
class SignerLine:
    """One signer as a school's list and export show them (no identifier exists to show)."""

    number: int
    name: str
    signed_at: datetime


def signers_of_school(pledge: Pledge, school: Unit) -> list[SignerLine]:
    """A school's signers of a pledge, in signing order (read along the `signature_school` index)."""
    rows = (
        Signature.objects.filter(pledge=pledge, unit=school)
        .order_by("number")
        .values_list("number", "name", "signed_at")
    )
    return [SignerLine(number, name, signed_at) for number, name, signed_at in rows]


def city_totals_for_staff(pledge: Pledge) -> list[PlaceCount]:
    """Every city's count, including cities without a signer yet (the organiser's view)."""
    counted = {count.pk: count.signers for count in city_counts(pledge)}

    cities = Unit.objects.filter(kind=UnitKind.CITY).order_by("path")
    return [
        PlaceCount(city.pk, city.short_name or city.name, counted.get(city.pk, 0))
        for city in cities
    ]


def campaign_signers(campaign: Campaign) -> int:
    """All signers of the campaign's public pledges (one short query: the pledges' own counts)."""
    return sum(pledge.signers for pledge in Pledge.objects.public().filter(campaign=campaign))
