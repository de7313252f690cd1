"""The topics' public pages and the console's moderation, through the views."""

import re

import pytest
from django.urls import reverse

from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.topics import services
from vocweek.topics.enums import AnswerState
from vocweek.topics.models import Answer, Like
from vocweek.topics.tests.factories import answer, make_topic, published

PASSWORD = "correct-horse-42"


@pytest.fixture
def organiser(tree):
    return make_member(tree.province, Role.ORGANISER_ADMIN)


@pytest.fixture
def topic(campaign, organiser):
    return make_topic(campaign, actor=organiser)


def _token(page) -> str:
    return re.search(r'name="token" value="([^"]+)"', page.content.decode()).group(1)


def send(client, topic, text, nickname="小张", token=None):
    if token is None:
        token = _token(client.get(reverse("topics:topic", args=[topic.pk])))
    return client.post(
        reverse("topics:answer", args=[topic.pk]),
        {"nickname": nickname, "text": text, "token": token},
    )


def test_an_answer_is_shown_to_its_writer_as_waiting_and_not_to_the_public(client, topic):
    response = send(client, topic, "我的实训老师是全国技术能手")

    assert response.status_code == 303
    mine = client.get(response["Location"]).content.decode()
    assert "我的实训老师是全国技术能手" in mine
    assert "审核" in mine or "moderator" in mine
    public = client.get(reverse("topics:topic", args=[topic.pk])).content.decode()
    assert "我的实训老师是全国技术能手" not in public


def test_the_same_form_resent_makes_one_answer(client, topic):
    token = _token(client.get(reverse("topics:topic", args=[topic.pk])))

    first = send(client, topic, "精益求精", token=token)
    again = send(client, topic, "精益求精", token=token)

    assert first["Location"] == again["Location"]
    assert Answer.objects.filter(topic=topic).count() == 1


def test_an_empty_answer_is_refused_at_its_field(client, topic):
    response = send(client, topic, "")

    assert response.status_code == 400
    assert "Answer" in response.content.decode() or "回答" in response.content.decode()
    assert not Answer.objects.exists()


def test_the_published_answers_are_shown_most_liked_first_or_newest_first(client, topic):
    older, _newer = published(topic, "先发布的回答", "后发布的回答")
    services.like_answer(answer_id=older.pk, device=services.device_hash("a-phone"))
    url = reverse("topics:topic", args=[topic.pk])

    popular = client.get(url).content.decode()
    newest = client.get(url, {"order": "newest"}).content.decode()

    assert popular.index("先发布的回答") < popular.index("后发布的回答")
    assert newest.index("后发布的回答") < newest.index("先发布的回答")


def test_a_like_from_the_page_counts_once_per_device(client, topic):
    (shown,) = published(topic, "值得点赞的回答")
    url = reverse("topics:like", args=[topic.pk, shown.pk])

    first = client.post(url, HTTP_ACCEPT="application/json")
    again = client.post(url, HTTP_ACCEPT="application/json")

    assert first.json() == {"likes": 1, "liked": True}
    assert again.json() == {"likes": 1, "liked": True}
    assert Like.objects.filter(answer=shown).count() == 1
    page = client.get(reverse("topics:topic", args=[topic.pk])).content.decode()
    assert 'aria-pressed="true"' in page


def test_a_like_without_javascript_comes_back_to_the_answer(client, topic):
    (shown,) = published(topic, "值得点赞的回答")

    response = client.post(reverse("topics:like", args=[topic.pk, shown.pk]))

    assert response.status_code == 303
    assert response["Location"].endswith(f"#answer-{shown.pk}")
    shown.refresh_from_db()
    assert shown.likes == 1


@pytest.mark.usefixtures("ratelimit_window_held")
def test_a_burst_of_answers_from_one_phone_is_slowed_down(client, topic):
    statuses = [send(client, topic, f"第{number}条回答").status_code for number in range(5)]

    assert statuses[:3] == [303, 303, 303]
    assert statuses[3:] == [429, 429]
    assert Answer.objects.filter(topic=topic).count() == 3


def test_a_draft_topic_is_not_public(client, campaign, organiser):
    draft = make_topic(campaign, actor=organiser, open_it=False, title="还没发布的话题")

    assert client.get(reverse("topics:topic", args=[draft.pk])).status_code == 404
    assert "还没发布的话题" not in client.get(reverse("topics:index")).content.decode()


def test_the_moderator_publishes_the_ticked_answers_from_the_queue(client, topic, organiser):
    first, _second, third = (answer(topic, text) for text in ("回答一", "回答二", "回答三"))
    client.force_login(organiser)

    queue = client.get(reverse("topics_manage:topic", args=[topic.pk]))
    assert all(text in queue.content.decode() for text in ("回答一", "回答二", "回答三"))
    response = client.post(
        reverse("topics_manage:moderate", args=[topic.pk]),
        {"action": "publish", "answers": [first.pk, third.pk], "state": "pending"},
    )

    assert response.status_code == 302
    states = dict(Answer.objects.values_list("text", "state"))
    assert states == {
        "回答一": AnswerState.PUBLISHED,
        "回答二": AnswerState.PENDING,
        "回答三": AnswerState.PUBLISHED,
    }
    topic.refresh_from_db()
    assert topic.answers == 2
    public = client.get(reverse("topics:topic", args=[topic.pk])).content.decode()
    assert "回答一" in public and "回答三" in public and "回答二" not in public


def test_held_answers_show_the_words_they_matched(client, topic, organiser):
    services.set_words(actor=organiser, words=["代考"])
    answer(topic, "专业代考")
    client.force_login(organiser)

    page = client.get(reverse("topics_manage:topic", args=[topic.pk]), {"state": "held"})

    assert "专业代考" in page.content.decode()
    assert 'class="topics-queue-words"' in page.content.decode()


def test_the_word_list_is_saved_from_its_page(client, organiser):
    client.force_login(organiser)

    response = client.post(reverse("topics_manage:words"), {"words": "代考\n刷票\n代考"})

    assert response.status_code == 302
    page = client.get(reverse("topics_manage:words")).content.decode()
    assert "代考\n刷票" in page


def test_a_school_reporter_cannot_reach_the_moderation(client, tree, topic):
    reporter = make_member(tree.taiyuan_school, Role.UNIT_REPORTER)
    sent = answer(topic)
    client.force_login(reporter)

    assert client.get(reverse("topics_manage:list")).status_code == 404
    assert client.get(reverse("topics_manage:topic", args=[topic.pk])).status_code == 404
    response = client.post(
        reverse("topics_manage:moderate", args=[topic.pk]),
        {"action": "publish", "answers": [sent.pk]},
    )
    assert response.status_code == 404
    sent.refresh_from_db()
    assert sent.state == AnswerState.PENDING


def test_a_provincial_reviewer_moderates_but_does_not_write_topics(client, tree, topic):
    reviewer = make_member(tree.province, Role.PROVINCE_REVIEWER)
    sent = answer(topic)
    client.force_login(reviewer)

    client.post(
        reverse("topics_manage:moderate", args=[topic.pk]),
        {"action": "reject", "answers": [sent.pk], "reason": "广告"},
    )

    sent.refresh_from_db()
    assert sent.state == AnswerState.REJECTED and sent.rejection_reason == "广告"
    assert client.get(reverse("topics_manage:new")).status_code == 404
    assert client.get(reverse("topics_manage:words")).status_code == 404
