"""The statistics table's Excel template and its reading back, filled in as a user would."""

import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.test import override_settings

from vocweek.campaigns.tests.factories import make_campaign
from vocweek.stats.definition import FormDefinition, load_form
from vocweek.stats.enums import FieldKind
from vocweek.stats.models import StatField
from vocweek.stats.tests.forms import make_form
from vocweek.stats.validation import validate_values
from vocweek.stats.xlsx import errors_by_cell, read_return, return_template

pytestmark = pytest.mark.django_db

CAMPAIGN_TITLE = "山西省2021年职业教育活动周"
UNIT = "太原市第一职业中学"


@pytest.fixture
def definition(campaign) -> FormDefinition:
    return load_form(make_form(campaign))


def template(definition: FormDefinition, **extra) -> bytes:
    return return_template(definition, unit_name=UNIT, campaign_title=CAMPAIGN_TITLE, **extra)


def open_sheet(data: bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return workbook, workbook.worksheets[0]


def row_of(sheet, key: str) -> int:
    """The row whose hidden key cell holds `key`, as the reader would find it."""
    for (number,) in sheet.iter_rows(min_col=5, max_col=5):
        if number.value == key:
            return number.row
    raise AssertionError(f"no row for {key}")


def saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def fill(definition: FormDefinition, entries: dict[str, object], **extra) -> bytes:
    """The template with `entries` typed into the value cells of their items."""
    workbook, sheet = open_sheet(template(definition, **extra))
    for key, value in entries.items():
        sheet.cell(row_of(sheet, key), 3, value)
    return saved(workbook)


def validations_of(sheet) -> dict[str, object]:
    """The data validation covering each value cell, by cell address."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            for row in range(cell_range.min_row, cell_range.max_row + 1):
                found[f"C{row}"] = validation
    return found


def test_template_locks_everything_but_the_typed_value_cells(definition):
    _workbook, sheet = open_sheet(template(definition))

    assert sheet.title == "情况统计表" or sheet.title == "Statistics table"
    assert sheet.protection.sheet
    assert sheet.column_dimensions["E"].hidden
    assert CAMPAIGN_TITLE in sheet["A1"].value and definition.title in sheet["A1"].value
    assert UNIT in sheet["A2"].value
    for key in ("schools", "funds", "level", "media_reports", "highlights"):
        row = row_of(sheet, key)
        assert sheet.cell(row, 1).protection.locked
        assert sheet.cell(row, 2).protection.locked
        assert not sheet.cell(row, 3).protection.locked
    for key in ("reports_filed", "reports_featured"):
        value_cell = sheet.cell(row_of(sheet, key), 3)
        assert value_cell.protection.locked
        assert value_cell.fill.fgColor.rgb.endswith("D9D9D9")
        assert value_cell.comment is not None
        assert sheet.cell(row_of(sheet, key), 4).value  # the note says who fills it in


def test_template_validates_each_value_cell_by_its_kind(definition):
    _workbook, sheet = open_sheet(template(definition))
    validations = validations_of(sheet)

    def check(key: str):
        return validations[f"C{row_of(sheet, key)}"]

    for key in ("schools", "schools_secondary", "media_reports"):
        assert (check(key).type, check(key).operator, check(key).formula1) == (
            "whole",
            "greaterThanOrEqual",
            "0",
        )
    assert (check("funds").type, check("funds").formula1) == ("decimal", "0")
    assert check("level").type == "list"
    assert check("level").formula1 == '"省级,市级,县级"'
    assert (check("highlights").type, check("highlights").formula1) == ("textLength", "200")
    assert f"C{row_of(sheet, 'reports_filed')}" not in validations
    assert all(validation.showErrorMessage for validation in validations.values())


def test_template_puts_a_long_choice_list_on_a_hidden_sheet(campaign):
    form = make_form(campaign)
    choices = [f"第{number}类：产教融合实训基地开放活动" for number in range(1, 21)]
    StatField.objects.create(
        form=form,
        section=form.sections.get(position=1),
        position=9,
        key="kind_of_activity",
        label="活动类型",
        kind=FieldKind.CHOICE,
        choices=choices,
    )
    definition = load_form(form)
    workbook, sheet = open_sheet(template(definition))

    validation = validations_of(sheet)[f"C{row_of(sheet, 'kind_of_activity')}"]
    assert validation.type == "list"
    sheet_name, cells = validation.formula1.split("!")
    hidden = workbook[sheet_name.strip("'")]
    assert hidden.sheet_state == "veryHidden"
    assert [cell.value for (cell,) in hidden[cells.replace("$", "")]] == choices

    filled = fill(definition, {"kind_of_activity": choices[7]})
    assert read_return(definition, filled, name="表.xlsx").raw["kind_of_activity"] == choices[7]


def test_template_shows_parts_as_of_which_and_indented(definition):
    _workbook, sheet = open_sheet(template(definition))

    total, first, second = (
        row_of(sheet, key) for key in ("schools", "schools_secondary", "schools_higher")
    )
    assert sheet.cell(total, 1).value == "参与职业院校数"
    assert "中职" in sheet.cell(first, 1).value and sheet.cell(first, 1).value != "中职"
    assert sheet.cell(second, 1).value == "高职"
    assert sheet.cell(first, 1).alignment.indent > sheet.cell(total, 1).alignment.indent
    assert sheet.cell(second, 1).alignment.indent >= sheet.cell(first, 1).alignment.indent
    assert sheet.cell(total, 2).value == "所"
    assert any(cell.value == "一、参与情况" for (cell,) in sheet.iter_rows(max_col=1))


def test_template_prefills_the_given_values(definition):
    values = {
        "schools": 12,
        "funds": "3.50",
        "level": "市级",
        "reports_filed": 7,
        "highlights": "开放校园",
    }
    _workbook, sheet = open_sheet(template(definition, values=values))

    assert sheet.cell(row_of(sheet, "schools"), 3).value == 12
    assert sheet.cell(row_of(sheet, "funds"), 3).value == 3.5
    assert sheet.cell(row_of(sheet, "level"), 3).value == "市级"
    assert sheet.cell(row_of(sheet, "reports_filed"), 3).value == 7
    assert sheet.cell(row_of(sheet, "highlights"), 3).value == "开放校园"
    assert sheet.cell(row_of(sheet, "media_reports"), 3).value is None


def test_filled_template_reads_back_what_was_typed(definition):
    entries = {
        "schools": 12,
        "schools_secondary": 8,
        "schools_higher": 4,
        "funds": 3.75,
        "level": "省级",
        "media_reports": 0,
        "highlights": "  开放校园，技能展示  ",
    }
    result = read_return(definition, fill(definition, entries), name="统计表.xlsx")

    assert result.errors == []
    assert result.raw == {**entries, "highlights": "开放校园，技能展示"}
    _workbook, sheet = open_sheet(template(definition))
    assert result.cell_of["schools"] == f"C{row_of(sheet, 'schools')}"
    assert "reports_filed" not in result.raw  # the platform's figures are never read


def test_empty_value_cells_read_as_none(definition):
    result = read_return(definition, template(definition), name="统计表.xlsx")

    assert result.errors == []
    assert result.raw["schools"] is None and result.raw["highlights"] is None


def test_wrong_cells_are_named_by_their_address(definition):
    data = fill(
        definition,
        {
            "schools": "十二",
            "schools_secondary": -3,
            "schools_higher": datetime.datetime(2021, 5, 22),
            "media_reports": "#DIV/0!",
            "funds": 2,
        },
    )
    result = read_return(definition, io.BytesIO(data), name="统计表.xlsx")
    _workbook, sheet = open_sheet(data)

    errors = {error.key: error.cell for error in result.errors}
    assert errors == {
        "schools_higher": f"C{row_of(sheet, 'schools_higher')}",
        "media_reports": f"C{row_of(sheet, 'media_reports')}",
    }
    # What validation judges is handed on as typed, with the cell to name.
    assert result.raw["schools"] == "十二"
    assert result.raw["schools_secondary"] == -3
    assert result.cell_of["schools"] == f"C{row_of(sheet, 'schools')}"
    assert "schools_higher" not in result.raw


def test_digits_and_dates_typed_into_text_cells_read_as_text(definition):
    data = fill(definition, {"highlights": 13812345678, "level": datetime.datetime(2021, 5, 22)})

    raw = read_return(definition, data, name="统计表.xlsx").raw

    assert raw["highlights"] == "13812345678"
    assert raw["level"] == "2021-05-22"


def test_rows_inserted_by_the_user_do_not_move_the_items(definition):
    workbook, sheet = open_sheet(template(definition))
    sheet.insert_rows(1, 2)
    sheet.insert_rows(row_of(sheet, "funds"), 1)
    sheet.cell(row_of(sheet, "funds") - 1, 1, "（我们加的说明行）")
    sheet.cell(row_of(sheet, "schools"), 3, 5)
    sheet.cell(row_of(sheet, "funds"), 3, Decimal("1.25"))

    result = read_return(definition, saved(workbook), name="统计表.xlsx")

    assert result.errors == []
    assert result.raw["schools"] == 5
    assert result.raw["funds"] == 1.25
    assert result.cell_of["funds"] == f"C{row_of(sheet, 'funds')}"


def test_a_missing_item_row_is_named(definition):
    workbook, sheet = open_sheet(template(definition))
    sheet.delete_rows(row_of(sheet, "media_reports"), 1)

    result = read_return(definition, saved(workbook), name="统计表.xlsx")

    [error] = result.errors
    assert (error.cell, error.key) == ("", "media_reports")
    assert "媒体报道" in error.message
    assert not result.refused


def test_a_template_of_another_form_is_refused(tree, definition):
    other = load_form(
        make_form(make_campaign(tree.province, year=2022, slug="2022", is_current=False))
    )

    result = read_return(definition, template(other), name="2022年统计表.xlsx")

    assert result.refused and result.raw == {}
    [error] = result.errors
    assert "2022年统计表.xlsx" in error.message


def test_a_workbook_without_the_markers_is_refused(definition):
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "参与职业院校数"
    workbook.active["C1"] = 12

    result = read_return(definition, saved(workbook), name="自制表.xlsx")

    assert result.refused
    assert "自制表.xlsx" in result.errors[0].message


@pytest.mark.parametrize(
    "content",
    [
        b"schools,12\nfunds,3\n",
        b"PK\x03\x04 not really a zip",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old",
    ],
    ids=["text", "broken-zip", "old-excel"],
)
def test_a_file_that_is_not_a_workbook_is_refused_naming_it(definition, content):
    result = read_return(definition, content, name="C:\\Users\\王老师\\统计表.xlsx")

    assert result.refused and result.raw == {} and len(result.errors) == 1
    assert "统计表.xlsx" in result.errors[0].message
    assert "Users" not in result.errors[0].message


def test_an_empty_file_is_refused(definition):
    assert read_return(definition, io.BytesIO(b""), name="统计表.xlsx").refused


@override_settings(VOCWEEK_IMPORT_MAX_BYTES=1000)
def test_a_file_over_the_limit_is_refused(definition):
    result = read_return(definition, io.BytesIO(b"PK\x03\x04" + b"0" * 2000), name="大表.xlsx")

    assert result.refused and "大表.xlsx" in result.errors[0].message


@override_settings(VOCWEEK_IMPORT_MAX_BYTES=2000)
def test_a_decompression_bomb_is_refused_unopened(definition):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 1_000_000)
    assert len(buffer.getvalue()) < 2000

    result = read_return(definition, buffer.getvalue(), name="炸弹.xlsx")

    assert result.refused and "炸弹.xlsx" in result.errors[0].message


def test_validation_errors_are_placed_at_the_cells_they_concern(definition):
    data = fill(
        definition,
        {
            "schools": "十二",
            "schools_secondary": -3,
            "schools_higher": datetime.datetime(2021, 5, 22),
            "level": "乡级",
            "funds": 1.5,
        },
    )
    result = read_return(definition, data, name="统计表.xlsx")
    validated = validate_values(definition, result.raw, for_submission=True)
    _workbook, sheet = open_sheet(data)

    cells = {error.key: error.cell for error in errors_by_cell(result, validated.errors)}

    assert cells == {
        key: f"C{row_of(sheet, key)}"
        for key in ("schools", "schools_secondary", "schools_higher", "level", "media_reports")
    }
