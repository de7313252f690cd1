"""Who may file, read, confirm and submit statistics: the permissions as a matrix."""

import pytest

from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.stats.models import StatReturn

RETURN_UNITS = ["taiyuan_school", "qingxu_school", "taiyuan", "college", "datong_school"]


@pytest.fixture
def people(tree):
    return {
        "school": make_member(tree.taiyuan_school, Role.UNIT_REPORTER),
        "manager": make_member(tree.taiyuan_school, Role.UNIT_MANAGER),
        "college": make_member(tree.college, Role.UNIT_REPORTER),
        "taiyuan": make_member(tree.taiyuan, Role.CITY_REVIEWER),
        "datong": make_member(tree.datong, Role.CITY_REVIEWER),
        "province": make_member(tree.province, Role.PROVINCE_REVIEWER),
        "admin": make_member(tree.province, Role.ORGANISER_ADMIN),
    }


@pytest.fixture
def returns(tree, campaign):
    return {
        name: StatReturn.objects.create(campaign=campaign, unit=getattr(tree, name))
        for name in RETURN_UNITS
    }


@pytest.mark.parametrize(
    ("person", "confirms"),
    [
        ("school", set()),
        ("manager", set()),
        ("college", set()),
        ("taiyuan", {"taiyuan_school", "qingxu_school"}),
        ("datong", {"datong_school"}),
        ("province", {"taiyuan", "college"}),
        ("admin", {"taiyuan", "college"}),
    ],
)
def test_review_return_belongs_to_the_city_above_else_the_province(
    people, returns, person, confirms
):
    user = people[person]

    allowed = {name for name in RETURN_UNITS if user.has_perm("stats.review_return", returns[name])}

    assert allowed == confirms


@pytest.mark.parametrize(
    ("person", "reads"),
    [
        ("school", {"taiyuan_school"}),
        ("college", {"college"}),
        ("taiyuan", {"taiyuan", "taiyuan_school", "qingxu_school"}),
        ("datong", {"datong_school"}),
        ("province", set(RETURN_UNITS)),
    ],
)
def test_view_return_is_the_unit_itself_or_a_reviewer_above(people, returns, person, reads):
    user = people[person]

    allowed = {name for name in RETURN_UNITS if user.has_perm("stats.view_return", returns[name])}

    assert allowed == reads


@pytest.mark.parametrize(
    ("person", "files_for"),
    [
        ("school", {"taiyuan_school"}),
        ("manager", {"taiyuan_school"}),
        ("college", {"college"}),
        ("taiyuan", {"taiyuan"}),
        ("province", set()),
        ("admin", set()),
    ],
)
def test_file_return_only_for_the_users_own_unit(tree, people, person, files_for):
    user = people[person]

    allowed = {
        name for name in RETURN_UNITS if user.has_perm("stats.file_return", getattr(tree, name))
    }

    assert allowed == files_for


@pytest.mark.parametrize(
    ("person", "submits"),
    [
        ("school", set()),
        ("taiyuan", {"taiyuan"}),
        ("datong", {"datong"}),
        ("province", set()),
        ("admin", set()),
    ],
)
def test_submit_city_is_the_city_reviewers_own_city(tree, people, person, submits):
    user = people[person]
    units = ["taiyuan", "datong", "province", "taiyuan_school"]

    allowed = {name for name in units if user.has_perm("stats.submit_city", getattr(tree, name))}

    assert allowed == submits


@pytest.mark.parametrize(
    ("person", "aggregate", "lists", "own_menu"),
    [
        ("school", False, False, True),
        ("college", False, False, True),
        ("taiyuan", False, True, True),
        ("province", True, True, False),
        ("admin", True, True, False),
    ],
)
def test_global_statistics_permissions(people, person, aggregate, lists, own_menu):
    user = people[person]

    assert user.has_perm("stats.view_aggregate") is aggregate
    assert user.has_perm("stats.view_returns") is lists
    assert user.has_perm("stats.file_returns") is own_menu
