"""Console permissions, built on the unit predicates of `orgs.rules`."""

import rules

from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import membership_of
from vocweek.orgs.rules import is_organiser_admin, is_province_reviewer, is_reviewer


@rules.predicate
def belongs_to_co_organiser(user) -> bool:
    """The co-organising departments (宣传部, 人社厅 …) watch the week's figures with the province."""
    membership = membership_of(user)
    return membership is not None and membership.unit.kind == UnitKind.CO_ORGANISER


rules.add_perm("console.view_units", is_reviewer)
rules.add_perm(
    "console.view_dashboard", is_province_reviewer | is_organiser_admin | belongs_to_co_organiser
)
