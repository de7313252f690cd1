"""Unit-tree figures on a province of national size: 11 cities, 297 counties, 11,000 schools.

The question every staff list starts with is "which units lie below this one". The tree answers it
with one range scan over materialised paths; the reference answers it the way an adjacency list
would, one `parent_id IN (…)` query per level, measured on the same rows in the same run.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import F

from bench.harness import Figure, median_ms
from vocweek.accounts.models import User
from vocweek.orgs import queries
from vocweek.orgs.enums import Role, UnitKind
from vocweek.orgs.models import PATH_STEP, Membership, Unit

CITIES = 11
COUNTIES_PER_CITY = 27
SCHOOLS_PER_COUNTY = 30
SCHOOLS_PER_CITY = 160
PROVINCE_COLLEGES = 330  # 11 × (27 × 30 + 160) + 330 = 11,000 schools
SUBTREE_TARGET_MS = 20.0  # set for this foundation figure; the completeness matrix is ≤ 200 ms


@dataclass(frozen=True)
class Sample:
    province: Unit
    city: Unit
    city_reviewer_pk: int


def build_tree() -> Sample:
    """Bulk-create the tree with the same path format as orgs.services.create_unit."""
    codes: dict[str, int] = {}

    def unit(name: str, kind: str, parent: Unit | None, number: int, city=None) -> Unit:
        letter = {UnitKind.PROVINCE: "P", UnitKind.CITY: "C", UnitKind.COUNTY: "X"}.get(kind, "S")
        codes[letter] = codes.get(letter, 0) + 1
        prefix = parent.path if parent else ""
        return Unit(
            code=f"{letter}{codes[letter]:05d}",
            name=name,
            kind=kind,
            parent=parent,
            city=city,
            path=prefix + str(number).zfill(PATH_STEP),
            depth=len(prefix) // PATH_STEP + 1,
        )

    province = unit("某省教育厅", UnitKind.PROVINCE, None, 1)
    province.save()
    cities = Unit.objects.bulk_create(
        unit(f"第{n}市教育局", UnitKind.CITY, province, n) for n in range(1, CITIES + 1)
    )
    Unit.objects.filter(kind=UnitKind.CITY).update(city=F("pk"))
    counties, schools = [], []
    for city in cities:
        for n in range(1, COUNTIES_PER_CITY + 1):
            counties.append(unit(f"{city.name}第{n}县", UnitKind.COUNTY, city, n, city))
        for n in range(COUNTIES_PER_CITY + 1, COUNTIES_PER_CITY + SCHOOLS_PER_CITY + 1):
            schools.append(unit(f"{city.name}第{n}职中", UnitKind.CITY_SECONDARY, city, n, city))
    counties = Unit.objects.bulk_create(counties, batch_size=1000)
    for county in counties:
        for n in range(1, SCHOOLS_PER_COUNTY + 1):
            name = f"{county.name}第{n}职中"
            schools.append(unit(name, UnitKind.CITY_SECONDARY, county, n, county.city))
    for n in range(CITIES + 1, CITIES + PROVINCE_COLLEGES + 1):
        name = f"第{n}职业技术学院"
        schools.append(unit(name, UnitKind.HIGHER_VOCATIONAL, province, n, cities[n % CITIES]))
    Unit.objects.bulk_create(schools, batch_size=1000)
    assert Unit.objects.schools().count() == 11_000
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    city = Unit.objects.get(pk=cities[CITIES // 2].pk)
    reviewer = User.objects.create(username="city-reviewer")
    Membership.objects.create(user=reviewer, unit=city, role=Role.CITY_REVIEWER)
    return Sample(province=province, city=city, city_reviewer_pk=reviewer.pk)


SCHOOL_KINDS = frozenset(UnitKind.schools())


def walk_schools(unit: Unit) -> list[tuple[int, str]]:
    """Reference: (pk, name) of the active schools below `unit`, level by level through parent ids."""
    found, frontier = [], [unit.pk]
    if unit.is_school and unit.is_active:
        found.append((unit.pk, unit.name))
    while frontier:
        level = list(
            Unit.objects.filter(parent_id__in=frontier).values_list(
                "pk", "name", "kind", "is_active"
            )
        )
        found += [(pk, name) for pk, name, kind, active in level if kind in SCHOOL_KINDS and active]
        frontier = [pk for pk, *_ in level]
    return found


def schools_of(queryset) -> list[tuple[int, str]]:
    """What a staff list needs of each school; the same columns the reference fetches."""
    return list(queryset.values_list("pk", "name"))


def run() -> list[Figure]:
    sample = build_tree()
    city, province = sample.city, sample.province

    def fresh_reviewer() -> User:
        return User.objects.get(pk=sample.city_reviewer_pk)

    def visible_schools(user: User) -> list[tuple[int, str]]:
        return schools_of(Unit.objects.visible_to(user).schools())

    def walk_from_membership(user: User) -> list[tuple[int, str]]:
        return walk_schools(Membership.objects.select_related("unit").get(user=user).unit)

    same = set(schools_of(queries.schools_under(city)))
    assert same == set(walk_schools(city)) == set(visible_schools(fresh_reviewer()))
    assert len(same) == COUNTIES_PER_CITY * SCHOOLS_PER_COUNTY + SCHOOLS_PER_CITY

    walk_name = "level-by-level walk over parent ids"
    return [
        Figure(
            name=f"unit subtree: the {len(same)} schools of one city (pk, name)",
            value=median_ms(lambda _: schools_of(queries.schools_under(city))),
            unit="ms",
            target=SUBTREE_TARGET_MS,
            better="lower",
            reference_name=walk_name,
            reference_value=median_ms(lambda _: walk_schools(city)),
        ),
        Figure(
            name="visible_to: the schools a city reviewer may see (pk, name)",
            value=median_ms(visible_schools, setup=fresh_reviewer),
            unit="ms",
            target=SUBTREE_TARGET_MS,
            better="lower",
            reference_name=walk_name,
            reference_value=median_ms(walk_from_membership, setup=fresh_reviewer),
        ),
        Figure(
            name="unit subtree: count the 11,000 schools of the province",
            value=median_ms(lambda _: queries.schools_under(province).count()),
            unit="ms",
            target=SUBTREE_TARGET_MS,
            better="lower",
            reference_name=f"{walk_name}, counted in Python",
            reference_value=median_ms(lambda _: len(walk_schools(province)), runs=5, warmups=1),
        ),
    ]
