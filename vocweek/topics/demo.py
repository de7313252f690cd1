"""The demo topics: two questions the province put to the public during the 2021 week, with
answers written for the project, moderated about half an hour after they came in (the last hour's
still waiting, two held by the sensitive-word list) and liked by the public.

Everything goes through the services at the moment it would have happened, and nothing happens
after the platform's clock: before the week the topics are drafts. Loading is idempotent: a
campaign that has topics gets none added.
"""

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction

from vocweek.campaigns.models import Campaign
from vocweek.core import clock
from vocweek.topics import services
from vocweek.topics.enums import AnswerState
from vocweek.topics.models import Answer, Topic

SEED = 20210526
WORDS = ("代考", "办证", "刷票", "刷单", "兼职日结", "网贷")
TOPICS = (
    (
        "我心中的大国工匠",
        "你身边有没有这样的人：几十年守着一台机床、一门手艺，把一件小事做到极致？\n"
        "说说你心中的大国工匠，和他们教会你的事。",
        0,
    ),
    (
        "晒晒我的专业技能",
        "学了什么专业？练成了哪项本领？用几句话晒出你的技能，也说说它能为家乡做些什么。",
        2,
    ),
)
ANSWERS = (
    ("焊花少年", "我的实训指导老师焊了三十年，他说焊缝就是人品，歪一毫米都不行。"),
    ("数控小王", "车间里的李师傅凭手感就能判断零件差几丝，这就是工匠吧。"),
    ("护理专业小陈", "带教的护士长每一针都稳稳当当，病人叫她“一针准”。"),
    ("晋菜传人", "师傅说刀工是练出来的，切土豆丝练了整整一个学期，现在能穿针。"),
    ("汽修学徒", "听声音就知道发动机哪里有毛病，我的目标是成为这样的师傅。"),
    ("电商小助手", "帮村里合作社拍产品图、写详情页，小米卖到了省外，学的东西真有用。"),
    ("幼师妈妈", "学前教育专业的我会弹琴、会画画、会讲故事，想回乡村幼儿园当老师。"),
    ("机器人社团", "我们给工业机器人编程，让它分拣零件，一分钟能分六十个。"),
    ("太原学子", "工匠精神就是不怕麻烦，一遍不行就十遍。"),
    ("大同职中学生", "我爷爷是煤矿电工，退休了还在给邻居修电器，不收钱。"),
    ("电气自动化", "毕业设计做了家用安全插座，老师说可以申请专利，太激动了！"),
    ("园艺小能手", "学了嫁接技术，帮家里果园改良了品种，今年苹果又大又甜。"),
    ("会计专业", "会计也需要工匠精神，一分钱的差错都要查清楚。"),
    ("无人机飞手", "考下了无人机驾驶证，参加了森林防火巡护，很有成就感。"),
    ("建筑测量组", "在工地上跟着师傅测量放线，误差控制在两毫米以内。"),
    ("非遗漆器班", "一件漆器要髹漆几十遍，每遍都要等它干透，耐心是第一课。"),
    ("网友", "职业教育大有可为，为所有技能人才点赞！"),
    ("家长", "孩子上了职校学了真本事，现在比我还会修车。"),
    ("企业HR", "我们厂最缺的就是高技能人才，欢迎职校的孩子们来实习。"),
    ("烹饪班", "一碗刀削面，面叶要薄厚均匀，师傅削了四十年。"),
    ("老教师", "教了二十五年钳工，看到学生拿到技能大赛奖牌，比自己得奖还高兴。"),
    ("旅游专业", "当了活动周的讲解志愿者，给游客介绍家乡的古建筑，很自豪。"),
    ("铁路专业", "将来要成为一名高铁司机，安全正点就是我们的工匠精神。"),
    ("中职新生", "刚入学就参观了实训基地，第一次觉得学技术这么酷。"),
)
OFF_TOPIC = ("路人", "今天天气不错，大家周末愉快。")
HELD = (
    ("兼职信息", "招兼职日结，手机打字就能赚钱，加我。"),
    ("热心人", "需要办证的同学可以找我，价格好商量。"),
)
MODERATION_MINUTES = (20, 60)
# Answers younger than this are still in the queue when the demo is loaded.
WAITING_MINUTES = 60
LIKE_DEVICES = 160


@dataclass(frozen=True)
class TopicsDemoSummary:
    topics: int
    published: int
    waiting: int


@transaction.atomic
def load_demo_topics(*, campaign: Campaign) -> TopicsDemoSummary:
    """Set up the demo topics and everything that happened to them up to the platform's clock."""
    now = clock.now()  # first: it anchors a shifted clock to the real present
    if not Topic.objects.filter(campaign=campaign).exists():
        _set_up(campaign, now)
    answers = Answer.objects.filter(topic__campaign=campaign)
    return TopicsDemoSummary(
        topics=Topic.objects.filter(campaign=campaign).count(),
        published=answers.filter(state=AnswerState.PUBLISHED).count(),
        waiting=answers.filter(state__in=[AnswerState.PENDING, AnswerState.HELD]).count(),
    )


def _set_up(campaign: Campaign, now: datetime) -> None:
    rng = random.Random(SEED)
    with clock.running_from(
        datetime.combine(campaign.starts_on, time(9, 0), tzinfo=campaign.zone) - timedelta(days=5)
    ):
        services.set_words(actor=None, words=list(WORDS))
    week_end = datetime.combine(campaign.ends_on, time(20, 0), tzinfo=campaign.zone)
    pool = list(ANSWERS)
    rng.shuffle(pool)
    shares = (pool[: len(pool) * 2 // 3], pool[len(pool) * 2 // 3 :])
    for (title, question, day), answers in zip(TOPICS, shares, strict=True):
        opens = datetime.combine(
            campaign.starts_on + timedelta(days=day), time(9, 0), tzinfo=campaign.zone
        )
        with clock.running_from(opens - timedelta(days=5)):
            topic = services.create_topic(
                campaign=campaign,
                actor=None,
                content=services.TopicContent(title=title, question=question),
            )
        if now <= opens:
            continue
        with clock.running_from(opens):
            topic = services.open_topic(topic=topic, actor=None)
        end = min(now, week_end)
        extra = [OFF_TOPIC, *HELD] if day == 0 else []
        _answer(topic, [*answers, *extra], opens, end, now, rng)
        if now > week_end:
            with clock.running_from(week_end):
                services.close_topic(topic=topic, actor=None)


def _daytime(moment: datetime, opens: datetime, rng: random.Random) -> datetime:
    """The moment moved into the waking hours (7:00–22:59) of its day if it fell at night, and
    never before the topic opened."""
    if not 7 <= moment.hour < 23:
        moment = moment.replace(hour=rng.randrange(7, 23))
    return max(moment, opens + timedelta(minutes=rng.randrange(1, 120)))


def _answer(topic, answers, opens, end, now, rng) -> None:
    """Send the answers at random moments of the open time, moderate the older ones, like some."""
    seconds = int((end - opens).total_seconds())
    if seconds < 60:
        return
    moments = []
    for _ in answers:
        moment = _daytime(opens + timedelta(seconds=rng.randrange(seconds)), opens, rng)
        if moment >= end:  # moved past the clock: anywhere in the open time instead
            moment = opens + timedelta(seconds=rng.randrange(seconds))
        moments.append(moment)
    moments.sort()
    published: list[tuple[Answer, datetime]] = []
    for number, ((nickname, text), moment) in enumerate(zip(answers, moments, strict=True)):
        with clock.running_from(moment):
            answer = services.submit_answer(
                topic_id=topic.pk,
                nickname=nickname,
                text=text,
                token=f"demo-{number}",
                network=f"203.0.{rng.randrange(100, 120)}.0/24",
            ).answer
        moderated = moment + timedelta(minutes=rng.randrange(*MODERATION_MINUTES))
        if now - moment < timedelta(minutes=WAITING_MINUTES) or moderated >= now:
            continue
        if answer.state == AnswerState.HELD:
            continue  # held for a careful look: still in the queue
        with clock.running_from(moderated):
            if (nickname, text) == OFF_TOPIC:
                services.reject_answers(
                    topic=topic, actor=None, answer_ids=[answer.pk], reason="与话题无关"
                )
            else:
                services.publish_answers(topic=topic, actor=None, answer_ids=[answer.pk])
                published.append((answer, moderated))
    for answer, moment in published:
        weight = rng.random() ** 2
        for device in rng.sample(range(LIKE_DEVICES), int(weight * LIKE_DEVICES * 0.4)):
            liked_at = moment + timedelta(minutes=rng.randrange(1, 600))
            if liked_at >= end:
                continue
            with clock.running_from(liked_at):
                services.like_answer(
                    answer_id=answer.pk, device=services.device_hash(f"demo-{device}")
                )
