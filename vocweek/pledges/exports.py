"""A school's signers of a pledge as an Excel workbook (data in, bytes out).

Only number, name and time exist to export: the identifier a student signed with is never
stored. Every text cell is text, so a name starting with "=" is never a formula.
"""

import io
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from vocweek.orgs.models import Unit
from vocweek.pledges.models import Pledge
from vocweek.pledges.queries import SignerLine

TEXT = "@"
TITLE_FONT = Font(bold=True, size=14)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F3DC9B")
CENTRED = Alignment(horizontal="center", vertical="center")
_UNSAFE_IN_NAMES = str.maketrans({character: "_" for character in '/\\:*?"<>|\0'})


def file_name(pledge: Pledge, school: Unit, as_of: datetime, zone: ZoneInfo) -> str:
    """签署名单-<school>-<title>-20210524-0930.xlsx, safe on every file system."""
    title = pledge.title.translate(_UNSAFE_IN_NAMES).strip(" .")[:30] or str(pledge.pk)
    unit = school.name.translate(_UNSAFE_IN_NAMES).strip(" .")[:30] or str(school.pk)
    return f"签署名单-{unit}-{title}-{as_of.astimezone(zone):%Y%m%d-%H%M}.xlsx"


def signers_workbook(
    pledge: Pledge,
    school: Unit,
    lines: Sequence[SignerLine],
    *,
    as_of: datetime,
    zone: ZoneInfo,
    zone_label: str,
) -> bytes:
    """One sheet: the pledge, the school and its count on top, then a signer a row."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Signers")[:31])
    headers = [
        (_("Signer No."), 12),
        (_("Name"), 16),
        (_("Signed at (%(zone)s)") % {"zone": zone_label}, 20),
    ]
    for number, (_header, width) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A6"

    def text(value: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        cell.number_format = TEXT
        return cell

    title = WriteOnlyCell(sheet, value=pledge.title)
    title.font = TITLE_FONT
    sheet.append([title])
    sheet.append([text(school.name)])
    sheet.append([text(_("%(count)d signers from this school.") % {"count": len(lines)})])
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
    for line in lines:
        sheet.append(
            [
                line.number,
                text(line.name),
                text(f"{line.signed_at.astimezone(zone):%Y-%m-%d %H:%M:%S}"),
            ]
        )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
