"""Writes to the unit tree and memberships. Each service is one verb, atomic and audited."""

from django.db import IntegrityError, transaction
from django.db.models import Max

from vocweek.core import audit
from vocweek.orgs.enums import Role, UnitKind
from vocweek.orgs.models import PATH_STEP, Membership, Unit

UNIT_FIELDS = ["code", "name", "short_name", "kind", "parent", "city", "is_active"]


def _next_child_path(parent: Unit | None) -> tuple[str, int]:
    prefix = parent.path if parent else ""
    siblings = Unit.objects.filter(parent=parent) if parent else Unit.objects.filter(parent=None)
    last = siblings.aggregate(last=Max("path"))["last"]
    number = int(last[-PATH_STEP:]) + 1 if last else 1
    if number >= 10**PATH_STEP:
        raise ValueError(f"unit {parent} has no room for another child")
    return prefix + str(number).zfill(PATH_STEP), len(prefix) // PATH_STEP + 1


def _next_code(kind: str) -> str:
    prefix = {
        UnitKind.PROVINCE: "P",
        UnitKind.CITY: "C",
        UnitKind.COUNTY: "X",
        UnitKind.CO_ORGANISER: "D",
    }.get(kind, "S")
    last = Unit.objects.filter(code__regex=rf"^{prefix}[0-9]{{5}}$").aggregate(last=Max("code"))[
        "last"
    ]
    number = int(last[1:]) + 1 if last else 1
    return f"{prefix}{number:05d}"


@transaction.atomic
def create_unit(
    *,
    name: str,
    kind: str,
    parent: Unit | None,
    city: Unit | None = None,
    code: str = "",
    short_name: str = "",
    actor=None,
) -> Unit:
    """Create a unit at the end of its parent's children, with its path and a code if none given.

    A city bureau is its own city; a unit without a city inherits its parent's.
    """
    path, depth = _next_child_path(parent)
    if city is None and parent is not None and kind != UnitKind.CITY:
        city = parent.city
    unit = Unit(
        code=code or _next_code(kind),
        name=name,
        short_name=short_name,
        kind=kind,
        parent=parent,
        city=city,
        path=path,
        depth=depth,
    )
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError:
        # Another writer took the same path; read the siblings again and retry once.
        unit.path, unit.depth = _next_child_path(parent)
        unit.save()
    if kind == UnitKind.CITY and unit.city_id is None:
        unit.city = unit
        unit.save(update_fields=["city"])
    audit.record(
        actor=actor, action="unit.create", target=unit, after=audit.snapshot(unit, UNIT_FIELDS)
    )
    return unit


@transaction.atomic
def update_unit(*, unit: Unit, actor=None, **changes: object) -> Unit:
    """Change a unit's own fields (not its place in the tree); audited with before and after."""
    allowed = {"name", "short_name", "kind", "city", "is_active", "code"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"cannot change {sorted(unknown)} with update_unit")
    changed = [name for name, value in changes.items() if getattr(unit, name) != value]
    if not changed:
        return unit
    before = audit.snapshot(unit, changed)
    for name in changed:
        setattr(unit, name, changes[name])
    unit.save(update_fields=[*changed, "updated_at"])
    audit.record(
        actor=actor,
        action="unit.update",
        target=unit,
        before=before,
        after=audit.snapshot(unit, changed),
    )
    return unit


@transaction.atomic
def assign_membership(*, user, unit: Unit, role: str, actor=None) -> Membership:
    """Put a user in a unit with a role (replacing any earlier membership)."""
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    membership, created = Membership.objects.get_or_create(
        user=user, defaults={"unit": unit, "role": role}
    )
    before = {} if created else audit.snapshot(membership, ["unit", "role"])
    if not created and (membership.unit_id != unit.pk or membership.role != role):
        membership.unit, membership.role = unit, role
        membership.save(update_fields=["unit", "role", "updated_at"])
    audit.record(
        actor=actor,
        action="membership.assign",
        target=membership,
        before=before,
        after=audit.snapshot(membership, ["unit", "role"]),
    )
    return membership
