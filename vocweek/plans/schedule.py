"""The plan reminders of the current campaign and when they are due (see `plans.reminders`).

A reminder job is due from its point's moment until the plan deadline; only the latest point that
has come is due, so a scheduler that was down does not send a missed point late. Each (job,
campaign, point) runs once: a `ScheduledRun` row is claimed in the same transaction that enqueues
the task, so two schedulers never enqueue it twice. `vocweek scheduler` calls `run_due_jobs`.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django_tasks import task

from vocweek.campaigns.models import Campaign
from vocweek.campaigns.queries import current_campaign
from vocweek.core import clock
from vocweek.notify.models import ScheduledRun
from vocweek.notify.services import claim_scheduled_run
from vocweek.plans.reminders import due_point, send_plan_reminders

REMINDERS = "plans.reminders"


@task()
def send_plan_reminders_task(campaign_id: int) -> int:
    """Remind the units still without a plan at the point due now; nothing if the campaign is
    gone. (Kept next to the schedule that enqueues it.)"""
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return 0
    return send_plan_reminders(campaign=campaign, moment=clock.now())


@dataclass(frozen=True)
class DueJob:
    """One plan job of a campaign for one reminder point."""

    name: str
    campaign_id: int
    point: str

    @property
    def key(self) -> str:
        return f"{self.campaign_id}:{self.point}"


def due_jobs(campaign: Campaign, moment: datetime) -> list[DueJob]:
    """The jobs whose time has come at `moment`, whether or not they already ran."""
    point = due_point(campaign, moment)
    return [DueJob(REMINDERS, campaign.pk, point.key)] if point is not None else []


def run_due_jobs(*, moment: datetime | None = None) -> list[DueJob]:
    """Enqueue the current campaign's due plan jobs that have not run yet; returns those enqueued."""
    campaign = current_campaign()
    if campaign is None:
        return []
    enqueued: list[DueJob] = []
    for job in due_jobs(campaign, moment or clock.now()):
        if ScheduledRun.objects.filter(name=job.name, key=job.key).exists():
            continue
        # The claim and the enqueueing commit together: a failed enqueue leaves no claim behind.
        with transaction.atomic():
            if claim_scheduled_run(name=job.name, key=job.key):
                send_plan_reminders_task.enqueue(campaign_id=job.campaign_id)
                enqueued.append(job)
    return enqueued
