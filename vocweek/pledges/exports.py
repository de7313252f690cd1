"""A school's signers of a pledge as an Excel workbook (data in, bytes out).

Only number, name and time exist to export: the identifier a student signed with is never
stored. Every text cell is text, so a name starting with "=" is never a formula.
"""

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vocweek.core.xlsx import ListSheet, file_part
from vocweek.orgs.models import Unit
from vocweek.pledges.models import Pledge
from vocweek.pledges.queries import SignerLine


def file_name(pledge: Pledge, school: Unit, as_of: datetime, zone: ZoneInfo) -> str:
    """签署名单-<school>-<title>-20210524-0930.xlsx, safe on every file system."""
    title = file_part(pledge.title, 30, str(pledge.pk))
    unit = file_part(school.name, 30, str(school.pk))
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
    sheet = ListSheet(
        _("Signers"),
        [
            (_("Signer No."), 12),
            (_("Name"), 16),
            (_("Signed at (%(zone)s)") % {"zone": zone_label}, 20),
        ],
        freeze="A6",
    )
    sheet.title(pledge.title)
    sheet.line(school.name)
    sheet.line(_("%(count)d signers from this school.") % {"count": len(lines)})
    sheet.line(
        _("As of %(moment)s") % {"moment": date_format(as_of.astimezone(zone), "DATETIME_FORMAT")}
    )
    sheet.header()
    for line in lines:
        sheet.row([line.number, line.name, f"{line.signed_at.astimezone(zone):%Y-%m-%d %H:%M:%S}"])
    return sheet.save()
