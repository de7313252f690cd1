"""The demo pledge: a short text written for the project (not the official 公约), opened by the
province on the first day of the week, with the signatures of the schools' morning ceremonies.

Signers go through `services.sign` at the moments they would have signed, so numbers, school
tallies and city sums agree; a few repeat themselves (and are not counted twice). Loading is
idempotent: a campaign that has a pledge gets none added.
"""

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction

from vocweek.campaigns.models import Campaign, Participation
from vocweek.core import clock
from vocweek.pledges import services
from vocweek.pledges.enums import IdentifierKind
from vocweek.pledges.models import Pledge, Signature

SEED = 20210524
TITLE = "职校学生技能成才承诺书"
TEXT = """我是一名职业院校学生。我承诺：
一、热爱祖国，明礼诚信，遵守校规校纪，做文明守法的好学生。
二、热爱所学专业，勤学苦练，在每一次实训中精益求精。
三、尊重劳动，崇尚技能，向大国工匠和劳动模范学习。
四、注重安全，爱护设备，珍惜每一份材料和每一次实践机会。
五、团结同学，乐于助人，用所学技能服务家庭、服务社区。
六、锤炼品格，强健体魄，以一技之长走好自己的成才之路。"""
CEREMONY_DAY = 2  # the third day of the week: the schools' signing ceremonies
SIGNERS_PER_SCHOOL = (8, 40)
REPEATS = 12
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯董"
_GIVEN = (
    "子涵", "浩然", "欣怡", "梓轩", "雨桐", "思源", "一诺", "俊杰", "佳琪", "明轩", "诗涵",
    "宇航", "晨阳", "嘉怡", "博文", "若曦", "天佑", "梦瑶", "志远", "雅静",
)  # fmt: skip


@dataclass(frozen=True)
class PledgesDemoSummary:
    pledges: int
    signers: int
    schools: int


@transaction.atomic
def load_demo_pledges(*, campaign: Campaign) -> PledgesDemoSummary:
    """Open the demo pledge and sign it for the schools, up to the platform's clock."""
    now = clock.now()  # first: it anchors a shifted clock to the real present
    if not Pledge.objects.filter(campaign=campaign).exists():
        opened = datetime.combine(campaign.starts_on, time(8, 0), tzinfo=campaign.zone)
        with clock.running_from(opened):
            pledge = services.create_pledge(
                campaign=campaign,
                actor=None,
                content=services.PledgeContent(title=TITLE, text=TEXT),
            )
            pledge = services.open_pledge(pledge=pledge, actor=None)
        _sign_ceremonies(campaign, pledge, now)
    signatures = Signature.objects.filter(pledge__campaign=campaign)
    return PledgesDemoSummary(
        pledges=Pledge.objects.filter(campaign=campaign).count(),
        signers=signatures.count(),
        schools=signatures.values("unit").distinct().count(),
    )


def _sign_ceremonies(campaign: Campaign, pledge: Pledge, now: datetime) -> None:
    rng = random.Random(SEED)
    schools = [
        participation.unit
        for participation in Participation.objects.filter(campaign=campaign)
        .select_related("unit")
        .order_by("unit__path")
        if participation.unit.is_school
    ]
    ceremony = campaign.starts_on + timedelta(days=CEREMONY_DAY)
    signed: list[tuple] = []
    for number, school in enumerate(schools):
        start = datetime.combine(ceremony, time(8, 0), tzinfo=campaign.zone) + timedelta(
            minutes=rng.randrange(90)
        )
        for student in range(rng.randrange(*SIGNERS_PER_SCHOOL)):
            moment = start + timedelta(seconds=20 * student)
            if moment > now:
                break
            name = _SURNAMES[rng.randrange(len(_SURNAMES))] + _GIVEN[rng.randrange(len(_GIVEN))]
            identifier = f"2020{number:03d}{student:03d}"
            with clock.running_from(moment):
                services.sign(
                    pledge_id=pledge.pk,
                    unit=school,
                    name=name,
                    kind=IdentifierKind.STUDENT_NUMBER,
                    identifier=identifier,
                )
            signed.append((school, name, identifier, moment))
    for school, name, identifier, moment in rng.sample(signed, min(REPEATS, len(signed))):
        with clock.running_from(moment + timedelta(minutes=5)):  # a double tap, a retry
            services.sign(
                pledge_id=pledge.pk,
                unit=school,
                name=name,
                kind=IdentifierKind.STUDENT_NUMBER,
                identifier=identifier,
            )
