"""The demo selection: 山西省"最美职校生"网络评选, twelve candidates nominated by schools (stories
written for the project), approved by the province and open for voting during the week, with
the votes of the public up to the platform's clock — and one burst from a single network that
the organiser's flags page shows.

Votes go through `services.cast_vote` at the moments they would have been cast, so the daily
limits, the log and the counts agree (a recount agrees). Loading is idempotent: a campaign that
has a selection gets none added.
"""

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction

from vocweek.campaigns.models import Campaign, Participation
from vocweek.core import clock
from vocweek.core.clients import network_of
from vocweek.voting import services
from vocweek.voting.models import Candidate, Selection, Vote

SEED = 20210525
TITLE = "山西省“最美职校生”网络评选"
DESCRIPTION = (
    "各职业院校推荐在技能学习、志愿服务、创新创业等方面表现突出的学生，经省教育厅审核后"
    "向社会公开投票。每位投票人每天可投 3 票，同一候选人每天 1 票。"
)
PEOPLE = (
    ("刘晓东", "全国职业院校技能大赛数控车项目一等奖获得者，带领学弟学妹组建技能兴趣小组。"),
    ("陈雨桐", "护理专业学生，疫情期间坚持社区志愿服务 200 余小时。"),
    ("张浩然", "汽车运用与维修专业，利用假期为乡亲们义务检修农机 60 余台。"),
    ("王思源", "电子商务专业，帮助家乡合作社开网店，年销售小米 3 万斤。"),
    ("李佳琪", "学前教育专业，在乡村幼儿园支教一学期，自编绘本 12 册。"),
    ("赵明轩", "工业机器人技术专业，参与企业产线改造项目，提出 3 项技术改进。"),
    ("孙诗涵", "烹饪专业，省级技能大赛中式热菜项目金牌，传承晋菜技艺。"),
    ("周宇航", "无人机应用技术专业，参与森林防火巡护志愿服务。"),
    ("吴欣怡", "会计专业，连续三年获国家奖学金，组织财经知识进社区宣讲。"),
    ("郑博文", "建筑工程技术专业，在校企合作项目中担任测量组组长。"),
    ("黄若曦", "非遗漆器髹饰技艺传承班学生，作品入选全省职业教育成果展。"),
    ("马志远", "电气自动化专业，发明家用安全插座获实用新型专利。"),
)
VOTERS = 300
BURST_VOTES = 24


@dataclass(frozen=True)
class VotingDemoSummary:
    candidates: int
    votes: int


@transaction.atomic
def load_demo_voting(*, campaign: Campaign) -> VotingDemoSummary:
    """Set up and open the demo selection, and cast the votes up to the platform's clock."""
    now = clock.now()  # first: it anchors a shifted clock to the real present
    if not Selection.objects.filter(campaign=campaign).exists():
        _set_up(campaign, now)
    selection = Selection.objects.filter(campaign=campaign).first()
    return VotingDemoSummary(
        candidates=Candidate.objects.filter(selection=selection).count(),
        votes=Vote.objects.filter(selection=selection).count(),
    )


def _set_up(campaign: Campaign, now: datetime) -> None:
    rng = random.Random(SEED)
    opens = datetime.combine(campaign.starts_on, time(8, 0), tzinfo=campaign.zone)
    schools = [
        participation.unit
        for participation in Participation.objects.filter(campaign=campaign)
        .select_related("unit")
        .order_by("unit__path")
        if participation.unit.is_school
    ]
    with clock.running_from(opens - timedelta(days=5)):
        selection = services.create_selection(
            campaign=campaign,
            actor=None,
            rules=services.SelectionRules(
                title=TITLE,
                description=DESCRIPTION,
                opens_at=opens,
                closes_at=datetime.combine(campaign.ends_on, time(20, 0), tzinfo=campaign.zone),
                votes_per_day=3,
                votes_per_candidate_per_day=1,
            ),
        )
        candidates = []
        for (name, story), school in zip(PEOPLE, rng.sample(schools, len(PEOPLE)), strict=False):
            candidate = services.nominate_candidate(
                selection=selection, unit=school, actor=None, name=name, story=story
            )
            candidates.append(
                services.review_candidate(candidate=candidate, actor=None, approve=True)
            )
        selection = services.publish_selection(selection=selection, actor=None)
    weights = [rng.uniform(0.5, 3.0) for _ in candidates]
    end = min(now, selection.closes_at)  # votes only while voting was open, up to the clock
    minutes = int((end - opens).total_seconds() // 60)
    if minutes < 1:
        return
    for voter in range(VOTERS):
        moment = opens + timedelta(minutes=rng.randrange(minutes))
        mobile = f"1380000{voter:04d}"
        ballot = services.Ballot(
            voter=services.voter_hash(selection.pk, mobile),
            network=network_of(f"203.0.{rng.randrange(100, 120)}.{rng.randrange(1, 250)}"),
            device=services.device_hash(selection.pk, f"demo-{voter}"),
        )
        chosen = {id(c): c for c in rng.choices(candidates, weights=weights, k=3)}.values()
        for number, candidate in enumerate(chosen):
            cast_at = moment + timedelta(seconds=number * 7)
            if cast_at >= end:
                break
            with clock.running_from(cast_at):
                services.cast_vote(
                    selection_id=selection.pk, candidate_id=candidate.pk, ballot=ballot
                )
    # One burst: a script voting for one candidate from one network within a few seconds.
    burst_at = end - timedelta(hours=3)
    if burst_at > opens:
        for number in range(BURST_VOTES):
            mobile = f"1390099{number:04d}"
            with clock.running_from(burst_at + timedelta(milliseconds=300 * number)):
                services.cast_vote(
                    selection_id=selection.pk,
                    candidate_id=candidates[-1].pk,
                    ballot=services.Ballot(
                        voter=services.voter_hash(selection.pk, mobile),
                        network=network_of("198.51.100.23"),
                        device=services.device_hash(selection.pk, f"burst-{number}"),
                    ),
                )
        services.flag_bursts(selection=selection, since=opens)
