"""Activity plans as files (data in, bytes out): every filed document in one ZIP, and the list of
topic websites and liaisons as an Excel workbook.

Both group units as the other console pages do: under their city bureau when they lie in its
subtree, under 省直单位 otherwise (a province-direct school located in a city is still
province-direct). The ZIP is written to an unseekable stream and handed out chunk by chunk, so a
province's worth of documents never sits in memory; entry names are UTF-8
("太原市教育局/太原市第一职业中学-活动方案.docx").
"""

import io
import logging
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from vocweek.campaigns.models import Liaison
from vocweek.orgs.models import Unit
from vocweek.plans.models import ActivityPlan
from vocweek.plans.queries import PROVINCE_DIRECT, PlanRow

logger = logging.getLogger(__name__)

# The word every downloaded plan is named with, after the unit: 太原市第一职业中学-活动方案.pdf.
PLAN_FILE_WORD = "活动方案"
CHUNK_BYTES = 64 * 1024
# Formats that are ZIP containers already gain nothing from a second compression.
STORED_SUFFIXES = {".docx"}
_UNSAFE_IN_NAMES = str.maketrans({character: "_" for character in '/\\:*?"<>|\0'})

TEXT = "@"
TITLE_FONT = Font(bold=True, size=14)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F3DC9B")
CENTRED = Alignment(horizontal="center", vertical="center")


def city_choices(rows: Iterable[PlanRow]) -> list[tuple[str, str]]:
    """The groups of the rows, cities in tree order and 省直单位 last (for a filter)."""
    seen: dict[str, str] = {}
    for row in rows:
        group = row.city
        seen.setdefault(group.key, group.name)
    direct = seen.pop(PROVINCE_DIRECT, None)
    choices = list(seen.items())
    if direct is not None:
        choices.append((PROVINCE_DIRECT, direct))
    return choices


def _safe(text: str) -> str:
    return text.translate(_UNSAFE_IN_NAMES).strip(" .") or "_"


def document_file_name(unit: Unit, suffix: str) -> str:
    """The name a plan's document is downloaded as: 太原市第一职业中学-活动方案.docx."""
    return f"{_safe(unit.name)}-{PLAN_FILE_WORD}{suffix}"


def latest_liaison(row: PlanRow) -> Liaison | None:
    """The liaison the unit named last (the one filed with its plan), or None."""
    return row.liaisons[0] if row.liaisons else None


# ---------------------------------------------------------------------------------------------
# The ZIP of documents


@dataclass(frozen=True)
class ZipEntry:
    """One file of the ZIP: its name inside the archive, how to open it, and when it changed."""

    name: str
    open: Callable[[], BinaryIO]
    modified: datetime


def _opener(plan: ActivityPlan) -> Callable[[], BinaryIO]:
    def open_document() -> BinaryIO:
        return plan.document.storage.open(plan.document.name, "rb")

    return open_document


def zip_entries(rows: Iterable[PlanRow], zone: ZoneInfo) -> list[ZipEntry]:
    """An entry per filed plan, "<city>/<unit>-活动方案<suffix>", names made unique."""
    entries: list[ZipEntry] = []
    taken: set[str] = set()
    for row in rows:
        plan = row.plan
        if plan is None or not plan.document.name:
            continue
        folder = _safe(row.city.name)
        stem = f"{folder}/{_safe(row.unit.name)}-{PLAN_FILE_WORD}"
        name, number = f"{stem}{plan.document_suffix}", 1
        while name.casefold() in taken:  # two units of one name in one city
            number += 1
            name = f"{stem} ({number}){plan.document_suffix}"
        taken.add(name.casefold())
        entries.append(ZipEntry(name, _opener(plan), plan.replaced_at.astimezone(zone)))
    return entries


class _Sink(io.RawIOBase):
    """An unseekable stream that collects what zipfile writes until it is taken."""

    def __init__(self) -> None:
        super().__init__()
        self._data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._data += data
        return len(data)

    def take(self) -> bytes:
        chunk = bytes(self._data)
        self._data.clear()
        return chunk


def stream_zip(entries: Iterable[ZipEntry]) -> Iterator[bytes]:
    """The ZIP of `entries`, chunk by chunk; a file gone from storage is left out (and logged)."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry in entries:
            try:
                source = entry.open()
            except OSError:
                logger.warning("Plan document missing from storage: %s", entry.name)
                continue
            info = zipfile.ZipInfo(entry.name, date_time=entry.modified.timetuple()[:6])
            suffix = entry.name[entry.name.rfind(".") :].lower()
            info.compress_type = (
                zipfile.ZIP_STORED if suffix in STORED_SUFFIXES else zipfile.ZIP_DEFLATED
            )
            with source, archive.open(info, "w") as target:
                while block := source.read(CHUNK_BYTES):
                    target.write(block)
                    if chunk := sink.take():
                        yield chunk
            if chunk := sink.take():
                yield chunk
    yield sink.take()


# ---------------------------------------------------------------------------------------------
# The list of topic websites and liaisons


def _moment(moment: datetime | None, zone: ZoneInfo) -> str:
    return f"{moment.astimezone(zone):%Y-%m-%d %H:%M}" if moment else ""


def plans_workbook(
    rows: Sequence[PlanRow], *, title: str, as_of: datetime, zone: ZoneInfo, zone_label: str
) -> bytes:
    """One sheet, a unit a row: city, unit, standing, when filed, the topic website and its check,
    and the liaison. Every cell is text, so mobiles read 13812345678 and nothing is a formula."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Topic websites")[:31])
    headers = [
        (_("City"), 14),
        (_("Unit"), 34),
        (_("Standing"), 10),
        (_("Filed at (%(zone)s)") % {"zone": zone_label}, 17),
        (_("Last replaced (%(zone)s)") % {"zone": zone_label}, 17),
        (_("Topic website"), 40),
        (_("Website check"), 12),
        (_("Page title"), 30),
        (_("Liaison"), 10),
        (_("Mobile"), 14),
        (_("E-mail"), 26),
        (_("Job title"), 14),
    ]
    for number, (_header, width) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "C4"

    title_cell = WriteOnlyCell(
        sheet, value=_("%(campaign)s: topic websites and liaisons") % {"campaign": title}
    )
    title_cell.font = TITLE_FONT
    sheet.append([title_cell])
    sheet.append(
        [_("As of %(moment)s") % {"moment": date_format(as_of.astimezone(zone), "DATETIME_FORMAT")}]
    )
    header_cells = []
    for header, _width in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, CENTRED
        header_cells.append(cell)
    sheet.append(header_cells)

    def text(value: str) -> Cell | None:
        if not value:
            return None
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # a value starting with "=" stays text
        cell.number_format = TEXT
        return cell

    for row in rows:
        plan = row.plan
        liaison = latest_liaison(row)
        sheet.append(
            [
                text(row.city.name),
                text(row.unit.name),
                text(str(row.standing.label)),
                text(_moment(plan.filed_at, zone) if plan else ""),
                text(_moment(plan.replaced_at, zone) if plan else ""),
                text(plan.topic_website if plan else ""),
                text(plan.get_website_status_display() if plan else ""),
                text(plan.website_title if plan else ""),
                text(liaison.name if liaison else ""),
                text(liaison.mobile if liaison else ""),
                text(liaison.email if liaison else ""),
                text(liaison.position if liaison else ""),
            ]
        )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
