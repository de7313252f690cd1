"""A filled template read back: the values by field key, and what only the cells can tell.

The file is checked before openpyxl sees it (size, signature, archive directory, unpacked size)
and any failure gives one error naming the file. Items are found by the hidden key column, so
inserted rows do not matter; a template of another form is refused. Ranges and rules are left to
`validation.validate_values`; `ReadResult.cell_of` and `errors_by_cell` put its errors at cells.
"""

import datetime
import io
import warnings
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from vocweek.stats.definition import FieldDefinition, FormDefinition
from vocweek.stats.xlsx.layout import LAYOUT_VERSION, MARKER_PATTERN, MAX_COLUMNS, VALUE_BEFORE_KEY

# An .xlsx unpacks to a few times its size; far more means a decompression bomb.
UNPACKED_PER_PACKED_BYTE = 10
MAX_ARCHIVE_MEMBERS = 500
XLSX_SIGNATURE = b"PK\x03\x04"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and password-protected .xlsx
EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
)


@dataclass(frozen=True)
class CellError:
    """Something wrong with a cell (`cell` like "C12"), a missing item row (no cell) or the whole
    file (neither cell nor key); `message` is for the user to read."""

    cell: str
    key: str
    message: str


@dataclass(frozen=True)
class ReadResult:
    """What a filled template holds: `raw` values by key for validation, the errors only the
    reader can see, and the cell each item's value was read from."""

    raw: dict[str, object] = field(default_factory=dict)
    errors: list[CellError] = field(default_factory=list)
    cell_of: dict[str, str] = field(default_factory=dict)

    @property
    def refused(self) -> bool:
        """The file as a whole could not be read (its one error names the file)."""
        return any(not error.cell and not error.key for error in self.errors)


def errors_by_cell(result: ReadResult, validation_errors: Mapping[str, str]) -> list[CellError]:
    """The reader's errors, then validation's (by key, as `validate_values` gives them) placed
    at the cell of their item; an item the reader already objected to is not named twice."""
    named = {error.key for error in result.errors if error.key}
    placed = [
        CellError(cell=result.cell_of.get(key, ""), key=key, message=message)
        for key, message in validation_errors.items()
        if key not in named
    ]
    return [*result.errors, *placed]


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_return(definition: FormDefinition, upload: bytes | BinaryIO, *, name: str) -> ReadResult:
    """The values of a filled template of `definition`, keyed by field key.

    Empty cells read as None, strings stripped, numbers as Excel stored them (a formula's last
    computed value). Items filled in by the platform are not read. A key with a read error is
    left out of `raw`; a file that cannot be read gives one error naming it, and nothing else.
    """
    file_name = PurePath((name or "").replace("\\", "/")).name or "?"
    try:
        data = _read_upload(upload, file_name)
        return _read_workbook(definition, data, file_name)
    except _Refused as refusal:
        return ReadResult(errors=[CellError(cell="", key="", message=refusal.message)])


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _read_upload(upload: bytes | BinaryIO, file_name: str) -> bytes:
    """The upload's bytes, refused when empty, too large, not a workbook, or a bomb."""
    limit = settings.VOCWEEK_IMPORT_MAX_BYTES
    data = bytes(upload) if isinstance(upload, bytes | bytearray) else upload.read(limit + 1)
    if not data:
        raise _Refused(_("The file “%(file)s” is empty.") % {"file": file_name})
    if len(data) > limit:
        raise _Refused(
            _("The file “%(file)s” is %(size)s; files of at most %(limit)s can be imported.")
            % {"file": file_name, "size": _megabytes(len(data)), "limit": _megabytes(limit)}
        )
    if data.startswith(OLE2_SIGNATURE):
        raise _Refused(
            _(
                "The file “%(file)s” is an old Excel 97–2003 workbook or a password-protected one; "
                "remove the password and save it as an Excel workbook (.xlsx)."
            )
            % {"file": file_name}
        )
    not_a_workbook = _Refused(
        _("The file “%(file)s” is not a real Excel workbook (.xlsx).") % {"file": file_name}
    )
    if not data.startswith(XLSX_SIGNATURE):
        raise not_a_workbook
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
    if len(members) > MAX_ARCHIVE_MEMBERS or unpacked > limit * UNPACKED_PER_PACKED_BYTE:
        raise _Refused(
            _(
                "The file “%(file)s” would unpack to %(size)s, far more than a statistics "
                "table needs; it was not opened."
            )
            % {"file": file_name, "size": _megabytes(unpacked)}
        )
    return data


def _read_workbook(definition: FormDefinition, data: bytes, file_name: str) -> ReadResult:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on broken files
        raise _Refused(
            _("The file “%(file)s” is not a real Excel workbook (.xlsx).") % {"file": file_name}
        ) from error
    try:
        marker, rows = _find_template_rows(workbook, file_name)
    except _Refused:
        raise
    except Exception as error:  # a part damaged beyond the directory shows only when read
        raise _Refused(
            _("The file “%(file)s” is damaged and cannot be read.") % {"file": file_name}
        ) from error
    finally:
        workbook.close()
    form_pk, layout = marker
    if form_pk != definition.pk:
        raise _Refused(
            _(
                "The file “%(file)s” is the template of another statistics table; download the "
                "template of this one and copy your figures into it."
            )
            % {"file": file_name}
        )
    if layout > LAYOUT_VERSION:
        raise _Refused(
            _("The file “%(file)s” was made by a newer version of the template; download it again.")
            % {"file": file_name}
        )
    return _values_from_rows(definition, rows)


@dataclass(frozen=True)
class _KeyRow:
    number: int
    key: str
    value: object
    cell: str


def _find_template_rows(
    workbook: Workbook, file_name: str
) -> tuple[tuple[int, int], list[_KeyRow]]:
    """The marker (form pk, layout) of the first sheet that carries one, and its keyed rows."""
    limit = settings.VOCWEEK_IMPORT_MAX_ROWS
    for sheet in workbook.worksheets:
        if getattr(sheet, "sheet_state", "visible") != "visible" or not hasattr(sheet, "iter_rows"):
            continue
        marker: tuple[int, int] | None = None
        key_column = 0
        rows: list[_KeyRow] = []
        for number, cells in enumerate(
            sheet.iter_rows(min_row=1, max_row=limit, max_col=MAX_COLUMNS, values_only=True),
            start=1,
        ):
            if marker is None:
                for column, value in enumerate(cells, start=1):
                    found = MARKER_PATTERN.match(value) if isinstance(value, str) else None
                    if found and column > VALUE_BEFORE_KEY:
                        marker = (int(found.group(1)), int(found.group(2)))
                        key_column = column
                        break
                continue
            if len(cells) < key_column:
                continue
            key = cells[key_column - 1]
            if isinstance(key, str) and key.strip():
                value_column = key_column - VALUE_BEFORE_KEY
                rows.append(
                    _KeyRow(
                        number=number,
                        key=key.strip(),
                        value=cells[value_column - 1],
                        cell=f"{get_column_letter(value_column)}{number}",
                    )
                )
        if marker is not None:
            return marker, rows
    raise _Refused(
        _(
            "The file “%(file)s” is not a statistics table downloaded from this platform; "
            "download the template and fill that in."
        )
        % {"file": file_name}
    )


def _values_from_rows(definition: FormDefinition, rows: Iterable[_KeyRow]) -> ReadResult:
    raw: dict[str, object] = {}
    errors: list[CellError] = []
    cell_of: dict[str, str] = {}
    for row in rows:
        item = definition.by_key.get(row.key)
        if item is None:
            continue  # an item since removed from the form
        if row.key in cell_of:
            errors.append(
                CellError(
                    cell=row.cell,
                    key=row.key,
                    message=_("“%(item)s” appears again in this row; keep only one of its rows.")
                    % {"item": item.label},
                )
            )
            continue
        cell_of[row.key] = row.cell
        if not item.is_typed:
            continue
        value, message = _read_value(item, row.value)
        if message:
            errors.append(CellError(cell=row.cell, key=row.key, message=message))
        else:
            raw[row.key] = value
    for item in definition.fields:
        if item.is_typed and item.key not in cell_of:
            errors.append(
                CellError(
                    cell="",
                    key=item.key,
                    message=_("The row of “%(item)s” is missing.") % {"item": item.label},
                )
            )
    return ReadResult(raw=raw, errors=errors, cell_of=cell_of)


def _read_value(item: FieldDefinition, value: object) -> tuple[object, str]:
    """The value as validation should see it, or an error message about the cell."""
    if isinstance(value, str):
        value = value.strip()
        if value in EXCEL_ERRORS:
            return None, _(
                "“%(item)s” shows the Excel error %(error)s; correct the formula or enter the "
                "figure itself."
            ) % {"item": item.label, "error": value}
    if value is None or value == "":
        return None, ""
    if item.is_numeric:
        if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
            return None, _("“%(item)s” holds a date or a time; enter a number.") % {
                "item": item.label
            }
        if isinstance(value, bool):
            return None, _("“%(item)s” holds TRUE or FALSE; enter a number.") % {"item": item.label}
        return value, ""
    # Text and choices: Excel turns typed digits and dates into numbers and dates.
    if isinstance(value, bool):
        return str(value).upper(), ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value)), ""
    if isinstance(value, datetime.datetime):
        return (value.date() if value.time() == datetime.time() else value).isoformat(), ""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat(), ""
    return str(value), ""
