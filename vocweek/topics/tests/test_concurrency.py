"""Topics under a burst: real threads, each with its own database connection, released together.
Likes, retried answers and two moderators at once count exactly."""

import pytest
from django.db import connection
from django.urls import reverse

from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.topics import services
from vocweek.topics.models import Answer, Like
from vocweek.topics.tests.factories import answer, make_topic, published

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # As in vocweek/activities/tests/test_concurrency.py: SQLite's in-memory test database is
    # shared-cache, whose table locks fail at once instead of waiting out the busy timeout.
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="threads on SQLite's in-memory test database fail with 'database table is locked'",
    ),
]


@pytest.fixture
def organiser(tree):
    return make_member(tree.province, Role.ORGANISER_ADMIN)


@pytest.fixture
def topic(campaign, organiser):
    return make_topic(campaign, actor=organiser)


def test_thirty_likes_at_once_from_one_device_count_once(topic, all_at_once):
    (shown,) = published(topic, "点赞")
    phone = services.device_hash("one-phone")

    results = all_at_once(
        [lambda: services.like_answer(answer_id=shown.pk, device=phone) for _ in range(30)]
    )

    assert all(isinstance(result, services.Liked) for result in results), results
    assert sum(result.created for result in results) == 1
    shown.refresh_from_db()
    assert shown.likes == 1 == Like.objects.filter(answer=shown).count()


def test_forty_devices_liking_at_once_count_forty(topic, all_at_once):
    (shown,) = published(topic, "点赞")

    results = all_at_once(
        [
            lambda number=number: services.like_answer(
                answer_id=shown.pk, device=services.device_hash(f"phone-{number}")
            )
            for number in range(40)
        ]
    )

    assert all(isinstance(result, services.Liked) and result.created for result in results)
    assert sorted(result.likes for result in results) == list(range(1, 41))
    shown.refresh_from_db()
    assert shown.likes == 40


def test_one_form_sent_twenty_times_at_once_makes_one_answer(topic, all_at_once):
    results = all_at_once(
        [
            lambda: services.submit_answer(
                topic_id=topic.pk, nickname="小王", text="技能报国", token="the-same-form"
            )
            for _ in range(20)
        ]
    )

    assert all(isinstance(result, services.Submitted) for result in results), results
    assert sum(result.created for result in results) == 1
    assert len({result.answer.pk for result in results}) == 1
    assert Answer.objects.filter(topic=topic).count() == 1


def test_two_moderators_publishing_the_same_answers_count_each_once(
    tree, topic, organiser, all_at_once
):
    reviewer = make_member(tree.province, Role.PROVINCE_REVIEWER)
    ids = [answer(topic, f"回答{number}").pk for number in range(50)]

    results = all_at_once(
        [
            lambda who=who: services.publish_answers(topic=topic, actor=who, answer_ids=ids)
            for who in (organiser, reviewer, organiser, reviewer)
        ]
    )

    assert sum(results) == 50
    topic.refresh_from_db()
    assert topic.answers == 50


def test_a_like_while_the_answer_row_is_held_answers_busy_at_once(client, topic, row_held):
    (shown,) = published(topic, "点赞")

    with row_held(shown, wait_ms=300):
        response = client.post(
            reverse("topics:like", args=[topic.pk, shown.pk]), HTTP_ACCEPT="application/json"
        )

    assert response.status_code == 503 and response["Retry-After"] == "2"
    shown.refresh_from_db()
    assert shown.likes == 0 and not Like.objects.exists()
