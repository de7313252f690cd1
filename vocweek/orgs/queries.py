"""Reads of the unit tree."""

from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import Unit, UnitQuerySet


def cities() -> UnitQuerySet:
    """The city bureaus, in tree order."""
    return Unit.objects.filter(kind=UnitKind.CITY, is_active=True)


def province_root() -> Unit | None:
    """The provincial department at the top of the tree (the first root unit of kind province)."""
    return Unit.objects.filter(kind=UnitKind.PROVINCE, parent=None).order_by("path").first()


def schools_under(unit: Unit) -> UnitQuerySet:
    """All active schools in a unit's subtree — one indexed range query."""
    return Unit.objects.subtree(unit).schools().filter(is_active=True)
