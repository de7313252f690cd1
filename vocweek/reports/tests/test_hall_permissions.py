"""The permission matrix for exhibition halls: roles × hall permissions × whose hall it is."""

import pytest
from django.contrib.auth.models import AnonymousUser

from vocweek.accounts.models import User
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.reports.halls.models import Hall

REPORTER, MANAGER, OTHER_SCHOOL, CITY, PROVINCE, ORGANISER, ANONYMOUS = (
    "own school's reporter",
    "own school's manager",
    "another school's manager",
    "city reviewer",
    "provincial reviewer",
    "organiser administrator",
    "anonymous",
)
OWN, OTHER_CITY, COLLEGE = "own school", "school in another city", "province-direct college"

# Who is where: the own school is 清徐县职业中学 in 太原's county; the other school in 大同; the
# college lies in 太原 but answers to the province directly.
MEMBERS = {
    REPORTER: ("qingxu_school", Role.UNIT_REPORTER),
    MANAGER: ("qingxu_school", Role.UNIT_MANAGER),
    OTHER_SCHOOL: ("datong_school", Role.UNIT_MANAGER),
    CITY: ("taiyuan", Role.CITY_REVIEWER),
    PROVINCE: ("province", Role.PROVINCE_REVIEWER),
    ORGANISER: ("province", Role.ORGANISER_ADMIN),
}
PLACES = {OWN: "qingxu_school", OTHER_CITY: "datong_school", COLLEGE: "college"}
SCHOOL_STAFF = {REPORTER, MANAGER, OTHER_SCHOOL}


def staff_of(role: str, place: str) -> bool:
    return (role in (REPORTER, MANAGER) and place == OWN) or (
        role == OTHER_SCHOOL and place == OTHER_CITY
    )


def expected(permission: str, role: str, place: str) -> bool:
    """The rules in words, written independently of rules.py."""
    if permission == "reports.edit_own_hall":  # opens the menu: anyone who writes for a school
        return role in SCHOOL_STAFF
    if permission == "reports.change_hall":  # only the school's own staff edit its hall
        return staff_of(role, place)
    if permission == "reports.view_halls":  # the organiser's list of every hall
        return role == ORGANISER
    if permission == "reports.withdraw_hall":  # the school, or the organiser above it
        return staff_of(role, place) or role == ORGANISER
    raise AssertionError(permission)


PERMISSIONS = (
    "reports.edit_own_hall",
    "reports.change_hall",
    "reports.view_halls",
    "reports.withdraw_hall",
)


@pytest.fixture
def world(tree):
    users = {
        role: make_member(getattr(tree, unit), member_role)
        for role, (unit, member_role) in MEMBERS.items()
    }
    halls = {place: Hall.objects.create(unit=getattr(tree, unit)) for place, unit in PLACES.items()}
    return users, halls


def fresh(user):
    return AnonymousUser() if user is None else User.objects.get(pk=user.pk)


@pytest.mark.parametrize("permission", PERMISSIONS)
def test_hall_permission_matrix_matches_the_rules_in_words(world, permission):
    users, halls = world
    answers, wanted = {}, {}
    for role in (*MEMBERS, ANONYMOUS):
        user = fresh(users.get(role))
        for place, hall in halls.items():
            hall = Hall.objects.select_related("unit").get(pk=hall.pk)
            answers[(role, place)] = user.has_perm(permission, hall)
            wanted[(role, place)] = expected(permission, role, place)
    mismatches = {key: answers[key] for key in answers if answers[key] != wanted[key]}
    assert mismatches == {}


@pytest.mark.parametrize("permission", ["reports.edit_own_hall", "reports.view_halls"])
def test_the_global_hall_permissions_need_no_hall(world, permission):
    users, _halls = world
    granted = {
        role for role in (*MEMBERS, ANONYMOUS) if fresh(users.get(role)).has_perm(permission)
    }
    assert granted == {role for role in (*MEMBERS, ANONYMOUS) if expected(permission, role, OWN)}


def test_each_role_lists_the_halls_it_may_act_on(world):
    users, halls = world
    listed = {
        role: set(Hall.objects.visible_to(fresh(users.get(role))).values_list("pk", flat=True))
        for role in (*MEMBERS, ANONYMOUS)
    }
    assert listed == {
        REPORTER: {halls[OWN].pk},
        MANAGER: {halls[OWN].pk},
        OTHER_SCHOOL: {halls[OTHER_CITY].pk},
        CITY: set(),
        PROVINCE: set(),
        ORGANISER: {hall.pk for hall in halls.values()},
        ANONYMOUS: set(),
    }


def test_a_deactivated_school_member_loses_the_hall(world):
    users, halls = world
    manager = users[MANAGER]
    manager.is_active = False
    manager.save(update_fields=["is_active"])

    user = fresh(manager)
    assert not user.has_perm("reports.change_hall", halls[OWN])
    assert not user.has_perm("reports.edit_own_hall")
    assert not Hall.objects.visible_to(user).exists()


@pytest.mark.parametrize("role", [Role.UNIT_MANAGER, Role.UNIT_REPORTER])
def test_co_organisers_and_bureaus_have_no_hall_to_edit(tree, role):
    for unit in (tree.union, tree.qingxu):
        member = make_member(unit, role)
        assert not member.has_perm("reports.edit_own_hall")


def test_a_hall_cannot_be_opened_for_a_unit_that_is_not_a_school(tree):
    from vocweek.reports.halls.services import HallError, open_hall

    with pytest.raises(HallError):
        open_hall(unit=tree.union, actor=None)
    assert not Hall.objects.filter(unit=tree.union).exists()
