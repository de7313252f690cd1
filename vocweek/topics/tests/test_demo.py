"""The demo topics follow the platform's clock: nothing is answered, moderated or liked after it."""

from django.db.models import Max

from vocweek.campaigns.demo import load_demo
from vocweek.core import clock
from vocweek.topics.demo import load_demo_topics
from vocweek.topics.enums import AnswerState, TopicState
from vocweek.topics.models import Answer, Like, Topic


def _load(clock_at, moment: str):
    clock_at(moment)
    campaign = load_demo().campaign
    return campaign, load_demo_topics(campaign=campaign)


def test_before_the_week_the_topics_are_drafts_without_answers(db, clock_at):
    _campaign, summary = _load(clock_at, "2021-05-20T10:00+08:00")

    assert summary.topics == 2 and summary.published == 0
    assert set(Topic.objects.values_list("state", flat=True)) == {TopicState.DRAFT}
    assert not Answer.objects.exists()


def test_during_the_week_answers_are_published_waiting_and_held_up_to_the_clock(db, clock_at):
    _campaign, summary = _load(clock_at, "2021-05-26T15:00+08:00")
    now = clock.now()

    assert set(Topic.objects.values_list("state", flat=True)) == {TopicState.OPEN}
    assert summary.published > 10
    assert Answer.objects.filter(state=AnswerState.HELD).count() == 2
    assert Answer.objects.aggregate(last=Max("submitted_at"))["last"] <= now
    assert Answer.objects.aggregate(last=Max("published_at"))["last"] <= now
    assert Like.objects.aggregate(last=Max("liked_at"))["last"] <= now
    for topic in Topic.objects.all():
        shown = Answer.objects.filter(topic=topic, state=AnswerState.PUBLISHED)
        assert topic.answers == shown.count()
        for answer in shown:
            assert answer.likes == answer.like_set.count()


def test_after_the_week_the_topics_are_closed(db, clock_at):
    campaign, summary = _load(clock_at, "2021-06-02T10:00+08:00")

    assert set(Topic.objects.values_list("state", flat=True)) == {TopicState.CLOSED}
    assert Answer.objects.filter(state=AnswerState.PENDING).count() == 0
    assert load_demo_topics(campaign=campaign) == summary  # loading again adds nothing


def test_right_after_the_first_topic_opens_nothing_is_moderated_yet(db, clock_at):
    _load(clock_at, "2021-05-22T09:30+08:00")

    assert Topic.objects.filter(state=TopicState.OPEN).count() == 1
    assert not Answer.objects.filter(state=AnswerState.PUBLISHED).exists()


def test_the_second_topic_waits_for_the_third_day(db, clock_at):
    _load(clock_at, "2021-05-24T08:59+08:00")

    assert dict(Topic.objects.values_list("title", "state")) == {
        "我心中的大国工匠": TopicState.OPEN,
        "晒晒我的专业技能": TopicState.DRAFT,
    }
