"""Checking figures against the demo's 2021-style table, as a form or an Excel upload sends them."""

from decimal import Decimal

import pytest
from django.utils import translation

from vocweek.stats.definition import load_form
from vocweek.stats.demo import build_demo_form
from vocweek.stats.enums import FieldKind, RuleKind
from vocweek.stats.models import StatField, StatForm, StatRule, StatSection
from vocweek.stats.validation import from_json, to_json, validate_values


@pytest.fixture
def definition(campaign):
    return load_form(build_demo_form(campaign=campaign))


def complete(definition, **overrides):
    """Every typed item filled: zeros, and short texts."""
    values = {}
    for item in definition.fields:
        if item.source:
            continue
        values[item.key] = "0" if item.is_numeric else "示例"
    values.update(overrides)
    return values


def test_complete_return_passes_on_submission(definition):
    raw = complete(definition, activities="12", activities_offline="8", activities_online="4")

    validated = validate_values(definition, raw, for_submission=True)

    assert validated.errors == {}
    assert validated.values["activities"] == 12
    assert validated.values["filled_by"] == "示例"


def test_full_width_digits_and_thousands_separators_are_read(definition):
    validated = validate_values(
        definition, {"students": "１２", "teachers_students": "1,200", "online_views": "３．５"}
    )

    assert validated.errors == {}
    assert validated.values["students"] == 12
    assert validated.values["teachers_students"] == 1200
    assert validated.values["online_views"] == Decimal("3.5")


def test_excel_numbers_are_read_when_whole(definition):
    validated = validate_values(definition, {"activities": 12.0, "online_views": 0.25})

    assert validated.errors == {}
    assert validated.values["activities"] == 12
    assert validated.values["online_views"] == Decimal("0.25")


@pytest.mark.parametrize(
    ("key", "raw", "fragment"),
    [
        ("activities", "-3", "cannot be negative"),
        ("activities", "2.5", "must be a whole number"),
        ("activities", "十二", "must be a number"),
        ("activities", "1,2", "must be a number"),
        ("online_views", "1.255", "at most 2 decimal places"),
    ],
)
def test_bad_number_is_refused_naming_item_and_unit(definition, key, raw, fragment):
    with translation.override("en"):
        validated = validate_values(definition, {key: raw})

    assert fragment in validated.errors[key]
    assert definition.field(key).label in validated.errors[key]
    assert key not in {k for k, v in validated.values.items() if v is not None}


def test_draft_may_be_incomplete_but_submission_needs_required_items(definition):
    draft = validate_values(definition, {"activities": "3"})
    with translation.override("en"):
        submitted = validate_values(definition, {"activities": "3"}, for_submission=True)

    assert draft.errors == {}
    assert submitted.errors["filled_by"] == "“填报人” is required."
    assert "activities" not in submitted.errors


def test_part_larger_than_its_total_is_refused(definition):
    with translation.override("en"):
        validated = validate_values(
            definition, {"activities": "5", "activities_online": "7", "activities_offline": "0"}
        )

    assert validated.errors["activities_online"] == (
        "“其中：线上 (场)” cannot be greater than “活动总场次 (场)”."
    )


def test_offline_and_online_must_add_up_to_the_total(definition):
    raw = complete(definition, activities="10", activities_offline="3", activities_online="4")

    with translation.override("en"):
        validated = validate_values(definition, raw, for_submission=True)

    assert validated.errors == {
        "activities_offline": (
            "“其中：线下 (场)” + “其中：线上 (场)” must add up to “活动总场次 (场)”."
        )
    }


def test_draft_skips_a_rule_while_one_of_its_items_is_blank(definition):
    validated = validate_values(definition, {"activities": "10", "activities_offline": "3"})

    assert validated.errors == {}


def test_highlights_longer_than_200_characters_are_refused(definition):
    with translation.override("en"):
        validated = validate_values(definition, {"highlights": "技" * 201})

    assert validated.errors["highlights"] == (
        "“特色亮点” may have at most 200 characters; it has 201."
    )
    assert validate_values(definition, {"highlights": "技" * 200}).errors == {}


def test_report_figures_come_from_the_reports_not_from_the_unit(definition):
    validated = validate_values(
        definition,
        {"reports_filed": "99"},
        derived={"reports_filed": 4, "reports_adopted": 2, "reports_featured": 1},
    )

    assert validated.values["reports_filed"] == 4
    assert validated.errors == {}


def test_featured_reports_cannot_exceed_filed_ones(definition):
    raw = complete(definition)

    validated = validate_values(
        definition,
        raw,
        for_submission=True,
        derived={"reports_filed": 1, "reports_adopted": 1, "reports_featured": 2},
    )

    assert set(validated.errors) == {"reports_featured"}


def test_choice_must_be_one_of_the_choices(campaign):
    form = StatForm.objects.create(campaign=campaign, title="表")
    section = StatSection.objects.create(form=form, title="基本", position=1)
    StatField.objects.create(
        form=form,
        section=section,
        key="level",
        label="办学层次",
        kind=FieldKind.CHOICE,
        choices=["中职", "高职"],
        position=1,
    )
    definition = load_form(form)

    with translation.override("en"):
        refused = validate_values(definition, {"level": "本科"})
    accepted = validate_values(definition, {"level": "高职"})

    assert refused.errors["level"] == "“办学层次” must be one of: 中职、高职."
    assert accepted.values["level"] == "高职"


def test_rule_with_its_own_message_uses_it(campaign):
    form = StatForm.objects.create(campaign=campaign, title="表")
    section = StatSection.objects.create(form=form, title="基本", position=1)
    for position, key in enumerate(["a", "b"], start=1):
        StatField.objects.create(
            form=form,
            section=section,
            key=key,
            label=key,
            kind=FieldKind.INTEGER,
            position=position,
        )
    StatRule.objects.create(
        form=form, kind=RuleKind.NOT_GREATER, left=["a"], right=["b"], message="甲不能多于乙"
    )

    validated = validate_values(load_form(form), {"a": "3", "b": "2"})

    assert validated.errors == {"a": "甲不能多于乙"}


def test_stored_values_keep_decimals_exact_and_leave_out_report_figures(definition):
    validated = validate_values(
        definition,
        {"online_views": "1.25", "activities": "3", "highlights": ""},
        derived={"reports_filed": 4},
    )

    stored = to_json(definition, validated.values)

    assert stored == {"online_views": "1.25", "activities": 3}
    assert from_json(definition, stored) == {"online_views": Decimal("1.25"), "activities": 3}
