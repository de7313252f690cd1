"""Topics for tests, made through the services."""

import secrets

from vocweek.campaigns.models import Campaign
from vocweek.topics import services
from vocweek.topics.models import Answer, Topic

QUESTION = "你心中的大国工匠是什么样子？说说身边让你敬佩的技能人才。"


def make_topic(campaign: Campaign, *, actor=None, open_it: bool = True, **changes) -> Topic:
    """A topic written for the tests, open for answers unless `open_it=False`."""
    content = services.TopicContent(
        title=changes.pop("title", "我心中的大国工匠"), question=changes.pop("question", QUESTION)
    )
    topic = services.create_topic(campaign=campaign, actor=actor, content=content)
    if open_it:
        topic = services.open_topic(topic=topic, actor=actor)
    return topic


def answer(
    topic: Topic, text: str = "我的师傅三十年如一日钻研焊接，精益求精。", **fields
) -> Answer:
    """An answer sent through the service, with a fresh form token unless one is given."""
    return services.submit_answer(
        topic_id=topic.pk,
        nickname=fields.pop("nickname", "小李"),
        text=text,
        token=fields.pop("token", secrets.token_urlsafe(12)),
        network=fields.pop("network", "203.0.113.0/24"),
    ).answer


def published(topic: Topic, *texts: str, actor=None) -> list[Answer]:
    """Answers sent and published at once."""
    answers = [answer(topic, text) for text in texts]
    services.publish_answers(topic=topic, actor=actor, answer_ids=[a.pk for a in answers])
    for item in answers:
        item.refresh_from_db()
    return answers
