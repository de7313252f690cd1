"""Background work for information reports: thin tasks that take ids and call one service."""

from datetime import date

from django_tasks import task

from vocweek.campaigns.models import Campaign
from vocweek.reports import media
from vocweek.reports.bulletins import compile_bulletin
from vocweek.reports.halls import processing as hall_processing
from vocweek.reports.reminders import send_daily_reminders


@task()
def process_report_media(media_id: int) -> None:
    """Make a photo's renditions or a video's poster; nothing if the media is gone or done."""
    media.process_media(media_id)


@task()
def process_hall_media(media_id: int) -> None:
    """Make a hall photo's or panorama's renditions, or a video's poster; nothing if gone or done."""
    hall_processing.process_hall_media(media_id)


# --- Daily reminders and bulletins (enqueued by `vocweek scheduler`) --------------------------


@task()
def send_daily_reminders_task(campaign_id: int, day_iso: str) -> int:
    """Remind the units short of their quota for a day; nothing if the campaign is gone."""
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return 0
    return send_daily_reminders(campaign=campaign, day=date.fromisoformat(day_iso))


@task()
def compile_bulletin_task(campaign_id: int, day_iso: str) -> int | None:
    """Compile a day's bulletin; returns its number, or None if the campaign is gone."""
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return None
    return compile_bulletin(campaign=campaign, day=date.fromisoformat(day_iso)).number
