"""The daily jobs of the current campaign and when they are due, in the campaign's time zone.

Reminders are due on each day of the week once the campaign's reminder time has passed, until
the day's cut-off (the reminder service checks that). A bulletin is due for each day of the week
once that day's bulletin time has passed, so a scheduler that was down catches up on the days it
missed, in order. Each (job, campaign, day) runs once: a `ScheduledRun` row is claimed in the
same transaction that enqueues the task, so two schedulers never enqueue it twice.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction

from vocweek.campaigns.models import Campaign
from vocweek.campaigns.queries import current_campaign
from vocweek.core import clock
from vocweek.notify.models import ScheduledRun
from vocweek.notify.services import claim_scheduled_run
from vocweek.reports.services import rules_for
from vocweek.reports.tasks import compile_bulletin_task, send_daily_reminders_task

REMINDERS = "reports.reminders"
BULLETIN = "reports.bulletin"
TASKS = {REMINDERS: send_daily_reminders_task, BULLETIN: compile_bulletin_task}


@dataclass(frozen=True)
class DueJob:
    """One daily job of a campaign for one day."""

    name: str
    campaign_id: int
    day: date

    @property
    def key(self) -> str:
        return f"{self.campaign_id}:{self.day.isoformat()}"


def due_jobs(campaign: Campaign, moment: datetime) -> list[DueJob]:
    """The jobs whose time has come at `moment`, whether or not they already ran."""
    rules = rules_for(campaign)
    zone = campaign.zone
    today = moment.astimezone(zone).date()
    jobs: list[DueJob] = []
    reminders_at = datetime.combine(today, rules.reminder_time, tzinfo=zone)
    if campaign.day_number(today) is not None and moment >= reminders_at:
        jobs.append(DueJob(REMINDERS, campaign.pk, today))
    if moment < campaign.statistics_deadline:
        jobs += [
            DueJob(BULLETIN, campaign.pk, day)
            for day in campaign.days
            if moment >= datetime.combine(day, rules.bulletin_time, tzinfo=zone)
        ]
    return jobs


def run_due_jobs(*, moment: datetime | None = None) -> list[DueJob]:
    """Enqueue the current campaign's due jobs that have not run yet; returns those enqueued."""
    campaign = current_campaign()
    if campaign is None:
        return []
    jobs = due_jobs(campaign, moment or clock.now())
    done = set(
        ScheduledRun.objects.filter(
            name__in={job.name for job in jobs}, key__in={job.key for job in jobs}
        ).values_list("name", "key")
    )
    enqueued: list[DueJob] = []
    for job in jobs:
        if (job.name, job.key) in done:
            continue
        # The claim and the enqueueing commit together: a failed enqueue leaves no claim behind.
        with transaction.atomic():
            if claim_scheduled_run(name=job.name, key=job.key):
                TASKS[job.name].enqueue(campaign_id=job.campaign_id, day_iso=job.day.isoformat())
                enqueued.append(job)
    return enqueued
