"""Reads about campaigns: the current one, its phase, and what each unit owes by when."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from vocweek.campaigns.enums import ActivityLevel, Obligation, Phase
from vocweek.campaigns.models import MIDNIGHT, Campaign, ListedActivity, Participation
from vocweek.core import clock
from vocweek.core.pagecache import public_fragment
from vocweek.orgs.models import Unit, membership_of


def current_campaign() -> Campaign | None:
    """The campaign marked current, else the most recent one."""
    return (
        Campaign.objects.select_related("organiser").filter(is_current=True).first()
        or Campaign.objects.select_related("organiser").first()
    )


def public_current_campaign() -> Campaign | None:
    """`current_campaign()` for the public pages, kept with them until the public generation
    changes (making a campaign current changes it) or a cached page would expire."""
    return public_fragment("current-campaign", (), current_campaign)


def phase_now(campaign: Campaign) -> Phase:
    return campaign.phase_at(clock.now())


def listed_activities(campaign: Campaign) -> dict[str, list[ListedActivity]]:
    """The national and provincial lists, each in notice order."""
    lists: dict[str, list[ListedActivity]] = {
        ActivityLevel.NATIONAL: [],
        ActivityLevel.PROVINCIAL: [],
    }
    for item in campaign.listed_activities.all():
        lists[item.level].append(item)
    return lists


@dataclass(frozen=True)
class Task:
    """One thing a unit owes: what, by when (in the campaign's zone), and where it stands now."""

    obligation: Obligation
    title: str
    opens_at: datetime
    due_at: datetime
    state: str
    state_label: str
    day: date | None = None


_ONE_MICROSECOND = timedelta(microseconds=1)

TASK_STATES = {
    "upcoming": _("not yet open"),
    "open": _("open"),
    "due_today": _("due today"),
    "closed": _("deadline passed"),
}


def _state(opens_at: datetime, due_at: datetime, moment: datetime, zone) -> str:
    if moment < opens_at:
        return "upcoming"
    if moment >= due_at:
        return "closed"
    if moment.astimezone(zone).date() == (due_at.astimezone(zone) - _ONE_MICROSECOND).date():
        return "due_today"
    return "open"


def _task(obligation, title, opens_at, due_at, moment, zone, day=None) -> Task:
    state = _state(opens_at, due_at, moment, zone)
    return Task(
        obligation=obligation,
        title=str(title),
        opens_at=opens_at.astimezone(zone),
        due_at=due_at.astimezone(zone),
        state=state,
        state_label=str(TASK_STATES[state]),
        day=day,
    )


def tasks_for(participation: Participation, moment: datetime | None = None) -> list[Task]:
    """What a participating unit owes in its campaign, in due order, with today's state.

    Daily reports become one task per day of the week, due at the day's cut-off.
    """
    campaign = participation.campaign
    moment = moment or clock.now()
    zone = campaign.zone
    tasks: list[Task] = []
    if participation.owes_plan:
        tasks.append(
            _task(
                Obligation.PLAN,
                _("Activity plan, topic website and liaison"),
                campaign.opens_at,
                campaign.plan_deadline,
                moment,
                zone,
            )
        )
    if participation.owes_daily_reports:
        for day in campaign.days:
            opens_at, due_at = daily_window(campaign, day)
            tasks.append(
                _task(
                    Obligation.DAILY_REPORTS,
                    _("Information reports for day %(number)s (at least %(quota)s)")
                    % {"number": campaign.day_number(day), "quota": campaign.daily_report_quota},
                    opens_at,
                    due_at,
                    moment,
                    zone,
                    day=day,
                )
            )
    if participation.owes_statistics:
        tasks.append(
            _task(
                Obligation.STATISTICS,
                _("Statistics table"),
                campaign.week_ends_at,
                campaign.statistics_deadline,
                moment,
                zone,
            )
        )
    return sorted(tasks, key=lambda task: task.due_at)


def daily_window(campaign: Campaign, day: date) -> tuple[datetime, datetime]:
    """The moments between which a report counts for `day` (start inclusive, end exclusive)."""
    cutoff = campaign.daily_cutoff
    if cutoff == MIDNIGHT:
        start = datetime.combine(day, cutoff, tzinfo=campaign.zone)
        return start, start + timedelta(days=1)
    # A report at the cut-off itself still counts; one a microsecond later counts for the next day.
    end = datetime.combine(day, cutoff, tzinfo=campaign.zone) + _ONE_MICROSECOND
    return end - timedelta(days=1), end


def participation_of(campaign: Campaign, unit: Unit) -> Participation | None:
    return (
        Participation.objects.select_related("campaign", "unit")
        .filter(campaign=campaign, unit=unit)
        .first()
    )


def participations_under(
    campaign: Campaign, user, *, include_own: bool = False
) -> QuerySet[Participation]:
    """Participations of the units below a user's unit that the user may see, in tree order.

    With unit, city and liaison count; the user's own unit only when `include_own`.
    """
    participations = Participation.objects.visible_to(user)
    if not include_own:
        participations = participations.exclude(unit__memberships__user=user)
    return (
        participations.filter(campaign=campaign)
        .select_related("unit", "unit__city")
        .annotate(liaison_count=Count("liaisons"))
        .order_by("unit__path")
    )


def participation_counts(campaign: Campaign) -> dict[str, int]:
    """How many units take part, and how many owe each obligation."""
    return Participation.objects.filter(campaign=campaign).aggregate(
        units=Count("pk"),
        plans=Count("pk", filter=Q(owes_plan=True)),
        reporters=Count("pk", filter=Q(owes_daily_reports=True)),
        statistics=Count("pk", filter=Q(owes_statistics=True)),
    )


def campaign_organised_by(user) -> Campaign | None:
    """The current campaign when the user's unit is its organiser (or above it), else None: who
    may set up the week's pledges and selections."""
    campaign = current_campaign()
    membership = membership_of(user)
    if campaign is None or membership is None:
        return None
    return campaign if membership.unit.contains(campaign.organiser) else None
