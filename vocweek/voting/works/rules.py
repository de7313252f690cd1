"""Who may do what with works collections, built on the unit predicates of `orgs.rules`.

The organiser's administrators set up the collections of the campaigns their unit organises,
appoint the judges, exclude entries, award and publish; schools and city or county bureaus submit
entries for their own unit while a collection is open and before its deadline; a judge scores the
entries of the collections they judge, blind (never their unit or authors), and never an entry of
their own unit. Permissions with an object are asked of a `Collection` or an `Entry`.
"""

import rules

from vocweek.core import clock
from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import membership_of
from vocweek.orgs.rules import is_city_reviewer, is_organiser_admin, is_unit_editor
from vocweek.voting.works.enums import CollectionState, EntryState
from vocweek.voting.works.models import Collection, Entry, Judge

ENTERING_KINDS = (*UnitKind.schools(), UnitKind.CITY, UnitKind.COUNTY)


def _collection(target) -> Collection | None:
    """The collection a permission is asked about: the object itself, or an entry's."""
    if isinstance(target, Entry):
        return target.collection
    return target if isinstance(target, Collection) else None


@rules.predicate
def works_at_entering_unit(user) -> bool:
    """Schools and city or county bureaus submit works; departments and the province do not."""
    membership = membership_of(user)
    return membership is not None and membership.unit.kind in ENTERING_KINDS


@rules.predicate
def organises_collection(user, target) -> bool:
    """The collection's campaign is organised by the user's unit or a unit below it."""
    membership = membership_of(user)
    collection = _collection(target)
    return (
        membership is not None
        and collection is not None
        and membership.unit.contains(collection.campaign.organiser)
    )


@rules.predicate
def in_collection_area(user, target) -> bool:
    """The user's unit lies under the unit organising the collection's campaign."""
    membership = membership_of(user)
    collection = _collection(target)
    return (
        membership is not None
        and collection is not None
        and collection.campaign.organiser.contains(membership.unit)
    )


@rules.predicate
def is_draft(user, target) -> bool:
    collection = _collection(target)
    return collection is not None and collection.state == CollectionState.DRAFT


@rules.predicate
def is_open(user, target) -> bool:
    collection = _collection(target)
    return collection is not None and collection.state == CollectionState.OPEN


@rules.predicate
def is_judging(user, target) -> bool:
    collection = _collection(target)
    return collection is not None and collection.state == CollectionState.JUDGING


@rules.predicate
def is_published(user, target) -> bool:
    collection = _collection(target)
    return collection is not None and collection.state == CollectionState.PUBLISHED


@rules.predicate
def before_deadline(user, target) -> bool:
    collection = _collection(target)
    return collection is not None and clock.now() < collection.deadline


@rules.predicate
def has_judgeships(user) -> bool:
    return bool(user.is_authenticated and Judge.objects.filter(user=user).exists())


@rules.predicate
def judges_collection(user, target) -> bool:
    collection = _collection(target)
    return bool(
        user.is_authenticated
        and collection is not None
        and Judge.objects.filter(collection=collection, user=user).exists()
    )


@rules.predicate
def is_own_entry(user, entry) -> bool:
    membership = membership_of(user)
    return (
        membership is not None and isinstance(entry, Entry) and entry.unit_id == membership.unit_id
    )


@rules.predicate
def entry_in_subtree(user, entry) -> bool:
    membership = membership_of(user)
    return (
        membership is not None and isinstance(entry, Entry) and membership.unit.contains(entry.unit)
    )


@rules.predicate
def is_submitted(user, entry) -> bool:
    return isinstance(entry, Entry) and entry.state == EntryState.SUBMITTED


is_submitter = (is_unit_editor | is_city_reviewer) & works_at_entering_unit
is_collection_organiser = is_organiser_admin & organises_collection
taking_entries = is_open & before_deadline

# The organiser: the menu item and a new collection; then everything about one collection.
rules.add_perm("voting.manage_collections", is_organiser_admin)
rules.add_perm("voting.view_collection", is_collection_organiser)
rules.add_perm("voting.change_collection", is_collection_organiser & (is_draft | is_open))
rules.add_perm("voting.open_collection", is_collection_organiser & is_draft)
rules.add_perm("voting.manage_judges", is_collection_organiser & ~is_published)
rules.add_perm("voting.exclude_entries", is_collection_organiser & (is_open | is_judging))
rules.add_perm("voting.start_judging", is_collection_organiser & is_open & ~before_deadline)
rules.add_perm("voting.award_entries", is_collection_organiser & is_judging)
rules.add_perm("voting.publish_results", is_collection_organiser & is_judging)
rules.add_perm("voting.withdraw_results", is_collection_organiser & is_published)
rules.add_perm("voting.export_works", is_collection_organiser)
# Units: the menu item, entering a collection, and their own entries (a city sees its schools').
rules.add_perm("voting.submit_entries", is_submitter)
rules.add_perm("voting.enter_collection", is_submitter & in_collection_area & taking_entries)
rules.add_perm(
    "voting.view_entry",
    is_own_entry | ((is_city_reviewer | is_organiser_admin) & entry_in_subtree),
)
rules.add_perm("voting.change_entry", is_submitter & is_own_entry & is_submitted & taking_entries)
# Judges: the menu item, their collections, and scoring while judging.
rules.add_perm("voting.judge_entries", has_judgeships)
rules.add_perm("voting.view_judging", judges_collection & (is_judging | is_published))
rules.add_perm("voting.score_entries", judges_collection & is_judging)
