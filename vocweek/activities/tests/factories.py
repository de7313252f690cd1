"""Activities made through the services, so that states, versions and counters are real."""

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from vocweek.activities import services
from vocweek.activities.enums import ActivityKind, Audience, Level, Mode
from vocweek.activities.models import Activity
from vocweek.campaigns.models import Campaign
from vocweek.orgs.models import Unit

SHANGHAI = ZoneInfo("Asia/Shanghai")


def beijing(*args: int) -> datetime:
    """An aware moment in Beijing time: beijing(2021, 5, 24, 9, 0)."""
    return datetime(*args, tzinfo=SHANGHAI)


def make_content(**changes) -> services.ActivityContent:
    """An on-site open day on 5/24 from 9:00 to 11:30 with 20 places, one person each."""
    content = services.ActivityContent(
        title="校园开放日",
        description="参观实训基地，体验专业课程。",
        kind=ActivityKind.OPEN_CAMPUS,
        mode=Mode.OFFLINE,
        level=Level.SCHOOL,
        audience=Audience.PUPILS_AND_PARENTS,
        starts_at=beijing(2021, 5, 24, 9, 0),
        ends_at=beijing(2021, 5, 24, 11, 30),
        contact_name="王老师",
        contact_phone="0351-1234567",
        venue="实训楼一层",
        address="太原市迎泽区示例路1号",
        registration_required=True,
        capacity=20,
    )
    return replace(content, **changes)


def make_activity(
    campaign: Campaign, unit: Unit, *, actor=None, submit: bool = True, **changes
) -> Activity:
    """A draft of `unit`, submitted unless `submit=False` (published when no approval is needed)."""
    activity = services.create_activity(
        campaign=campaign, unit=unit, actor=actor, content=make_content(**changes)
    )
    if submit:
        activity = services.submit_activity(
            activity=activity, actor=actor, version=activity.version
        )
    return activity


def mobile(number: int) -> str:
    """A distinct, well-formed mainland mobile number per integer: 13800000000 + number."""
    return f"{13800000000 + number}"
