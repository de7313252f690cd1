from vocweek.orgs import queries
from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import Unit
from vocweek.orgs.tests.factories import make_unit


def test_subtree_of_city_holds_its_county_schools_but_not_province_direct_colleges(tree):
    names = set(Unit.objects.subtree(tree.taiyuan).values_list("name", flat=True))
    assert names == {"太原市教育局", "清徐县教育局", "太原市第一职业中学", "清徐县职业中学"}
    assert tree.college.city == tree.taiyuan


def test_schools_under_province_are_every_school_in_tree_order(tree):
    schools = list(queries.schools_under(tree.province).values_list("name", flat=True))
    assert schools == [
        "清徐县职业中学",
        "太原市第一职业中学",
        "大同市第二职业中学",
        "山西职业技术学院",
    ]


def test_units_inherit_city_and_city_is_its_own_city(tree):
    assert tree.taiyuan.city == tree.taiyuan
    assert tree.qingxu_school.city == tree.taiyuan
    assert tree.union.city is None


def test_subtree_is_exact_when_a_parent_has_many_children(tree):
    for number in range(12):
        make_unit(f"太原学校{number}", UnitKind.TECHNICAL, tree.taiyuan)
    assert Unit.objects.subtree(tree.datong).count() == 2
    assert Unit.objects.subtree(tree.taiyuan).count() == 4 + 12
    assert tree.taiyuan.contains(tree.qingxu_school)
    assert not tree.datong.contains(tree.qingxu_school)
