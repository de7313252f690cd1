"""An activity's registrations and attendance as an Excel workbook (data in, bytes out).

Mobiles arrive already masked or not: who may read them is the view's question
(`activities.manage_registrations`), not this module's. Every cell is text, so a mobile reads
13812345678 and a name starting with "=" is never a formula.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vocweek.activities.models import Activity
from vocweek.activities.queries import Attendance
from vocweek.core.xlsx import ListSheet, file_part


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
    title = file_part(activity.title, 40, str(activity.pk))
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
    sheet = ListSheet(
        _("Registrations"),
        [
            (_("No."), 6),
            (_("Name"), 14),
            (_("Mobile"), 14),
            (_("People"), 8),
            (_("State"), 12),
            (_("Registered at (%(zone)s)") % {"zone": zone_label}, 19),
            (_("Checked in at (%(zone)s)") % {"zone": zone_label}, 19),
        ],
        freeze="B6",
    )
    sheet.title(activity.title)
    sheet.line(
        _("%(start)s – %(end)s (%(zone)s) · %(unit)s")
        % {
            "start": _moment(activity.starts_at, zone),
            "end": _moment(activity.ends_at, zone),
            "zone": zone_label,
            "unit": activity.unit.name,
        }
    )
    sheet.line(
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
    sheet.line(
        _("As of %(moment)s") % {"moment": date_format(as_of.astimezone(zone), "DATETIME_FORMAT")}
    )
    sheet.header()
    for number, line in enumerate(lines, start=1):
        sheet.row(
            [
                number,
                line.name,
                line.mobile,
                line.party_size,
                line.state_label,
                _moment(line.registered_at, zone),
                _moment(line.checked_in_at, zone),
            ]
        )
    return sheet.save()
