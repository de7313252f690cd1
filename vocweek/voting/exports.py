"""A selection's results as an Excel workbook (data in, bytes out).

Every text cell is text, so a name starting with "=" is never a formula.
"""

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vocweek.core.xlsx import ListSheet, file_part
from vocweek.voting.models import Selection
from vocweek.voting.queries import ResultLine, VoteTotals


def file_name(selection: Selection, as_of: datetime, zone: ZoneInfo) -> str:
    """评选结果-<title>-20210529-0930.xlsx, safe on every file system."""
    title = file_part(selection.title, 30, str(selection.pk))
    return f"评选结果-{title}-{as_of.astimezone(zone):%Y%m%d-%H%M}.xlsx"


def results_workbook(
    selection: Selection,
    lines: Sequence[ResultLine],
    totals: VoteTotals,
    *,
    as_of: datetime,
    zone: ZoneInfo,
) -> bytes:
    """One sheet: the selection, its totals and the moment on top, then a candidate a row."""
    sheet = ListSheet(
        _("Results"),
        [
            (_("Rank"), 8),
            (_("Name"), 16),
            (_("Nominated by"), 30),
            (_("Valid votes"), 14),
            (_("Votes set aside"), 16),
        ],
        freeze="A6",
    )
    sheet.title(selection.title)
    sheet.line(
        _("%(valid)d valid votes; %(aside)d votes set aside.")
        % {"valid": totals.valid, "aside": totals.set_aside}
    )
    sheet.line(_("State: %(state)s") % {"state": selection.get_state_display()})
    sheet.line(
        _("As of %(moment)s") % {"moment": date_format(as_of.astimezone(zone), "DATETIME_FORMAT")}
    )
    sheet.header()
    for line in lines:
        sheet.row([line.rank, line.name, line.unit, line.valid_votes, line.set_aside])
    return sheet.save()
