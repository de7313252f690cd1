"""Reads for a unit's own reports: its reports of a campaign by day, what each day still needs.

Days are the campaign's days in its own time zone; "today" is the day a report filed now would
count for (the campaign's cut-off included), so the list and `submit_report` always agree.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Prefetch, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vocweek.campaigns.models import Campaign, ListedActivity
from vocweek.core import clock
from vocweek.orgs.models import Unit
from vocweek.reports.enums import MediaKind, State
from vocweek.reports.models import Report, ReportEvent, ReportMedia

EVENT_ACTIONS: dict[str, Promise] = {
    "submit": _("submitted"),
    "withdraw": _("withdrew"),
    "city_approve": _("passed city review"),
    "return": _("returned for changes"),
    "adopt": _("adopted"),
    "decline": _("did not adopt"),
    "feature": _("featured in the publicity column"),
    "unfeature": _("took out of the publicity column"),
}


@dataclass(frozen=True)
class DayStatus:
    """One day of the week as the unit sees it: its filed reports against the daily quota."""

    day: date
    number: int
    quota: int
    filed: int
    reports: tuple[Report, ...]
    is_today: bool
    is_past: bool

    @property
    def met(self) -> bool:
        return self.filed >= self.quota

    @property
    def is_future(self) -> bool:
        return not (self.is_today or self.is_past)

    @property
    def missing(self) -> int:
        return max(self.quota - self.filed, 0)

    @property
    def state(self) -> str:
        """met · missing (a past day short of its quota) · open (today, short) · upcoming."""
        if self.met:
            return "met"
        if self.is_past:
            return "missing"
        return "open" if self.is_today else "upcoming"


@dataclass(frozen=True)
class UnitReports:
    """A unit's reports in a campaign: what needs its attention, then the week day by day."""

    to_do: tuple[Report, ...]
    days: tuple[DayStatus, ...]
    outside_week: tuple[Report, ...]
    today: DayStatus | None


@dataclass(frozen=True)
class HistoryLine:
    """One step of a report's history: who did what, when, with the note."""

    at: datetime
    actor: str
    action: str
    note: str
    to_state: str


def reporting_today(campaign: Campaign) -> date:
    """The day a report submitted now counts for."""
    return campaign.report_day(clock.now())


def unit_reports(user, campaign: Campaign, unit: Unit) -> UnitReports:
    """The unit's reports that `user` may see, drafts and returned on top, then the week by day.

    Every filed report (returned ones included: they keep their day) counts for its day's quota.
    """
    today = reporting_today(campaign)
    reports = list(
        Report.objects.visible_to(user)
        .filter(campaign=campaign, unit=unit)
        .select_related("listed_activity", "author")
        .annotate(
            photo_count=Count("media", filter=Q(media__kind=MediaKind.PHOTO)),
            video_count=Count("media", filter=Q(media__kind=MediaKind.VIDEO)),
        )
        .order_by("-updated_at", "-pk")
    )
    to_do = tuple(report for report in reports if report.state in (State.DRAFT, State.RETURNED))
    filed = [report for report in reports if report.state in State.filed() and report.day]
    by_day: dict[date, list[Report]] = {}
    for report in sorted(filed, key=lambda report: (report.submitted_at, report.pk)):
        by_day.setdefault(report.day, []).append(report)
    days = tuple(
        DayStatus(
            day=day,
            number=campaign.day_number(day) or 0,
            quota=campaign.daily_report_quota,
            filed=len(by_day.get(day, [])),
            reports=tuple(by_day.get(day, [])),
            is_today=day == today,
            is_past=day < today,
        )
        for day in campaign.days
    )
    outside = tuple(report for report in filed if campaign.day_number(report.day) is None)
    return UnitReports(
        to_do=to_do,
        days=days,
        outside_week=outside,
        today=next((status for status in days if status.is_today), None),
    )


def late_filing_days(campaign: Campaign, unit: Unit) -> list[date]:
    """Days of the week before today for which the unit has filed nothing yet (补报)."""
    today = reporting_today(campaign)
    earlier = [day for day in campaign.days if day < today]
    if not earlier:
        return []
    covered = set(
        Report.objects.filed()
        .filter(campaign=campaign, unit=unit, day__in=earlier)
        .values_list("day", flat=True)
    )
    return [day for day in earlier if day not in covered]


def listed_activity_choices(campaign: Campaign) -> list[ListedActivity]:
    """The campaign's national and provincial list, national first, each in notice order."""
    return list(campaign.listed_activities.order_by("level", "position"))


def report_with_media(report_queryset, pk: int) -> Report | None:
    """One report from an already restricted queryset, with its media in order and its history."""
    return (
        report_queryset.select_related(
            "campaign", "unit", "author", "listed_activity", "reviewed_by"
        )
        .prefetch_related(
            Prefetch("media", queryset=ReportMedia.objects.order_by("position", "pk")),
            Prefetch("events", queryset=ReportEvent.objects.select_related("actor")),
        )
        .filter(pk=pk)
        .first()
    )


def report_history(report: Report) -> list[HistoryLine]:
    """The report's events in order, with the actor's name and a readable action."""
    return [
        HistoryLine(
            at=event.at,
            actor=(event.actor.get_full_name() or event.actor.get_username())
            if event.actor
            else "",
            action=str(EVENT_ACTIONS.get(event.action, event.action)),
            note=event.note,
            to_state=event.to_state,
        )
        for event in report.events.all()
    ]


def filed_per_day(campaign: Campaign, unit: Unit) -> dict[date, int]:
    """How many reports a unit has filed for each day (one grouped count)."""
    rows = (
        Report.objects.filed()
        .filter(campaign=campaign, unit=unit, day__isnull=False)
        .values("day")
        .annotate(filed=Count("pk"))
        .values_list("day", "filed")
    )
    return dict(rows)
