"""Public pages that belong to no single app: the home page of the current activity week."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vocweek.campaigns import queries
from vocweek.campaigns.enums import ActivityLevel, Phase
from vocweek.campaigns.models import Campaign
from vocweek.core import clock


@dataclass(frozen=True)
class WeekStatus:
    """Where the public stands relative to the week: phase, days to go, or which day it is."""

    phase: Phase
    days_to_go: int | None
    day_number: int | None
    day_count: int


def week_status(campaign: Campaign) -> WeekStatus:
    """The phase now, the days left before the opening day, and the day of the week during it."""
    today = clock.today(campaign.time_zone)
    phase = queries.phase_now(campaign)
    return WeekStatus(
        phase=Phase(phase),
        days_to_go=(campaign.starts_on - today).days if today < campaign.starts_on else None,
        day_number=campaign.day_number(today) if phase == Phase.WEEK else None,
        day_count=len(campaign.days),
    )


def home(request: HttpRequest) -> HttpResponse:
    campaign = queries.current_campaign()
    if campaign is None:
        return render(request, "portal/home.html", {"campaign": None})
    lists = queries.listed_activities(campaign)
    return render(
        request,
        "portal/home.html",
        {
            "campaign": campaign,
            "status": week_status(campaign),
            "national": lists[ActivityLevel.NATIONAL],
            "provincial": lists[ActivityLevel.PROVINCIAL],
            "counts": queries.participation_counts(campaign),
        },
    )
