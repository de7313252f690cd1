"""The whole permission matrix: roles × actions × the unit's relation to the user's own unit."""

import pytest

from vocweek.accounts.models import User
from vocweek.orgs.enums import Role, UnitKind
from vocweek.orgs.tests.factories import UserFactory, make_member, make_unit

OWN, CHILD, OTHER = "own", "child", "other"
REPORTER, MANAGER, CITY, PROVINCE, ORGANISER = (
    Role.UNIT_REPORTER,
    Role.UNIT_MANAGER,
    Role.CITY_REVIEWER,
    Role.PROVINCE_REVIEWER,
    Role.ORGANISER_ADMIN,
)

# For each permission: the (role, relation) pairs that are allowed; every other pair is denied.
ALLOWED = {
    "orgs.view_unit": {
        (REPORTER, OWN),
        (MANAGER, OWN),
        (CITY, OWN),
        (PROVINCE, OWN),
        (ORGANISER, OWN),
        (CITY, CHILD),
        (PROVINCE, CHILD),
        (ORGANISER, CHILD),
    },
    "orgs.change_unit": {(MANAGER, OWN), (ORGANISER, OWN), (ORGANISER, CHILD)},
    "orgs.file_for_unit": {(REPORTER, OWN), (MANAGER, OWN), (CITY, OWN)},
    "orgs.review_unit": {(CITY, CHILD), (PROVINCE, CHILD), (ORGANISER, CHILD)},
    "orgs.manage_members": {(MANAGER, OWN), (ORGANISER, OWN), (ORGANISER, CHILD)},
}
GLOBAL_ALLOWED = {
    "orgs.access_console": {REPORTER, MANAGER, CITY, PROVINCE, ORGANISER},
    "orgs.import_units": {ORGANISER},
    "orgs.export_units": {ORGANISER},
    "campaigns.change_campaign": {ORGANISER},
    "campaigns.import_roster": {ORGANISER},
    "campaigns.export_roster": {ORGANISER},
}


@pytest.fixture
def world(tree):
    """Home units per role, and for each a unit below it and one outside its subtree."""
    other_province = make_unit("河北省教育厅", UnitKind.PROVINCE)
    other_province_school = make_unit(
        "石家庄职业技术学院", UnitKind.HIGHER_VOCATIONAL, other_province
    )
    city_based = {OWN: tree.taiyuan, CHILD: tree.qingxu_school, OTHER: tree.datong_school}
    province_based = {OWN: tree.province, CHILD: tree.taiyuan_school, OTHER: other_province_school}
    return {
        REPORTER: (make_member(tree.taiyuan, REPORTER), city_based),
        MANAGER: (make_member(tree.taiyuan, MANAGER), city_based),
        CITY: (make_member(tree.taiyuan, CITY), city_based),
        PROVINCE: (make_member(tree.province, PROVINCE), province_based),
        ORGANISER: (make_member(tree.province, ORGANISER), province_based),
    }


@pytest.mark.parametrize("permission", sorted(ALLOWED))
def test_object_permission_matrix_matches_the_table(world, permission):
    answers = {}
    for role, (user, units) in world.items():
        for relation, unit in units.items():
            answers[(role, relation)] = User.objects.get(pk=user.pk).has_perm(permission, unit)
    expected = {key: key in ALLOWED[permission] for key in answers}
    assert answers == expected


@pytest.mark.parametrize("permission", sorted(GLOBAL_ALLOWED))
def test_global_permission_matrix_matches_the_table(world, permission):
    answers = {role: user.has_perm(permission) for role, (user, _units) in world.items()}
    assert answers == {role: role in GLOBAL_ALLOWED[permission] for role in answers}


def test_reviewer_of_one_city_never_reaches_a_province_direct_college_in_that_city(world, tree):
    city_reviewer, _units = world[CITY]
    assert tree.college.city == tree.taiyuan
    assert not city_reviewer.has_perm("orgs.view_unit", tree.college)
    assert not city_reviewer.has_perm("orgs.review_unit", tree.college)


@pytest.mark.parametrize("permission", [*sorted(ALLOWED), *sorted(GLOBAL_ALLOWED)])
def test_users_without_a_unit_or_deactivated_may_do_nothing(world, tree, permission):
    loner = UserFactory()
    organiser, _units = world[ORGANISER]
    organiser.is_active = False
    organiser.save()
    organiser = User.objects.get(pk=organiser.pk)
    for user in (loner, organiser):
        assert not user.has_perm(permission, tree.taiyuan_school)
        assert not user.has_perm(permission)


def test_visible_units_follow_the_same_scopes(world, tree):
    from vocweek.orgs.models import Unit

    def visible(role):
        return set(Unit.objects.visible_to(world[role][0]).values_list("name", flat=True))

    assert visible(MANAGER) == {"太原市教育局"}
    assert visible(CITY) == {"太原市教育局", "清徐县教育局", "太原市第一职业中学", "清徐县职业中学"}
    assert "河北省教育厅" not in visible(ORGANISER)
    assert {"大同市第二职业中学", "山西职业技术学院", "山西省总工会"} <= visible(PROVINCE)
