"""Who may do what with statistics returns, built on the unit predicates of `orgs.rules`.

`stats.file_return` is asked of the `Unit` that would file; `stats.view_return` and
`stats.review_return` of a `StatReturn`; `stats.submit_city` of the city bureau's `Unit`.
A return is reviewed by the city bureau above its unit; the province reviews the units no city
bureau lies above (province-direct units) and the city bureaus' own returns. Whether the unit owes
the table and whether the window is open are the services' checks, not permissions.
"""

import rules

from vocweek.orgs.enums import Role, UnitKind
from vocweek.orgs.models import membership_of
from vocweek.orgs.rules import (
    is_city_reviewer,
    is_organiser_admin,
    is_own_unit,
    is_province_reviewer,
    is_reviewer,
    is_unit_editor,
)
from vocweek.stats.queries import city_of


@rules.predicate
def files_for_unit(user, unit) -> bool:
    return unit is not None and user.has_perm("orgs.file_for_unit", unit)


@rules.predicate
def files_for_return_unit(user, stat_return) -> bool:
    return stat_return is not None and user.has_perm("orgs.file_for_unit", stat_return.unit)


@rules.predicate
def reviews_return_unit(user, stat_return) -> bool:
    """The return's unit lies below the user's unit (any reviewer may read it)."""
    return stat_return is not None and user.has_perm("orgs.review_unit", stat_return.unit)


@rules.predicate
def is_return_reviewer(user, stat_return) -> bool:
    """The user's unit is the one that confirms this return: the city bureau above the unit,
    or (for a unit below no city bureau, or a city bureau itself) the province."""
    membership = membership_of(user)
    if membership is None or stat_return is None:
        return False
    city = city_of(stat_return.unit)
    if city is not None and city.pk != stat_return.unit_id:
        return membership.role == Role.CITY_REVIEWER and membership.unit_id == city.pk
    return bool(is_province_reviewer(user) or is_organiser_admin(user))


@rules.predicate
def is_city_unit(user, unit) -> bool:
    return unit is not None and unit.kind == UnitKind.CITY


# The menu item of a unit's own return: school staff, and a city bureau's reviewer for the bureau.
rules.add_perm("stats.file_returns", is_unit_editor | is_city_reviewer)
rules.add_perm("stats.file_return", files_for_unit)
rules.add_perm("stats.view_return", files_for_return_unit | (is_reviewer & reviews_return_unit))
rules.add_perm("stats.review_return", is_reviewer & reviews_return_unit & is_return_reviewer)
rules.add_perm("stats.submit_city", is_city_reviewer & is_own_unit & is_city_unit)
# Who has filed below the reviewer's unit (the list starts from StatReturn.objects.visible_to).
rules.add_perm("stats.view_returns", is_reviewer)
rules.add_perm("stats.view_aggregate", is_province_reviewer | is_organiser_admin)
