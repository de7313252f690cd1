"""Pledges for tests, made through the services."""

from vocweek.campaigns.models import Campaign
from vocweek.pledges import services
from vocweek.pledges.models import Pledge

PLEDGE_TEXT = (
    "我承诺：热爱专业，勤学苦练，守规守纪，诚实守信；尊重劳动，崇尚技能，"
    "以精益求精的态度对待每一次实训，用一技之长服务社会。"
)


def make_pledge(campaign: Campaign, *, actor=None, open_it: bool = True, **changes) -> Pledge:
    """A pledge written for the tests, open for signing unless `open_it=False`."""
    content = services.PledgeContent(
        title=changes.pop("title", "职校学生技能成才承诺书"), text=changes.pop("text", PLEDGE_TEXT)
    )
    pledge = services.create_pledge(campaign=campaign, actor=actor, content=content)
    if open_it:
        pledge = services.open_pledge(pledge=pledge, actor=actor)
    return pledge
