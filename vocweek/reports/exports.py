"""The completeness matrix and the ranking as Excel workbooks (data in, bytes out).

Written in openpyxl's write-only mode, with one shared style per kind of cell, so that 11,000
units export in about a second. Headers are the active language's (Chinese by default); each sheet
has a title row naming the campaign and the moment, and its header row and first column frozen.
"""

import io
from collections.abc import Callable, Sequence
from copy import copy
from datetime import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from vocweek.reports.enums import AdoptionLevel
from vocweek.reports.queries import (
    CELL_LABELS,
    LATE,
    LEVEL_ORDER,
    MISSING,
    REPORTED,
    TODAY,
    UPCOMING,
    CompletenessMatrix,
    DayColumn,
    GroupRow,
    Ranking,
)

PERCENT = "0.0%"
DAY_FORMAT_CONTEXT = "month and day (Django date format)"  # as the report forms' day choices
CENTRED = Alignment(horizontal="center", vertical="center")
TITLE_FONT = Font(bold=True, size=14)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F3DC9B")
# Fill and text colour of each cell state (the same hues as the web page).
CELL_STYLES = {
    state: (PatternFill("solid", fgColor=fill), Font(color=colour, bold=state != UPCOMING))
    for state, fill, colour in (
        (REPORTED, "E5F3EA", "1D6B40"),
        (LATE, "FDF0C8", "7D5B0C"),
        (MISSING, "FBDADA", "9F1D20"),
        (TODAY, "E9EEF6", "34496F"),
        (UPCOMING, "F2F2F2", "8C8C8C"),
    )
}


def cell_symbols() -> dict[str, str]:
    """The symbol of each cell state, in the active language (colour is never the only sign)."""
    return {
        REPORTED: pgettext("completeness cell: reported on time", "✓"),
        LATE: pgettext("completeness cell: reported late", "L"),
        MISSING: pgettext("completeness cell: missing", "✗"),
        TODAY: pgettext("completeness cell: due today, not yet reported", "○"),
        UPCOMING: pgettext("completeness cell: not yet due", "·"),
    }


def day_heading(column: DayColumn) -> str:
    return _("Day %(number)s · %(date)s") % {
        "number": column.number,
        "date": date_format(column.day, pgettext(DAY_FORMAT_CONTEXT, "N j")),
    }


def _save(workbook: Workbook) -> bytes:
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _sheet(
    workbook: Workbook,
    title: str,
    heading: str,
    note: str,
    headers: Sequence[str],
    widths: Sequence[float],
    frozen_columns: int = 1,
) -> WriteOnlyWorksheet:
    """A sheet with its title row, a note row, and its header row and first columns frozen."""
    sheet = workbook.create_sheet(title[:31])
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = f"{get_column_letter(frozen_columns + 1)}4"
    title_cell = WriteOnlyCell(sheet, value=heading)
    title_cell.font = TITLE_FONT
    sheet.append([title_cell])
    sheet.append([note])
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = CENTRED
        header_cells.append(cell)
    sheet.append(header_cells)
    return sheet


def _like(prototype: Cell, value: object) -> Cell:
    """A new cell styled as `prototype`. Copying the style's index array is what openpyxl does
    to copy a style; setting fill, font and format on each of 100,000 cells would cost seconds."""
    cell = WriteOnlyCell(prototype.parent, value=value)
    cell._style = copy(prototype._style)
    return cell


def _percent_cells(sheet: WriteOnlyWorksheet) -> Callable[[float | None], Cell | str]:
    """A maker of percentage cells for `sheet` (a dash where there is no rate)."""
    prototype = WriteOnlyCell(sheet)
    prototype.number_format = PERCENT

    def percent(rate: float | None) -> Cell | str:
        return "—" if rate is None else _like(prototype, rate)

    return percent


def _as_of(moment: datetime) -> str:
    return _("As of %(moment)s") % {"moment": date_format(moment, "DATETIME_FORMAT")}


def completeness_workbook(matrix: CompletenessMatrix, *, title: str, as_of: datetime) -> bytes:
    """Two sheets: units × days with coloured symbols and rates, then the groups and the total."""
    workbook = Workbook(write_only=True)
    symbols = cell_symbols()
    legend = "  ".join(f"{symbols[state]} {CELL_LABELS[state]}" for state in CELL_STYLES)
    note = _("%(as_of)s · at least %(quota)s reports a day · %(legend)s") % {
        "as_of": _as_of(as_of),
        "quota": matrix.quota,
        "legend": legend,
    }
    day_headers = [day_heading(column) for column in matrix.days]
    headers = [
        _("Unit"),
        _("City"),
        _("Kind"),
        *day_headers,
        _("On time"),
        _("Late"),
        _("Missing"),
        _("Days due"),
        _("Completeness"),
        _("Timeliness"),
    ]
    widths = [36, 14, 16, *([11] * len(day_headers)), 8, 8, 8, 9, 11, 11]
    sheet = _sheet(
        workbook,
        _("Reporting completeness"),
        _("%(campaign)s: completeness of information reporting") % {"campaign": title},
        note,
        headers,
        widths,
    )

    prototypes = {}
    for state, (fill, font) in CELL_STYLES.items():
        prototype = prototypes[state] = WriteOnlyCell(sheet, value=symbols[state])
        prototype.fill, prototype.font, prototype.alignment = fill, font, CENTRED

    def symbol_cell(state: str) -> Cell:
        return _like(prototypes[state], symbols[state])

    percent = _percent_cells(sheet)
    for row in matrix.rows:
        sheet.append(
            [
                row.name,
                row.group_name,
                row.kind_label,
                *(symbol_cell(state) for state in row.cells),
                row.reported,
                row.late,
                row.missing,
                row.due,
                percent(row.completeness),
                percent(row.timeliness),
            ]
        )
    _group_sheet(workbook, matrix, title=title, note=note)
    return _save(workbook)


def _group_sheet(workbook: Workbook, matrix: CompletenessMatrix, *, title: str, note: str) -> None:
    headers = [
        _("City"),
        _("Number of units"),
        *(day_heading(column) for column in matrix.days),
        _("On time"),
        _("Late"),
        _("Missing"),
        _("Days due"),
        _("Completeness"),
        _("Timeliness"),
    ]
    widths = [20, 8, *([11] * len(matrix.days)), 9, 9, 9, 9, 11, 11]
    sheet = _sheet(
        workbook,
        _("By city"),
        _("%(campaign)s: completeness by city") % {"campaign": title},
        note + " · " + _("day columns: units that met the quota"),
        headers,
        widths,
    )

    percent = _percent_cells(sheet)

    def line(group: GroupRow, name: str) -> list:
        return [
            name,
            group.units,
            *group.met_by_day,
            group.reported,
            group.late,
            group.missing,
            group.due,
            percent(group.completeness),
            percent(group.timeliness),
        ]

    for group in matrix.groups:
        sheet.append(line(group, group.name))
    total = line(matrix.total, _("Total"))
    total[0] = WriteOnlyCell(sheet, value=total[0])
    total[0].font = HEADER_FONT
    sheet.append(total)


def ranking_workbook(ranking: Ranking, *, title: str, as_of: datetime) -> bytes:
    """The ranking with the figures its points come from, then the units without a report."""
    workbook = Workbook(write_only=True)
    rules = ranking.rules
    level_labels = [str(AdoptionLevel(level).label) for level in LEVEL_ORDER]
    note = _(
        "%(as_of)s · points: %(met)s a day met on time, %(late)s a day met late, "
        "%(missing)s a day missing, %(submitted)s a report, %(featured)s a featured report; "
        "an adopted report counts its highest level only"
    ) % {
        "as_of": _as_of(as_of),
        "met": rules.points_per_day_met,
        "late": rules.points_per_late_day,
        "missing": rules.points_per_missing_day,
        "submitted": rules.points_per_submitted,
        "featured": rules.points_per_featured,
    }
    headers = [
        _("Rank"),
        _("Unit"),
        _("City"),
        _("Reports filed"),
        *(_("Adopted: %(label)s") % {"label": label} for label in level_labels),
        _("Featured"),
        _("Days on time"),
        _("Days late"),
        _("Days missing"),
        _("Points"),
    ]
    widths = [7, 36, 14, 10, *([14] * len(level_labels)), 9, 10, 9, 10, 9]
    sheet = _sheet(
        workbook,
        _("Ranking"),
        _("%(campaign)s: ranking of information reporting") % {"campaign": title},
        note,
        headers,
        widths,
        frozen_columns=2,
    )
    for row in ranking.rows:
        sheet.append(
            [
                row.rank,
                row.name,
                row.group,
                row.filed,
                *(row.adopted_by_level[level] for level in LEVEL_ORDER),
                row.featured,
                row.days_met,
                row.days_late,
                row.days_missing,
                row.points,
            ]
        )
    unreported = _sheet(
        workbook,
        _("Units without reports"),
        _("%(campaign)s: units that filed no report") % {"campaign": title},
        _as_of(as_of),
        [_("Unit")],
        [40],
    )
    for name in ranking.unreported:
        unreported.append([name])
    return _save(workbook)
