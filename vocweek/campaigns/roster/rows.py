"""Roster rows: finding the columns by their Chinese headers, normalising and checking each row.

Nothing here touches the database. Rows of the same unit (same name after normalisation) are
merged into one `RosterUnit`; rows that disagree about the unit are an error naming both rows.
Every error carries the row number Excel shows and names the column as the file's header says it.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from vocweek.campaigns.roster.columns import (
    CODE_MAX,
    COLUMN_BY_FIELD,
    EMAIL_MAX,
    HEADER_FIELDS,
    HEADER_RANK,
    KIND_NAMES,
    NAME_MAX,
    PERSON_MAX,
    REQUIRED_FIELDS,
    city_key,
    clean_email,
    clean_mobile,
    clean_name,
    clean_text,
    county_key,
    header_key,
    kind_from_text,
    name_key,
)
from vocweek.campaigns.roster.reading import TITLE_ROWS, RosterFileError, Sheet, SheetRow
from vocweek.core.phones import MOBILE


@dataclass(frozen=True)
class RowError:
    """Why one row (or two rows of the same unit) cannot be imported, as the user should read it."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Header:
    """Where the header row is and which column index holds each field (with its header text)."""

    row: int
    indexes: dict[str, int]
    headers: dict[str, str]

    def label(self, field: str) -> str:
        """The column's name as the file writes it, else the standard header."""
        return self.headers.get(field) or COLUMN_BY_FIELD[field].header


@dataclass(frozen=True)
class RosterRow:
    """One data row, normalised: unit fields and the liaison it names (any may be blank)."""

    row: int
    name: str
    code: str
    kind: str
    city: str
    county: str
    contact: str
    position: str
    mobile: str
    email: str


@dataclass(frozen=True)
class Contact:
    """A liaison named by a row."""

    row: int
    name: str
    position: str
    mobile: str
    email: str


@dataclass(frozen=True)
class RosterUnit:
    """One unit of the file, merged from all its rows, with the liaisons those rows name."""

    key: str
    name: str
    code: str
    kind: str
    city: str
    county: str
    rows: tuple[int, ...]
    contacts: tuple[Contact, ...]

    @property
    def row(self) -> int:
        return self.rows[0]


@dataclass(frozen=True)
class ParsedRoster:
    """The header, the units and the errors of a roster sheet; `rows` counts its data rows."""

    sheet: str
    header: Header
    rows: int
    units: tuple[RosterUnit, ...]
    errors: tuple[RowError, ...]
    rejected: tuple[RosterUnit, ...] = ()
    """Units of rows that failed a field check, still placed in the tree to report every problem."""


def find_header(sheet: Sheet) -> Header | None:
    """The row among the first ones that names the most known columns, the unit name among them."""
    best: Header | None = None
    for sheet_row in sheet.rows[:TITLE_ROWS]:
        found: dict[str, tuple[int, int]] = {}
        headers: dict[str, str] = {}
        for index, value in enumerate(sheet_row.cells):
            match = HEADER_RANK.get(header_key(value))
            if match is None:
                continue
            field, rank = match
            if field not in found or rank < found[field][1]:
                found[field] = (index, rank)
                headers[field] = clean_text(value)
        if "name" in found and len(found) >= 2 and (best is None or len(found) > len(best.indexes)):
            indexes = {field: index for field, (index, _rank) in found.items()}
            best = Header(row=sheet_row.number, indexes=indexes, headers=headers)
    return best


def parse_roster(*, file_name: str, sheets: list[Sheet]) -> ParsedRoster:
    """Read the first sheet that has a header row: normalise and check rows, merge duplicates.

    Raises RosterFileError when no sheet has a header, a required column is missing, or the sheet
    has more rows than an import takes.
    """
    for sheet in sheets:
        header = find_header(sheet)
        if header is not None:
            break
    else:
        raise RosterFileError(
            _(
                "No header row found in the first %(count)s rows of “%(file)s”: the roster needs "
                "columns such as %(columns)s."
            )
            % {"count": TITLE_ROWS, "file": file_name, "columns": "、".join(HEADER_FIELDS[:6])}
        )
    missing = [
        COLUMN_BY_FIELD[field].header for field in REQUIRED_FIELDS if field not in header.indexes
    ]
    if missing:
        raise RosterFileError(
            _("The roster “%(file)s” has no column %(columns)s (header in row %(row)s).")
            % {"file": file_name, "columns": "、".join(missing), "row": header.row}
        )
    rows: list[RosterRow] = []
    errors: list[RowError] = []
    for sheet_row in sheet.rows:
        if sheet_row.number <= header.row:
            continue
        row = _normalise(sheet_row, header)
        if row is None:
            continue
        rows.append(row)
        errors.extend(_check(row, header))
    if len(rows) > settings.VOCWEEK_IMPORT_MAX_ROWS:
        raise RosterFileError(
            _(
                "The roster “%(file)s” has %(count)s rows; at most %(limit)s can be imported at once."
            )
            % {"file": file_name, "count": len(rows), "limit": settings.VOCWEEK_IMPORT_MAX_ROWS}
        )
    invalid_rows = {error.row for error in errors}
    units, merge_errors = _merge([row for row in rows if row.row not in invalid_rows], header)
    return ParsedRoster(
        sheet=sheet.title,
        header=header,
        rows=len(rows),
        units=tuple(units),
        errors=tuple(sorted(errors + merge_errors, key=lambda error: error.row)),
        rejected=tuple(
            _rejected_unit(row)
            for row in rows
            if row.row in invalid_rows and row.name and kind_from_text(row.kind)
        ),
    )


def _rejected_unit(row: RosterRow) -> RosterUnit:
    return RosterUnit(
        key=name_key(row.name),
        name=row.name,
        code=row.code,
        kind=kind_from_text(row.kind) or "",
        city=row.city,
        county=row.county,
        rows=(row.row,),
        contacts=(),
    )


def _normalise(sheet_row: SheetRow, header: Header) -> RosterRow | None:
    """The row's fields cleaned; None for a row blank in every roster column (e.g. only 序号)."""

    def value(field: str) -> object:
        index = header.indexes.get(field)
        return (
            sheet_row.cells[index] if index is not None and index < len(sheet_row.cells) else None
        )

    row = RosterRow(
        row=sheet_row.number,
        name=clean_name(value("name")),
        code=name_key(value("code")).upper(),
        kind=clean_name(value("kind")),
        city=clean_name(value("city")),
        county=clean_name(value("county")),
        contact=clean_name(value("contact")),
        position=clean_name(value("position")),
        mobile=clean_mobile(value("mobile")),
        email=clean_email(value("email")),
    )
    fields = (row.name, row.code, row.kind, row.city, row.county, row.contact, row.position)
    if not any((*fields, row.mobile, row.email)):
        return None
    if header_key(row.name) in HEADER_RANK and HEADER_RANK[header_key(row.name)][0] == "name":
        return None  # the header repeated (a second table, or a printed page header)
    return row


def _check(row: RosterRow, header: Header) -> list[RowError]:
    errors: list[RowError] = []

    def error(field: str, message: str, **values: object) -> None:
        column = header.label(field)
        errors.append(
            RowError(
                row=row.row,
                column=column,
                message=message % {"row": row.row, "column": column, **values},
            )
        )

    if not row.name:
        error("name", _("Row %(row)s: %(column)s is empty."))
    elif len(row.name) > NAME_MAX:
        error(
            "name",
            _("Row %(row)s: %(column)s is longer than %(limit)s characters."),
            limit=NAME_MAX,
        )
    if not row.kind:
        error("kind", _("Row %(row)s: %(column)s is empty."))
    elif kind_from_text(row.kind) is None:
        error(
            "kind",
            _(
                "Row %(row)s: %(column)s “%(value)s” is not a known kind of unit (use one of %(kinds)s)."
            ),
            value=row.kind,
            kinds="、".join(names[0] for names in KIND_NAMES.values()),
        )
    if len(row.code) > CODE_MAX:
        error(
            "code",
            _("Row %(row)s: %(column)s is longer than %(limit)s characters."),
            limit=CODE_MAX,
        )
    if row.mobile and not MOBILE.fullmatch(row.mobile):
        error(
            "mobile",
            _("Row %(row)s: %(column)s “%(value)s” is not an 11-digit mobile number."),
            value=row.mobile,
        )
    if row.email:
        try:
            if len(row.email) > EMAIL_MAX:
                raise ValidationError("too long")
            validate_email(row.email)
        except ValidationError:
            error(
                "email",
                _("Row %(row)s: %(column)s “%(value)s” is not a valid e-mail address."),
                value=row.email,
            )
    if (row.mobile or row.email) and not row.contact:
        error(
            "contact", _("Row %(row)s: %(column)s is empty although a mobile or e-mail is given.")
        )
    for field in ("contact", "position"):
        if len(getattr(row, field)) > PERSON_MAX:
            error(
                field,
                _("Row %(row)s: %(column)s is longer than %(limit)s characters."),
                limit=PERSON_MAX,
            )
    return errors


def _merge(rows: list[RosterRow], header: Header) -> tuple[list[RosterUnit], list[RowError]]:
    """Group rows by unit name; rows that disagree about the unit or a liaison are errors."""
    groups: dict[str, list[RosterRow]] = {}
    for row in rows:
        groups.setdefault(name_key(row.name), []).append(row)
    units: list[RosterUnit] = []
    errors: list[RowError] = []
    for key, group in groups.items():
        first = group[0]
        unit_fields = {
            "kind": kind_from_text(first.kind),
            "city": city_key(first.city),
            "county": county_key(first.county),
            "code": first.code,
        }
        shown = {"kind": first.kind, "city": first.city, "county": first.county, "code": first.code}
        unit_errors: list[RowError] = []
        for row in group[1:]:
            theirs = {
                "kind": kind_from_text(row.kind),
                "city": city_key(row.city),
                "county": county_key(row.county),
                "code": row.code,
            }
            for field, value in theirs.items():
                if not value:
                    continue
                if not unit_fields[field]:
                    unit_fields[field], shown[field] = value, getattr(row, field)
                elif unit_fields[field] != value:
                    unit_errors.append(
                        _disagreement(
                            header,
                            field,
                            first.name,
                            shown[field],
                            getattr(row, field),
                            _first_row_with(group, field, unit_fields[field]),
                            row.row,
                        )
                    )
        contacts, contact_errors = _merge_contacts(group, header)
        errors.extend(unit_errors + contact_errors)
        if unit_errors or contact_errors:
            continue
        units.append(
            RosterUnit(
                key=key,
                name=first.name,
                code=shown["code"],
                kind=unit_fields["kind"] or "",
                city=shown["city"],
                county=shown["county"],
                rows=tuple(row.row for row in group),
                contacts=tuple(contacts),
            )
        )
    return units, errors


def _first_row_with(group: list[RosterRow], field: str, key: str) -> int:
    normalise = {"kind": kind_from_text, "city": city_key, "county": county_key}.get(field, str)
    return next(
        row.row for row in group if getattr(row, field) and normalise(getattr(row, field)) == key
    )


def _disagreement(
    header: Header,
    field: str,
    name: str,
    first_value: str,
    second_value: str,
    first_row: int,
    second_row: int,
) -> RowError:
    column = header.label(field)
    return RowError(
        row=first_row,
        column=column,
        message=_(
            "Rows %(first)s and %(second)s: “%(name)s” appears twice with different %(column)s "
            "(“%(first_value)s” and “%(second_value)s”)."
        )
        % {
            "first": first_row,
            "second": second_row,
            "name": name,
            "column": column,
            "first_value": first_value,
            "second_value": second_value,
        },
    )


def _merge_contacts(group: list[RosterRow], header: Header) -> tuple[list[Contact], list[RowError]]:
    """The unit's liaisons: one per contact name, details filled from every row naming them."""
    contacts: dict[str, Contact] = {}
    errors: list[RowError] = []
    for row in group:
        if not row.contact:
            continue
        key = name_key(row.contact)
        known = contacts.get(key)
        if known is None:
            contacts[key] = Contact(row.row, row.contact, row.position, row.mobile, row.email)
            continue
        merged = {}
        for field in ("position", "mobile", "email"):
            mine, theirs = getattr(known, field), getattr(row, field)
            if mine and theirs and mine != theirs:
                errors.append(
                    _disagreement(header, field, row.contact, mine, theirs, known.row, row.row)
                )
            merged[field] = mine or theirs
        contacts[key] = Contact(known.row, known.name, **merged)
    return list(contacts.values()), errors
