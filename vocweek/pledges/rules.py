"""Who may do what with pledges, built on the unit predicates of `orgs.rules`.

The organiser's administrators write, open and close the pledges of the campaigns their unit
organises; a school's staff see their own school's counts and export its signers; a city bureau's
reviewer sees the counts of its schools. `pledges.change_pledge`, `open_pledge` and
`close_pledge` are asked of a `Pledge`; `pledges.export_school_signers` of the school's `Unit`.
"""

import rules

from vocweek.orgs.models import membership_of
from vocweek.orgs.rules import is_city_reviewer, is_organiser_admin, is_own_unit, is_unit_editor
from vocweek.pledges.enums import PledgeState


@rules.predicate
def works_at_school(user) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.unit.is_school


@rules.predicate
def organises_pledge(user, pledge) -> bool:
    """The pledge's campaign is organised by the user's unit or a unit below it."""
    membership = membership_of(user)
    return (
        membership is not None
        and pledge is not None
        and membership.unit.contains(pledge.campaign.organiser)
    )


@rules.predicate
def is_draft(user, pledge) -> bool:
    return pledge is not None and pledge.state == PledgeState.DRAFT


@rules.predicate
def is_open(user, pledge) -> bool:
    return pledge is not None and pledge.state == PledgeState.OPEN


@rules.predicate
def is_school(user, unit) -> bool:
    return unit is not None and unit.is_school


is_school_staff = is_unit_editor & works_at_school

# The menu item, the list and the form of a new pledge.
rules.add_perm("pledges.manage_pledges", is_organiser_admin)
rules.add_perm("pledges.view_pledge", is_organiser_admin & organises_pledge)
rules.add_perm("pledges.change_pledge", is_organiser_admin & organises_pledge & is_draft)
rules.add_perm("pledges.open_pledge", is_organiser_admin & organises_pledge & ~is_open)
rules.add_perm("pledges.close_pledge", is_organiser_admin & organises_pledge & is_open)
# Counts of one's own school, or of a city's schools.
rules.add_perm("pledges.view_school_counts", is_school_staff | is_city_reviewer)
# The list of a school's signers (number, name, time): that school's staff only.
rules.add_perm("pledges.export_school_signers", is_school_staff & is_own_unit & is_school)
