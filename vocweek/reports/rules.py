"""Who may do what to an information report, built on the unit predicates of `orgs.rules`.

Objects are `Report`s, except for `reports.add_report`, asked of the `Unit` that would file it.
"""

import rules

from vocweek.orgs.models import membership_of
from vocweek.orgs.rules import (
    is_city_reviewer,
    is_organiser_admin,
    is_province_reviewer,
    is_reviewer,
    is_unit_editor,
)
from vocweek.reports.enums import State


@rules.predicate
def files_for_unit(user, unit) -> bool:
    return unit is not None and user.has_perm("orgs.file_for_unit", unit)


@rules.predicate
def files_for_report_unit(user, report) -> bool:
    return report is not None and user.has_perm("orgs.file_for_unit", report.unit)


@rules.predicate
def reviews_report_unit(user, report) -> bool:
    return report is not None and user.has_perm("orgs.review_unit", report.unit)


def _state_in(*states: str):
    @rules.predicate(name=f"state_in_{'_'.join(states)}")
    def predicate(user, report) -> bool:
        return report is not None and report.state in states

    return predicate


is_draft = _state_in(State.DRAFT)
is_editable = _state_in(State.DRAFT, State.RETURNED)
is_just_submitted = _state_in(State.SUBMITTED)  # no reviewer has acted: the unit may withdraw
is_adopted_or_featured = _state_in(State.ADOPTED, State.FEATURED)
is_declined = _state_in(State.DECLINED)


@rules.predicate
def needs_city_review(user, report) -> bool:
    return report is not None and report.needs_city_review


@rules.predicate
def awaits_province(user, report) -> bool:
    """City-approved, or submitted by a unit that needs no city review."""
    if report is None:
        return False
    return report.state == State.CITY_APPROVED or (
        report.state == State.SUBMITTED and not report.needs_city_review
    )


is_province_staff = is_province_reviewer | is_organiser_admin

rules.add_perm("reports.add_report", files_for_unit)
rules.add_perm(
    "reports.view_report", files_for_report_unit | (is_reviewer & reviews_report_unit & ~is_draft)
)
rules.add_perm("reports.change_report", files_for_report_unit & is_editable)
rules.add_perm("reports.submit_report", files_for_report_unit & is_editable)
rules.add_perm("reports.withdraw_report", files_for_report_unit & is_just_submitted)
rules.add_perm("reports.view_desk", is_reviewer)
rules.add_perm(
    "reports.city_review_report",
    is_city_reviewer & reviews_report_unit & is_just_submitted & needs_city_review,
)
rules.add_perm(
    "reports.review_report",
    is_province_staff & reviews_report_unit & (awaits_province | is_declined),
)
rules.add_perm(
    "reports.feature_report", is_province_staff & reviews_report_unit & is_adopted_or_featured
)
rules.add_perm("reports.view_completeness", is_reviewer)
rules.add_perm(
    "reports.record_adoption", is_province_staff & reviews_report_unit & is_adopted_or_featured
)

# The unit's own reports (views/unit.py): whose unit files reports — school staff, and a city
# bureau's reviewer for the bureau itself. Global: it opens the menu item and the list.
rules.add_perm("reports.file_reports", is_unit_editor | is_city_reviewer)

# Daily bulletins (views/bulletins.py): reviewers read them (reports.view_desk); the province
# compiles them on demand.
rules.add_perm("reports.compile_bulletin", is_province_staff)

# Exhibition halls (halls/): objects are `Hall`s. The school edits its own hall; the organiser may
# take any hall of its subtree off the public site. Global `reports.edit_own_hall` opens the menu.


@rules.predicate
def files_for_hall_unit(user, hall) -> bool:
    return hall is not None and user.has_perm("orgs.file_for_unit", hall.unit)


@rules.predicate
def oversees_hall_unit(user, hall) -> bool:
    return hall is not None and user.has_perm("orgs.review_unit", hall.unit)


@rules.predicate
def belongs_to_school(user) -> bool:
    """Halls are school showcases: bureaus and co-organising departments have none."""
    membership = membership_of(user)
    return membership is not None and membership.unit.is_school


rules.add_perm("reports.edit_own_hall", is_unit_editor & belongs_to_school)
rules.add_perm("reports.change_hall", is_unit_editor & files_for_hall_unit)
rules.add_perm("reports.view_halls", is_organiser_admin)
rules.add_perm(
    "reports.withdraw_hall",
    (is_unit_editor & files_for_hall_unit) | (is_organiser_admin & oversees_hall_unit),
)
