"""Reads about topics: what the public sees (topics, published answers by likes or time, which
of them this device liked) and what moderators see (the queues and their sizes).

Counts shown to the public are read, never counted: `Topic.answers` and `Answer.likes`.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q

from vocweek.campaigns.models import Campaign
from vocweek.topics.enums import AnswerOrder, AnswerState, TopicState
from vocweek.topics.models import Answer, Like, Topic

ANSWERS_PER_PAGE = 20
QUEUE_PER_PAGE = 50

# --- What the public sees ------------------------------------------------------------------


def public_topics(campaign: Campaign) -> list[Topic]:
    """The campaign's open topics first, then the closed ones, newest first in each."""
    topics = list(Topic.objects.public().filter(campaign=campaign).order_by("-pk"))
    return sorted(topics, key=lambda topic: topic.state != TopicState.OPEN)


def public_topic(pk: int) -> Topic | None:
    """An open or closed topic with its campaign; None for a draft or nothing."""
    return Topic.objects.public().select_related("campaign").filter(pk=pk).first()


def published_answers(topic: Topic, *, order: str, page: int | str | None) -> Page:
    """One page of the topic's published answers, most liked or newest first."""
    answers = Answer.objects.filter(topic=topic, state=AnswerState.PUBLISHED).only(
        "nickname", "text", "likes", "published_at", "topic_id"
    )
    if order == AnswerOrder.NEWEST:
        answers = answers.order_by("-published_at", "-pk")
    else:
        answers = answers.order_by("-likes", "-pk")
    paginator = Paginator(answers, ANSWERS_PER_PAGE)
    # The count is the topic's counter, not a COUNT(*) over the answers.
    paginator.count = topic.answers
    return paginator.get_page(page)


def liked_by(device: str, answers: list[Answer]) -> set[int]:
    """Which of these answers the device has liked."""
    if not device or not answers:
        return set()
    return set(
        Like.objects.filter(device=device, answer__in=answers).values_list("answer_id", flat=True)
    )


def answer_by_token(topic: Topic, token: str) -> Answer | None:
    """The answer a form made (so its writer can see it is waiting), by the form's token."""
    if not token:
        return None
    return Answer.objects.filter(topic=topic, token=token[:32]).first()


# --- What moderators see -------------------------------------------------------------------


@dataclass(frozen=True)
class QueueSizes:
    pending: int
    held: int
    published: int
    rejected: int


def _sizes(**counts: int) -> QueueSizes:
    return QueueSizes(
        pending=counts.get(AnswerState.PENDING, 0),
        held=counts.get(AnswerState.HELD, 0),
        published=counts.get(AnswerState.PUBLISHED, 0),
        rejected=counts.get(AnswerState.REJECTED, 0),
    )


@dataclass(frozen=True)
class TopicLine:
    topic: Topic
    sizes: QueueSizes


def campaign_topics(campaign: Campaign) -> list[TopicLine]:
    """The campaign's topics, drafts included, each with the sizes of its queues."""
    states = [state.value for state in AnswerState]
    topics = Topic.objects.filter(campaign=campaign).annotate(
        **{f"n_{state}": Count("answer_set", filter=Q(answer_set__state=state)) for state in states}
    )
    return [
        TopicLine(
            topic=topic,
            sizes=_sizes(**{state: getattr(topic, f"n_{state}") for state in states}),
        )
        for topic in topics.order_by("-pk")
    ]


def queue_sizes(topic: Topic) -> QueueSizes:
    rows = Answer.objects.filter(topic=topic).values("state").annotate(n=Count("pk"))
    return _sizes(**{row["state"]: row["n"] for row in rows})


def queue(topic: Topic, *, state: str, page: int | str | None) -> Page:
    """One page of the topic's answers in one state: waiting ones oldest first (first come,
    first seen), published and rejected ones most recently moderated first."""
    answers = Answer.objects.filter(topic=topic, state=state).select_related("moderated_by")
    if state in (AnswerState.PENDING, AnswerState.HELD):
        answers = answers.order_by("submitted_at", "pk")
    else:
        answers = answers.order_by("-moderated_at", "-pk")
    return Paginator(answers, QUEUE_PER_PAGE).get_page(page)
