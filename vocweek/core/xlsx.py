"""The shape every list export shares: a write-only sheet with a title, a few lines about it,
a header row and one row per item; every text cell typed as text, so a mobile reads 13812345678
and a name starting with "=" is never a formula."""

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

TEXT_FORMAT = "@"
TITLE_FONT = Font(bold=True, size=14)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F3DC9B")
CENTRED = Alignment(horizontal="center", vertical="center")


class ListSheet:
    """One sheet of a write-only workbook: `title`, `line`s, then `header` and `row`s."""

    def __init__(self, sheet_name: str, columns: Sequence[tuple[str, int]], *, freeze: str = ""):
        self.workbook = Workbook(write_only=True)
        self.sheet: WriteOnlyWorksheet = self.workbook.create_sheet(sheet_name[:31])
        self.columns = list(columns)
        for number, (_header, width) in enumerate(self.columns, start=1):
            self.sheet.column_dimensions[get_column_letter(number)].width = width
        if freeze:
            self.sheet.freeze_panes = freeze

    def text(self, value: str) -> Cell | None:
        """A cell that is text whatever it looks like; nothing for an empty value."""
        if value == "":
            return None
        cell = WriteOnlyCell(self.sheet, value=value)
        cell.data_type = "s"
        cell.number_format = TEXT_FORMAT
        return cell

    def title(self, value: str) -> None:
        cell = WriteOnlyCell(self.sheet, value=value)
        cell.font = TITLE_FONT
        self.sheet.append([cell])

    def line(self, value: str) -> None:
        self.sheet.append([self.text(value)])

    def header(self) -> None:
        cells = []
        for header, _width in self.columns:
            cell = WriteOnlyCell(self.sheet, value=header)
            cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, CENTRED
            cells.append(cell)
        self.sheet.append(cells)

    def row(self, values: Sequence[object]) -> None:
        """Strings become text cells; numbers and empty cells stay as they are."""
        self.sheet.append(
            [self.text(value) if isinstance(value, str) else value for value in values]
        )

    def save(self) -> bytes:
        output = io.BytesIO()
        self.workbook.save(output)
        return output.getvalue()


_UNSAFE_IN_NAMES = str.maketrans({character: "_" for character in '/\\:*?"<>|\0'})


def file_part(value: str, limit: int, fallback: str) -> str:
    """A piece of a download's file name that is safe on every file system."""
    return value.translate(_UNSAFE_IN_NAMES).strip(" .")[:limit] or fallback
