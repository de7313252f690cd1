"""The statistics table as a protected Excel template laid out like the paper form.

Only the value cells of typed items are unlocked; figures the platform fills in from the
information reports are grey and locked. The sheet is protected without a password: Excel's
protection only guards against slips (a password would not make it secure and would stop a unit
from adjusting widths), and the server validates everything it reads again.
"""

import io
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from vocweek.stats.definition import FieldDefinition, FormDefinition
from vocweek.stats.enums import FieldKind
from vocweek.stats.xlsx.layout import (
    COLUMN_WIDTHS,
    KEY_COLUMN,
    LABEL_COLUMN,
    LAYOUT_VERSION,
    MARKER,
    NOTES_COLUMN,
    UNIT_COLUMN,
    VALUE_COLUMN,
)

# Excel refuses an in-cell list longer than this; longer lists go to a hidden sheet.
INLINE_LIST_LIMIT = 255
CHOICES_SHEET = "choices"
# Excel cuts the input message and the error text of a validation at these lengths.
VALIDATION_TITLE_LIMIT = 32
VALIDATION_TEXT_LIMIT = 255
# Texts at least this long get a taller, wrapped value cell.
LONG_TEXT = 50
LONG_TEXT_ROW_HEIGHT = 90

TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
SECTION_FILL = PatternFill("solid", fgColor="F3DC9B")
HEADER_FILL = PatternFill("solid", fgColor="FBF1D3")
SOURCE_FILL = PatternFill("solid", fgColor="D9D9D9")
THIN = Side(style="thin", color="999999")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)
UNLOCKED = Protection(locked=False)


def return_template(
    definition: FormDefinition,
    *,
    unit_name: str,
    campaign_title: str,
    values: Mapping[str, object] | None = None,
) -> bytes:
    """The form as a protected workbook for `unit_name` to fill in, `values` (a draft, the
    platform's figures) already in their cells."""
    values = values or {}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Statistics table")[:31]
    _set_up_page(sheet)

    width = NOTES_COLUMN
    row = 1
    _merged_text(sheet, row, f"{campaign_title} {definition.title}".strip(), TITLE_FONT, CENTRED)
    sheet.row_dimensions[row].height = 30
    sheet.cell(row, KEY_COLUMN, MARKER.format(pk=definition.pk, layout=LAYOUT_VERSION))
    row += 1
    _merged_text(sheet, row, _("Reporting unit: %(unit)s") % {"unit": unit_name}, BOLD, WRAP)
    if definition.instructions:
        row += 1
        _merged_text(sheet, row, definition.instructions, None, WRAP)
        sheet.row_dimensions[row].height = _height_for(definition.instructions, 100)
    row += 1
    headers = (_("Item"), _("Unit of measure"), _("Value"), _("Notes"))
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row, column, header)
        cell.font, cell.fill, cell.alignment, cell.border = BOLD, HEADER_FILL, CENTRED, GRID
    sheet.freeze_panes = sheet.cell(row + 1, 1).coordinate
    sheet.print_title_rows = f"1:{row}"

    validations = _Validations(workbook, sheet)
    introduced: set[str] = set()  # totals whose first part already reads "其中：…"
    for section in definition.sections:
        row += 1
        _merged_text(sheet, row, f"{section.number}{section.title}", BOLD, WRAP, width=width)
        for column in range(1, width + 1):
            sheet.cell(row, column).fill = SECTION_FILL
            sheet.cell(row, column).border = GRID
        for item in section.fields:
            row += 1
            first_part = bool(item.parent) and item.parent not in introduced
            introduced.add(item.parent)
            _item_row(sheet, row, item, values.get(item.key), first_part=first_part)
            validations.add(item, sheet.cell(row, VALUE_COLUMN))
    validations.attach()

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _set_up_page(sheet: Worksheet) -> None:
    for column, width in COLUMN_WIDTHS.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.column_dimensions[get_column_letter(KEY_COLUMN)].hidden = True
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_PORTRAIT
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    # Locked cells stay selectable; rows and columns may be resized, nothing else changed.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _merged_text(
    sheet: Worksheet,
    row: int,
    text: str,
    font: Font | None,
    alignment: Alignment,
    *,
    width: int = NOTES_COLUMN,
) -> Cell:
    cell = sheet.cell(row, 1, text)
    if font is not None:
        cell.font = font
    cell.alignment = alignment
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    return cell


def _height_for(text: str, characters_per_line: int) -> float:
    lines = sum(max(1, -(-len(line) // characters_per_line)) for line in text.splitlines())
    return max(15.0, 15.0 * lines)


def _display_label(item: FieldDefinition, *, first_part: bool) -> str:
    """The label as the paper form shows it: the first part of a total reads "其中：中职"."""
    if not first_part:
        return item.label
    lead = (_("of which: %(item)s") % {"item": ""}).strip()
    if lead and item.label.startswith(lead.rstrip(":：")):
        return item.label
    return _("of which: %(item)s") % {"item": item.label}


def _item_row(
    sheet: Worksheet, row: int, item: FieldDefinition, value: object, *, first_part: bool
) -> None:
    # Indent levels are about three characters: later parts line up after "其中：".
    indent = 2 * item.depth + (0 if first_part or not item.depth else 2)
    label = sheet.cell(row, LABEL_COLUMN, _display_label(item, first_part=first_part))
    label.alignment = Alignment(wrap_text=True, vertical="center", indent=indent)
    unit = sheet.cell(row, UNIT_COLUMN, item.unit_of_measure)
    unit.alignment = CENTRED
    notes = [item.help_text] if item.help_text else []
    if not item.is_typed:
        notes.insert(0, _("Filled in by the platform from the information reports"))
    note_cell = sheet.cell(row, NOTES_COLUMN, "\n".join(notes))
    note_cell.alignment = WRAP
    sheet.cell(row, KEY_COLUMN, item.key)

    cell = sheet.cell(row, VALUE_COLUMN, _cell_value(item, value))
    cell.border = GRID
    if item.kind == FieldKind.INTEGER:
        cell.number_format = "0"
    elif item.kind == FieldKind.DECIMAL:
        places = item.decimal_places
        cell.number_format = "0." + "0" * places if places else "0"
    elif item.kind == FieldKind.TEXT:
        cell.number_format = "@"  # 0012 and phone numbers stay as typed
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if item.max_length is None or item.max_length >= LONG_TEXT:
            sheet.row_dimensions[row].height = LONG_TEXT_ROW_HEIGHT
    if item.is_typed:
        cell.protection = UNLOCKED
    else:
        for column in (LABEL_COLUMN, UNIT_COLUMN, VALUE_COLUMN, NOTES_COLUMN):
            sheet.cell(row, column).fill = SOURCE_FILL
        cell.comment = Comment(_("Filled in by the platform from the information reports"), "")
    for column in (LABEL_COLUMN, UNIT_COLUMN, NOTES_COLUMN):
        sheet.cell(row, column).border = GRID


def _cell_value(item: FieldDefinition, value: object) -> object:
    """A stored value as the cell should hold it: numbers as numbers, everything else as text."""
    if value is None or value == "":
        return None
    if item.is_numeric and not isinstance(value, bool):
        if isinstance(value, int | float | Decimal):
            return value
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            return str(value)
        return (
            int(number)
            if item.kind == FieldKind.INTEGER and number == number.to_integral()
            else number
        )
    return str(value)


class _Validations:
    """The data validations of the value cells, one per distinct check, and the hidden sheet of
    choice lists too long to sit in the validation itself."""

    def __init__(self, workbook: Workbook, sheet: Worksheet) -> None:
        self.workbook = workbook
        self.sheet = sheet
        self.by_check: dict[tuple[object, ...], DataValidation] = {}
        self.choices_sheet: Worksheet | None = None

    def add(self, item: FieldDefinition, cell: Cell) -> None:
        if not item.is_typed:
            return
        check = self._check(item)
        if check is None:
            return
        key, make = check
        if key not in self.by_check:
            self.by_check[key] = make()
        self.by_check[key].add(cell)

    def attach(self) -> None:
        for validation in self.by_check.values():
            self.sheet.add_data_validation(validation)
        if self.choices_sheet is not None:
            self.choices_sheet.protection.sheet = True
            self.workbook.security = WorkbookProtection(lockStructure=True)

    def _check(
        self, item: FieldDefinition
    ) -> tuple[tuple[object, ...], Callable[[], DataValidation]] | None:
        """The check of a value cell (equal checks share one validation) and how to make it."""
        if item.kind == FieldKind.INTEGER:
            return ("integer",), lambda: _validation(
                "whole", _("Enter a whole number of 0 or more."), operator="greaterThanOrEqual"
            )
        if item.kind == FieldKind.DECIMAL:
            return ("decimal",), lambda: _validation(
                "decimal", _("Enter a number of 0 or more."), operator="greaterThanOrEqual"
            )
        if item.kind == FieldKind.TEXT and item.max_length:
            limit = item.max_length
            return ("text", limit), lambda: _validation(
                "textLength",
                _("Enter at most %(count)s characters.") % {"count": limit},
                operator="lessThanOrEqual",
                formula=str(limit),
            )
        if item.kind == FieldKind.CHOICE and item.choices:
            formula = self._list_formula(item)
            return ("choice", formula), lambda: _validation(
                "list", _("Choose one of the values in the list."), formula=formula
            )
        return None

    def _list_formula(self, item: FieldDefinition) -> str:
        inline = ",".join(item.choices)
        fits = len(inline) + 2 <= INLINE_LIST_LIMIT
        if fits and not any("," in choice or '"' in choice for choice in item.choices):
            return f'"{inline}"'
        if self.choices_sheet is None:
            self.choices_sheet = self.workbook.create_sheet(CHOICES_SHEET)
            self.choices_sheet.sheet_state = "veryHidden"
        column = self.choices_sheet.max_column + (1 if self.choices_sheet["A1"].value else 0)
        for row, choice in enumerate(item.choices, start=1):
            self.choices_sheet.cell(row, column, choice).number_format = "@"
        letter = get_column_letter(column)
        return f"{quote_sheetname(CHOICES_SHEET)}!${letter}$1:${letter}${len(item.choices)}"


def _validation(kind: str, error: str, *, operator: str = "", formula: str = "0") -> DataValidation:
    validation = DataValidation(
        type=kind,
        operator=operator or None,
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=_("Not accepted")[:VALIDATION_TITLE_LIMIT],
        error=error[:VALIDATION_TEXT_LIMIT],
    )
    validation.showDropDown = False  # openpyxl's name is inverted: False shows the arrow
    return validation
