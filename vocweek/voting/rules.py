"""Who may do what with online selections, built on the unit predicates of `orgs.rules`.

The organiser's administrators set up the selections of the campaigns their unit organises,
review the nominations, publish and close, and audit the votes; a school's staff nominate their
people and follow their nominations. Permissions with an object are asked of a `Selection`.
"""

import rules

from vocweek.orgs.models import membership_of
from vocweek.orgs.rules import is_organiser_admin, is_unit_editor
from vocweek.voting.enums import SelectionState


@rules.predicate
def works_at_school(user) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.unit.is_school


@rules.predicate
def organises_selection(user, selection) -> bool:
    """The selection's campaign is organised by the user's unit or a unit below it."""
    membership = membership_of(user)
    return (
        membership is not None
        and selection is not None
        and membership.unit.contains(selection.campaign.organiser)
    )


@rules.predicate
def is_published(user, selection) -> bool:
    return selection is not None and selection.state == SelectionState.PUBLISHED


@rules.predicate
def is_closed(user, selection) -> bool:
    return selection is not None and selection.state == SelectionState.CLOSED


is_school_staff = is_unit_editor & works_at_school
is_selection_organiser = is_organiser_admin & organises_selection

# The menu item, the list and the form of a new selection.
rules.add_perm("voting.manage_selections", is_organiser_admin)
rules.add_perm("voting.view_selection", is_selection_organiser)
rules.add_perm("voting.change_rules", is_selection_organiser & ~is_closed)
rules.add_perm("voting.review_candidates", is_selection_organiser & ~is_closed)
rules.add_perm("voting.publish_selection", is_selection_organiser & ~is_published)
rules.add_perm("voting.close_selection", is_selection_organiser & is_published)
# Network rules, bursts, invalidation and recount: the audit of the votes.
rules.add_perm("voting.audit_votes", is_selection_organiser)
rules.add_perm("voting.export_results", is_selection_organiser)
# A school's staff: the menu item and their nominations; nominating into a selection not closed.
rules.add_perm("voting.nominate_candidates", is_school_staff)
rules.add_perm("voting.nominate_in_selection", is_school_staff & ~is_closed)

# Works collections: their permissions live with them.
import vocweek.voting.works.rules  # noqa: E402, F401
