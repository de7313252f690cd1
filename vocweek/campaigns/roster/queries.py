"""Reads for the roster: the roster as lines for the export, accounts still to be activated."""

from collections.abc import Iterable
from dataclasses import dataclass

from vocweek.accounts.models import User
from vocweek.campaigns.models import Campaign, Participation
from vocweek.campaigns.roster.columns import kind_name
from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import Unit


@dataclass(frozen=True)
class RosterLine:
    """One line of the roster: a unit and one of its liaisons (blank when it has none)."""

    name: str
    code: str
    kind: str
    city: str
    county: str
    contact: str = ""
    position: str = ""
    mobile: str = ""
    email: str = ""


def _unit_fields(unit: Unit) -> dict[str, str]:
    parent = unit.parent
    return {
        "name": unit.name,
        "code": unit.code,
        "kind": kind_name(unit.kind),
        "city": unit.city.name.removesuffix("教育局") if unit.city else "",
        "county": parent.name if parent is not None and parent.kind == UnitKind.COUNTY else "",
    }


def roster_lines(*, root: Unit, campaign: Campaign | None) -> list[RosterLine]:
    """The roster below `root` in tree order, as the import reads it.

    With a campaign: its participating units, one line per liaison. Without: every unit of the
    tree but the root, without liaisons (liaisons belong to a campaign).
    """
    if campaign is None:
        units = Unit.objects.descendants(root).select_related("parent", "city").order_by("path")
        return [RosterLine(**_unit_fields(unit)) for unit in units]
    participations = (
        Participation.objects.filter(campaign=campaign, unit__in=Unit.objects.descendants(root))
        .select_related("unit", "unit__parent", "unit__city")
        .prefetch_related("liaisons")
        .order_by("unit__path")
    )
    lines: list[RosterLine] = []
    for participation in participations:
        fields = _unit_fields(participation.unit)
        liaisons = sorted(participation.liaisons.all(), key=lambda liaison: liaison.pk)
        if not liaisons:
            lines.append(RosterLine(**fields))
        for liaison in liaisons:
            lines.append(
                RosterLine(
                    **fields,
                    contact=liaison.name,
                    position=liaison.position,
                    mobile=liaison.mobile,
                    email=liaison.email,
                )
            )
    return lines


def accounts_awaiting_activation(*, user_ids: Iterable[int]) -> list[User]:
    """Those of the given accounts whose owner has not set a password yet, by user name."""
    users = User.objects.filter(pk__in=list(user_ids)).order_by("username")
    return [user for user in users if not user.has_usable_password()]


def campaign_by_slug(slug: str) -> Campaign | None:
    return Campaign.objects.filter(slug=slug).first()


def campaign_by_pk(pk: int | None) -> Campaign | None:
    return Campaign.objects.filter(pk=pk).first() if pk is not None else None
