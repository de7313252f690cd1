"""The demo's statistics table: the 2021 blocks as data, with parts, units and report figures."""

from vocweek.stats.definition import load_form
from vocweek.stats.demo import build_demo_form
from vocweek.stats.enums import FieldKind, RuleKind, Source
from vocweek.stats.models import StatField, StatRule, StatSection


def test_demo_form_has_the_four_blocks_after_the_header(campaign):
    definition = load_form(build_demo_form(campaign=campaign))

    assert [(s.number, s.title) for s in definition.sections] == [
        ("", "填报信息"),
        ("一、", "参与情况"),
        ("二、", "活动开展"),
        ("三、", "宣传报道"),
        ("四、", "特色亮点"),
    ]
    assert definition.title == "职业教育活动周情况统计表"


def test_of_which_rows_name_their_total_and_share_its_unit(campaign):
    definition = load_form(build_demo_form(campaign=campaign))

    online = definition.field("activities_online")
    assert (online.label, online.parent, online.unit_of_measure, online.depth) == (
        "其中：线上",
        "activities",
        "场",
        1,
    )
    for item in definition.fields:
        if item.parent:
            assert item.unit_of_measure == definition.field(item.parent).unit_of_measure


def test_report_figures_are_filled_in_by_the_platform(campaign):
    definition = load_form(build_demo_form(campaign=campaign))

    sources = {item.key: item.source for item in definition.fields if item.source}

    assert sources == {
        "reports_filed": Source.REPORTS_FILED,
        "reports_adopted": Source.REPORTS_ADOPTED,
        "reports_featured": Source.REPORTS_FEATURED,
    }


def test_rules_and_text_limit_are_those_of_the_notice(campaign):
    definition = load_form(build_demo_form(campaign=campaign))

    assert [(r.kind, r.left, r.right) for r in definition.rules] == [
        (RuleKind.EQUALS, ("activities_offline", "activities_online"), ("activities",)),
        (RuleKind.NOT_GREATER, ("reports_featured",), ("reports_filed",)),
    ]
    highlights = definition.field("highlights")
    assert (highlights.kind, highlights.max_length) == (FieldKind.TEXT, 200)
    assert definition.field("online_views").kind == FieldKind.DECIMAL


def test_building_twice_keeps_one_form(campaign):
    first = build_demo_form(campaign=campaign)
    second = build_demo_form(campaign=campaign)

    assert first.pk == second.pk
    assert StatSection.objects.filter(form=first).count() == 5
    assert StatField.objects.filter(form=first).count() == len(load_form(first).fields)
    assert StatRule.objects.filter(form=first).count() == 2
