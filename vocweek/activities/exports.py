"""An activity's registrations and attendance as an Excel workbook (data in, bytes out).

Mobiles arrive already masked or not: who may read them is the view's question
(`activities.manage_registrations`), not this module's. Every cell is text, so a mobile reads
13812345678 and a name starting with "=" is never a formula.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from vocweek.activities.models import Activity
from vocweek.activities.queries import Attendance

TEXT = "@"
TITLE_FONT = Font(bold=True, size=14)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F3DC9B")
CENTRED = Alignment(horizontal="center", vertical="center")
_UNSAFE_IN_NAMES = str.maketrans({character: "_" for character in '/\\:*?"<>|\0'})


@dataclass(frozen=True)
class RegistrationLine:
    """One registration as a list or a workbook shows it (mobile masked or not)."""

    pk: int
    name: str
    mobile: str
    party_size: int
    state: str
    state_label: str
    registered_at: datetime
    checked_in_at: datetime | None


def file_name(activity: Activity, as_of: datetime, zone: ZoneInfo) -> str:
    """报名与签到-<title>-20210524-0930.xlsx, safe on every file system."""
    title = activity.title.translate(_UNSAFE_IN_NAMES).strip(" .")[:40] or str(activity.pk)
    return f"报名与签到-{title}-{as_of.astimezone(zone):%Y%m%d-%H%M}.xlsx"


def _moment(moment: datetime | None, zone: ZoneInfo) -> str:
    return f"{moment.astimezone(zone):%Y-%m-%d %H:%M}" if moment else ""


def registrations_workbook(
    activity: Activity,
    lines: Sequence[RegistrationLine],
    attendance: Attendance,
    *,
    as_of: datetime,
    zone: ZoneInfo,
    zone_label: str,
) -> bytes:
    """One sheet: the activity and its attendance figures on top, then a registration a row."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Registrations")[:31])
    headers = [
        (_("No."), 6),
        (_("Name"), 14),
        (_("Mobile"), 14),
        (_("People"), 8),
        (_("State"), 12),
        (_("Registered at (%(zone)s)") % {"zone": zone_label}, 19),
        (_("Checked in at (%(zone)s)") % {"zone": zone_label}, 19),
    ]
    for number, (_header, width) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "B6"

    def text(value: str) -> Cell | None:
        if value == "":
            return None
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        cell.number_format = TEXT
        return cell

    title = WriteOnlyCell(sheet, value=activity.title)
    title.font = TITLE_FONT
    sheet.append([title])
    sheet.append(
        [
            text(
                _("%(start)s – %(end)s (%(zone)s) · %(unit)s")
                % {
                    "start": _moment(activity.starts_at, zone),
                    "end": _moment(activity.ends_at, zone),
                    "zone": zone_label,
                    "unit": activity.unit.name,
                }
            )
        ]
    )
    sheet.append(
        [
            text(
                _(
                    "Confirmed: %(registrations)d registrations, %(people)d people; checked in: "
                    "%(checked_in)d registrations, %(people_checked_in)d people."
                )
                % {
                    "registrations": attendance.registrations,
                    "people": attendance.people,
                    "checked_in": attendance.checked_in,
                    "people_checked_in": attendance.people_checked_in,
                }
            )
        ]
    )
    sheet.append(
        [
            text(
                _("As of %(moment)s")
                % {"moment": date_format(as_of.astimezone(zone), "DATETIME_FORMAT")}
            )
        ]
    )
    header_cells = []
    for header, _width in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, CENTRED
        header_cells.append(cell)
    sheet.append(header_cells)
    for number, line in enumerate(lines, start=1):
        sheet.append(
            [
                number,
                text(line.name),
                text(line.mobile),
                line.party_size,
                text(line.state_label),
                text(_moment(line.registered_at, zone)),
                text(_moment(line.checked_in_at, zone)),
            ]
        )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
