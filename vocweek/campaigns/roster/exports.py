"""The roster as an Excel workbook, in the columns the import reads (data in, bytes out)."""

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from vocweek.campaigns.roster.columns import COLUMNS
from vocweek.campaigns.roster.queries import RosterLine

SHEET_TITLE = "单位名单"
TEXT_FORMAT = "@"
WIDTHS = {"name": 32, "kind": 12, "city": 10, "county": 14, "email": 28, "mobile": 14, "code": 14}


def roster_workbook(lines: Iterable[RosterLine]) -> bytes:
    """One sheet: the Chinese headers, then one row per line. Every cell is text, so that Excel
    shows a mobile as 13812345678 (never 1.38E+10) and no name is ever taken for a formula."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append([column.header for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_number, line in enumerate(lines, start=2):
        for column_number, column in enumerate(COLUMNS, start=1):
            value = getattr(line, column.field)
            cell = sheet.cell(row=row_number, column=column_number, value=value or None)
            cell.number_format = TEXT_FORMAT
            if value:
                cell.data_type = "s"  # a value starting with "=" stays text
    for column_number, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(column_number)].width = WIDTHS.get(
            column.field, 10
        )
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
