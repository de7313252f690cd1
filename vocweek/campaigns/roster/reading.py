"""Reading an uploaded roster file into raw sheets: Excel (.xlsx) or CSV, checked before parsing.

A file is judged by its content, not its name: a PDF renamed .xlsx, an old .xls workbook, an
archive that would unpack to far more than its size (a decompression bomb) or a file over the
size limit is refused with a message naming the file. Merged cells carry their top-left value into
every cell they cover; blank rows are dropped but every row keeps the number Excel shows for it.
"""

import codecs
import csv
import io
import warnings
import zipfile
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

XLSX_SIGNATURE = b"PK\x03\x04"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and password-protected .xlsx
BINARY_SIGNATURES = (XLSX_SIGNATURE, OLE2_SIGNATURE, b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")
SUFFIXES = (".xlsx", ".csv")
# An .xlsx unpacks to a few times its size; far more means a decompression bomb.
UNPACKED_PER_PACKED_BYTE = 10
MAX_ARCHIVE_MEMBERS = 500
# Columns beyond this are never roster columns; bounding them bounds the work per row.
MAX_COLUMNS = 60
# Rows a title block may take above the header row.
TITLE_ROWS = 10


class RosterError(Exception):
    """A roster cannot be imported at all; `message` says why, for the user to read."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RosterFileError(RosterError):
    """The file cannot be read as a roster; the message names the file."""


@dataclass(frozen=True)
class SheetRow:
    """One non-blank row: its number as Excel shows it (1-based) and its cell values."""

    number: int
    cells: tuple[object, ...]


@dataclass(frozen=True)
class Sheet:
    """The non-blank rows of one worksheet (or of a CSV file), in order."""

    title: str
    rows: tuple[SheetRow, ...]


def display_name(file_name: str) -> str:
    """The bare file name, never a client's path."""
    return PurePath(file_name.replace("\\", "/")).name or "?"


def read_sheets(*, file_name: str, data: bytes) -> list[Sheet]:
    """The sheets of an .xlsx workbook (active sheet first) or the one sheet of a CSV file.

    Raises RosterFileError when the file is empty, too large, not what it claims to be, or hostile.
    """
    name = display_name(file_name)
    check_file(file_name=name, size=len(data))
    suffix = PurePath(name).suffix.lower()
    if data.startswith(OLE2_SIGNATURE):
        raise RosterFileError(
            _(
                "The file “%(file)s” is an old Excel 97–2003 workbook or a password-protected one; "
                "remove the password and save it as an Excel workbook (.xlsx)."
            )
            % {"file": name}
        )
    if data.startswith(XLSX_SIGNATURE):
        return _read_xlsx(name, data)
    if suffix == ".xlsx":
        raise RosterFileError(
            _("The file “%(file)s” is not a real Excel workbook (.xlsx).") % {"file": name}
        )
    return [_read_csv(name, data)]


def check_file(*, file_name: str, size: int) -> None:
    """Refuse, before reading it, a file that is empty, too large or of the wrong type."""
    name = display_name(file_name)
    limit = settings.VOCWEEK_IMPORT_MAX_BYTES
    if size == 0:
        raise RosterFileError(_("The file “%(file)s” is empty.") % {"file": name})
    if size > limit:
        raise RosterFileError(
            _("The file “%(file)s” is %(size)s; files of at most %(limit)s can be imported.")
            % {"file": name, "size": _megabytes(size), "limit": _megabytes(limit)}
        )
    if PurePath(name).suffix.lower() not in SUFFIXES:
        raise RosterFileError(
            _("The file “%(file)s” is neither an Excel workbook (.xlsx) nor a CSV file (.csv).")
            % {"file": name}
        )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _check_archive(name: str, data: bytes) -> None:
    """Refuse archives that are not workbooks or that would unpack to too much."""
    not_a_workbook = RosterFileError(
        _("The file “%(file)s” is not a real Excel workbook (.xlsx).") % {"file": name}
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise not_a_workbook from error
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise not_a_workbook
    # The declared sizes bound what zipfile will ever unpack, so checking them is enough.
    unpacked = sum(member.file_size for member in members)
    allowed = settings.VOCWEEK_IMPORT_MAX_BYTES * UNPACKED_PER_PACKED_BYTE
    if len(members) > MAX_ARCHIVE_MEMBERS or unpacked > allowed:
        raise RosterFileError(
            _(
                "The file “%(file)s” would unpack to %(size)s, far more than a roster needs; "
                "it was not opened."
            )
            % {"file": name, "size": _megabytes(unpacked)}
        )


def _read_xlsx(name: str, data: bytes) -> list[Sheet]:
    import openpyxl

    _check_archive(name, data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops
            # Not read-only: merged-cell ranges are only available on an ordinary workbook.
            workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # openpyxl raises many kinds on broken files
        raise RosterFileError(
            _("The file “%(file)s” is not a real Excel workbook (.xlsx).") % {"file": name}
        ) from error
    try:
        worksheets = [workbook.active, *workbook.worksheets]
        seen: set[int] = set()
        sheets = []
        for worksheet in worksheets:
            if worksheet is None or id(worksheet) in seen or not hasattr(worksheet, "_cells"):
                continue
            seen.add(id(worksheet))
            sheets.append(_sheet_from_worksheet(worksheet))
        return sheets
    finally:
        workbook.close()


def _sheet_from_worksheet(worksheet) -> Sheet:
    """The worksheet's non-blank rows, merged ranges filled from their top-left cell.

    Walks the cells that exist rather than `iter_rows()`, which would create every coordinate up
    to the furthest formatted cell (a sheet formatted down to row 1,048,576 is common).
    """
    values: dict[tuple[int, int], object] = {}
    for (row, column), cell in worksheet._cells.items():
        value = cell.value
        if column <= MAX_COLUMNS and value is not None and str(value).strip() != "":
            values[row, column] = value
    if not values:
        return Sheet(title=worksheet.title, rows=())
    numbers = sorted({row for row, _column in values})
    width = max(column for _row, column in values)
    # A merged range only fills rows that hold values of their own: a row whose only content
    # comes from a merge is blank, and a range down to the last row costs nothing.
    for merged in worksheet.merged_cells.ranges:
        top_left = values.get((merged.min_row, merged.min_col))
        if top_left is None:
            continue
        covered = numbers[
            bisect_left(numbers, merged.min_row) : bisect_right(numbers, merged.max_row)
        ]
        for row in covered:
            for column in range(merged.min_col, min(merged.max_col, width) + 1):
                values.setdefault((row, column), top_left)
    cells_by_row: dict[int, list[object]] = {row: [None] * width for row in numbers}
    for (row, column), value in values.items():
        cells_by_row[row][column - 1] = value
    return Sheet(
        title=worksheet.title,
        rows=tuple(SheetRow(number=row, cells=tuple(cells_by_row[row])) for row in numbers),
    )


def _decode(name: str, data: bytes) -> str:
    """Text of a CSV file: UTF-8 with or without BOM, UTF-16 with BOM, else GB18030 (GBK)."""
    if data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    elif any(data.startswith(signature) for signature in BINARY_SIGNATURES) or b"\x00" in data:
        encodings = []
    else:
        # Valid GBK text is almost never valid UTF-8, so trying UTF-8 first is safe.
        encodings = ["utf-8", "gb18030"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterFileError(
        _(
            "The file “%(file)s” is not a readable CSV file: save it from Excel as "
            "“CSV UTF-8” or as an Excel workbook (.xlsx)."
        )
        % {"file": name}
    )


def _read_csv(name: str, data: bytes) -> Sheet:
    text = _decode(name, data)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count) if first_line else ","
    limit = settings.VOCWEEK_IMPORT_MAX_ROWS + TITLE_ROWS
    rows = []
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
            if number > limit + 1:
                raise RosterFileError(
                    _("The file “%(file)s” has more than %(limit)s rows.")
                    % {"file": name, "limit": settings.VOCWEEK_IMPORT_MAX_ROWS}
                )
            cells = cells[:MAX_COLUMNS]
            if any(cell.strip() for cell in cells):
                rows.append(SheetRow(number=number, cells=tuple(cells)))
    except csv.Error as error:
        raise RosterFileError(
            _("The file “%(file)s” is not a readable CSV file: %(reason)s")
            % {"file": name, "reason": error}
        ) from error
    return Sheet(title=name, rows=tuple(rows))
