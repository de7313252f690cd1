"""The permission matrix for reports: roles × report actions × the report's unit × its state."""

import pytest

from vocweek.accounts.models import User
from vocweek.orgs.enums import Role, UnitKind
from vocweek.orgs.tests.factories import make_member, make_unit
from vocweek.reports.enums import Category, State
from vocweek.reports.models import Report

REPORTER, MANAGER, CITY, PROVINCE, ORGANISER = (
    Role.UNIT_REPORTER,
    Role.UNIT_MANAGER,
    Role.CITY_REVIEWER,
    Role.PROVINCE_REVIEWER,
    Role.ORGANISER_ADMIN,
)
OWN, CITY_CHILD, COLLEGE, OTHER = (
    "own school",
    "city school",
    "province-direct college",
    "other city",
)
ROLES = (REPORTER, MANAGER, CITY, PROVINCE, ORGANISER)
STATES = tuple(State)

# Who is where: school staff in 清徐县职业中学, the city reviewer in 太原, the province at the top.
HOME = {REPORTER: "qingxu_school", MANAGER: "qingxu_school", CITY: "taiyuan",
        PROVINCE: "province", ORGANISER: "province"}  # fmt: skip

SCHOOL_STAFF = {REPORTER, MANAGER}
PROVINCE_STAFF = {PROVINCE, ORGANISER}
REVIEWERS = {CITY, PROVINCE, ORGANISER}


def expected(permission: str, role: str, place: str, state: str, city_review: bool) -> bool:
    """The rules in words, written independently of rules.py."""
    own = role in SCHOOL_STAFF and place == OWN
    below = (role == CITY and place == OWN) or role in PROVINCE_STAFF
    city_school = place in (OWN, OTHER)  # both lie below a city bureau; the college does not
    if permission == "reports.view_report":
        return own or (role in REVIEWERS and below and state != State.DRAFT)
    if permission in ("reports.change_report", "reports.submit_report"):
        return own and state in (State.DRAFT, State.RETURNED)
    if permission == "reports.withdraw_report":
        return own and state == State.SUBMITTED
    if permission == "reports.city_review_report":
        return role == CITY and below and state == State.SUBMITTED and city_review and city_school
    if permission == "reports.review_report":
        needs_city = city_review and city_school
        ready = state == State.CITY_APPROVED or (state == State.SUBMITTED and not needs_city)
        return role in PROVINCE_STAFF and below and (ready or state == State.DECLINED)
    if permission in ("reports.feature_report", "reports.record_adoption"):
        return role in PROVINCE_STAFF and below and state in (State.ADOPTED, State.FEATURED)
    raise AssertionError(permission)


PERMISSIONS = (
    "reports.view_report",
    "reports.change_report",
    "reports.submit_report",
    "reports.withdraw_report",
    "reports.city_review_report",
    "reports.review_report",
    "reports.feature_report",
    "reports.record_adoption",
)


@pytest.fixture
def world(tree, campaign):
    other_city_school = tree.datong_school
    places = {
        OWN: tree.qingxu_school,
        CITY_CHILD: tree.qingxu_school,
        COLLEGE: tree.college,
        OTHER: other_city_school,
    }
    users = {role: make_member(getattr(tree, HOME[role]), role) for role in ROLES}
    reports = {
        (place, state): Report.objects.create(
            campaign=campaign,
            unit=unit,
            title=f"{place} {state}",
            category=Category.NEWS,
            state=state,
        )
        for place, unit in places.items()
        if place != CITY_CHILD
        for state in STATES
    }
    return users, reports


@pytest.mark.parametrize("city_review", [False, True], ids=["province-only", "city-first"])
@pytest.mark.parametrize("permission", PERMISSIONS)
def test_report_permission_matrix_matches_the_rules_in_words(
    world, campaign, permission, city_review
):
    from vocweek.reports.services import rules_for

    reporting = rules_for(campaign)
    reporting.city_review = city_review
    reporting.save()
    users, reports = world
    answers, wanted = {}, {}
    for role, user in users.items():
        fresh = User.objects.get(pk=user.pk)
        for (place, state), report in reports.items():
            report = Report.objects.select_related("campaign__reporting", "unit__city").get(
                pk=report.pk
            )
            answers[(role, place, state)] = fresh.has_perm(permission, report)
            wanted[(role, place, state)] = expected(permission, role, place, state, city_review)
    mismatches = {key: answers[key] for key in answers if answers[key] != wanted[key]}
    assert mismatches == {}


def test_only_units_that_file_may_start_a_report_for_themselves(tree, campaign):
    reporter = make_member(tree.qingxu_school, REPORTER)
    province = make_member(tree.province, PROVINCE)
    assert reporter.has_perm("reports.add_report", tree.qingxu_school)
    assert not reporter.has_perm("reports.add_report", tree.taiyuan_school)
    assert not province.has_perm("reports.add_report", tree.qingxu_school)


def test_another_provinces_organiser_has_a_desk_but_never_sees_this_provinces_reports(world, tree):
    _users, reports = world
    outsider = make_member(make_unit("河北省教育厅", UnitKind.PROVINCE), ORGANISER)
    assert outsider.has_perm("reports.view_desk")
    assert not any(outsider.has_perm("reports.view_report", report) for report in reports.values())
    assert not Report.objects.visible_to(outsider).exists()
