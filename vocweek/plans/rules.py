"""Who may do what with activity plans, built on the unit predicates of `orgs.rules`.

`plans.file_plan` is asked of the `Unit` that would file; `plans.view_plan` and
`plans.reopen_plan` of an `ActivityPlan`. Whether the unit owes a plan in the campaign is the
service's check (it needs the campaign), not a permission.
"""

import rules

from vocweek.orgs.rules import is_city_reviewer, is_organiser_admin, is_reviewer, is_unit_editor


@rules.predicate
def files_for_unit(user, unit) -> bool:
    return unit is not None and user.has_perm("orgs.file_for_unit", unit)


@rules.predicate
def files_for_plan_unit(user, plan) -> bool:
    return plan is not None and user.has_perm("orgs.file_for_unit", plan.unit)


@rules.predicate
def reviews_plan_unit(user, plan) -> bool:
    return plan is not None and user.has_perm("orgs.review_unit", plan.unit)


# The unit's own plan (views/manage.py "mine"): school staff, and a city bureau's reviewer for the
# bureau itself. Global: it opens the menu item.
rules.add_perm("plans.file_plans", is_unit_editor | is_city_reviewer)
rules.add_perm("plans.file_plan", files_for_unit)
rules.add_perm("plans.view_plan", files_for_plan_unit | (is_reviewer & reviews_plan_unit))
# Who has filed, who is late, who is missing; the ZIP of documents and the list of websites.
rules.add_perm("plans.view_overview", is_reviewer)
rules.add_perm("plans.reopen_plan", is_organiser_admin & reviews_plan_unit)
