"""Who may do what with calendar activities, built on the unit predicates of `orgs.rules`.

A unit's editors hold its activities (a city bureau's reviewer for the bureau; the organiser's
staff for the national and provincial lists, held by the province itself). `activities.*_activity`
and `activities.manage_registrations` are asked of an `Activity`; `activities.hold_for_unit` of the
`Unit` that would hold one.
"""

import rules

from vocweek.activities.enums import ActivityState
from vocweek.orgs.rules import (
    is_organiser_admin,
    is_own_unit,
    is_province_reviewer,
    is_reviewer,
    is_unit_editor,
)

is_province_staff = is_province_reviewer | is_organiser_admin


@rules.predicate
def holds_for_unit(user, unit) -> bool:
    return unit is not None and (
        user.has_perm("orgs.file_for_unit", unit)
        or bool(is_province_staff(user) and is_own_unit(user, unit))
    )


@rules.predicate
def holds_activity(user, activity) -> bool:
    return activity is not None and bool(holds_for_unit(user, activity.unit))


@rules.predicate
def oversees_activity(user, activity) -> bool:
    return activity is not None and user.has_perm("orgs.review_unit", activity.unit)


@rules.predicate
def is_changeable(user, activity) -> bool:
    return activity is not None and activity.state != ActivityState.CANCELLED


@rules.predicate
def awaits_approval(user, activity) -> bool:
    return activity is not None and activity.state == ActivityState.PENDING


# The menu item and the activity form: anyone who holds activities for their own unit.
rules.add_perm("activities.hold_activities", is_unit_editor | is_reviewer)
rules.add_perm("activities.hold_for_unit", holds_for_unit)
rules.add_perm("activities.view_activity", holds_activity | (is_reviewer & oversees_activity))
rules.add_perm("activities.change_activity", holds_activity & is_changeable)
rules.add_perm("activities.cancel_activity", holds_activity & is_changeable)
rules.add_perm(
    "activities.review_activity", is_province_staff & oversees_activity & awaits_approval
)
rules.add_perm("activities.review_activities", is_province_staff)
rules.add_perm("activities.change_calendar_rules", is_organiser_admin)
# Registrations with full mobile numbers, check-in and the Excel export: the holding unit only.
rules.add_perm("activities.manage_registrations", holds_activity)
# The coverage grid (cities × days) for those who push "every day, everywhere".
rules.add_perm("activities.view_coverage", is_reviewer)
