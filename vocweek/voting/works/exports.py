"""A works collection's results as an Excel workbook (data in, bytes out).

Every text cell is text, so a title starting with "=" is never a formula.
"""

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vocweek.core.xlsx import ListSheet, file_part
from vocweek.voting.works.models import Collection
from vocweek.voting.works.queries import ResultLine


def file_name(collection: Collection, as_of: datetime, zone: ZoneInfo) -> str:
    """作品征集结果-<title>-20210601-0930.xlsx, safe on every file system."""
    title = file_part(collection.title, 30, str(collection.pk))
    return f"作品征集结果-{title}-{as_of.astimezone(zone):%Y%m%d-%H%M}.xlsx"


def results_workbook(
    collection: Collection, lines: Sequence[ResultLine], *, as_of: datetime, zone: ZoneInfo
) -> bytes:
    """One sheet: the collection, its state and the moment on top, then an entry a row,
    category by category in ranking order."""
    sheet = ListSheet(
        _("Results"),
        [
            (_("Category"), 14),
            (_("Rank"), 8),
            (_("Entry number"), 10),
            (_("Title"), 36),
            (_("Unit"), 30),
            (_("Authors"), 36),
            (_("Average score"), 12),
            (_("Score sheets"), 10),
            (_("Award"), 12),
        ],
        freeze="A5",
    )
    sheet.title(collection.title)
    sheet.line(_("State: %(state)s") % {"state": collection.get_state_display()})
    sheet.line(
        _("As of %(moment)s") % {"moment": date_format(as_of.astimezone(zone), "DATETIME_FORMAT")}
    )
    sheet.header()
    for line in lines:
        rank = ""
        if line.rank is not None:
            rank = _("%(rank)d (tie)") % {"rank": line.rank} if line.tied else line.rank
        sheet.row(
            [
                line.category,
                rank,
                line.code,
                line.title,
                line.unit,
                line.authors,
                float(line.average) if line.average is not None else None,
                line.sheets,
                line.award,
            ]
        )
    return sheet.save()
