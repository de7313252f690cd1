"""Who may do what to a unit — the permission predicates every other app builds on.

Permission names are shared by views, templates and tests. Staff views answer 404 when denied.
Objects are `Unit`s: the unit a thing belongs to (its plan, its reports, its statistics).
"""

import rules

from vocweek.orgs.enums import Role
from vocweek.orgs.models import Unit, membership_of


def _role_is(*roles: str):
    @rules.predicate(name=f"role_is_{'_or_'.join(roles)}")
    def predicate(user) -> bool:
        membership = membership_of(user)
        return membership is not None and membership.role in roles

    return predicate


is_reporter = _role_is(Role.UNIT_REPORTER)
is_unit_manager = _role_is(Role.UNIT_MANAGER)
is_city_reviewer = _role_is(Role.CITY_REVIEWER)
is_province_reviewer = _role_is(Role.PROVINCE_REVIEWER)
is_organiser_admin = _role_is(Role.ORGANISER_ADMIN)
is_unit_editor = is_reporter | is_unit_manager
is_reviewer = is_city_reviewer | is_province_reviewer | is_organiser_admin
has_membership = rules.predicate(
    lambda user: membership_of(user) is not None, name="has_membership"
)


@rules.predicate
def is_own_unit(user, unit: Unit | None) -> bool:
    membership = membership_of(user)
    return membership is not None and unit is not None and membership.unit_id == unit.pk


@rules.predicate
def in_subtree(user, unit: Unit | None) -> bool:
    """The unit is the user's own unit or lies below it."""
    membership = membership_of(user)
    return membership is not None and unit is not None and membership.unit.contains(unit)


@rules.predicate
def below_own_unit(user, unit: Unit | None) -> bool:
    """The unit lies strictly below the user's unit (a reviewer never reviews their own unit)."""
    return bool(in_subtree(user, unit)) and not is_own_unit(user, unit)


rules.add_perm("orgs.access_console", has_membership)
rules.add_perm("orgs.view_unit", is_own_unit | (is_reviewer & in_subtree))
rules.add_perm(
    "orgs.change_unit", (is_unit_manager & is_own_unit) | (is_organiser_admin & in_subtree)
)
# A city bureau's reviewer also files the bureau's own plan and statistics.
rules.add_perm("orgs.file_for_unit", (is_unit_editor | is_city_reviewer) & is_own_unit)
rules.add_perm("orgs.review_unit", is_reviewer & below_own_unit)
rules.add_perm(
    "orgs.manage_members", (is_unit_manager & is_own_unit) | (is_organiser_admin & in_subtree)
)
rules.add_perm("orgs.import_units", is_organiser_admin)
rules.add_perm("orgs.export_units", is_organiser_admin)
