"""Answers through the services: pre-moderation, the sensitive-word list, retried forms, likes
and the counts the public sees."""

import pytest

from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.topics import screening, services
from vocweek.topics.enums import AnswerState, TopicState
from vocweek.topics.models import Answer, Like
from vocweek.topics.tests.factories import answer, make_topic, published


@pytest.fixture
def moderator(tree):
    return make_member(tree.province, Role.ORGANISER_ADMIN)


@pytest.fixture
def topic(campaign, moderator):
    return make_topic(campaign, actor=moderator)


@pytest.fixture
def words(moderator):
    services.set_words(actor=moderator, words=services.parse_words("代考\n刷票、办证\nVPN"))
    screening.forget_words()


def test_an_answer_waits_for_a_moderator_before_the_public_sees_it(topic, moderator):
    sent = answer(topic)

    assert sent.state == AnswerState.PENDING
    topic.refresh_from_db()
    assert topic.answers == 0

    assert services.publish_answers(topic=topic, actor=moderator, answer_ids=[sent.pk]) == 1
    sent.refresh_from_db()
    topic.refresh_from_db()
    assert sent.state == AnswerState.PUBLISHED and sent.published_at is not None
    assert sent.moderated_by == moderator
    assert topic.answers == 1


def test_an_answer_with_a_listed_word_is_held_with_the_words_it_matched(topic, words):
    held = answer(topic, "专业 代 考，联系我")
    fine = answer(topic, "我们学校的实训基地真好")
    full_width = answer(topic, "翻墙用ｖｐｎ")

    assert held.state == AnswerState.HELD and held.held_words == "代考"
    assert fine.state == AnswerState.PENDING and fine.held_words == ""
    assert full_width.state == AnswerState.HELD and full_width.held_words == "VPN"


def test_a_nickname_with_a_listed_word_holds_the_answer(topic, words):
    held = answer(topic, "技能成才", nickname="刷*票找我")

    assert held.state == AnswerState.HELD and held.held_words == "刷票"


def test_adding_a_word_holds_the_waiting_answers_that_contain_it(topic, moderator):
    waiting = answer(topic, "需要办证的请联系")
    other = answer(topic, "实训很辛苦但值得")

    held = services.set_words(actor=moderator, words=["办证"])

    waiting.refresh_from_db()
    other.refresh_from_db()
    assert held == 1
    assert waiting.state == AnswerState.HELD and waiting.held_words == "办证"
    assert other.state == AnswerState.PENDING


def test_the_word_list_reads_lines_commas_and_drops_repeats():
    assert services.parse_words("代考, 刷票\n\n代 考\n办证、Ｖpn\nvpn") == [
        "代考",
        "刷票",
        "办证",
        "Ｖpn",
    ]


def test_a_word_too_long_is_refused_naming_its_line():
    with pytest.raises(services.TopicError, match="第 2 行") as refused:
        services.parse_words("代考\n" + "长" * 31)
    assert "30" in str(refused.value)


def test_the_same_form_sent_twice_makes_one_answer(topic):
    first = services.submit_answer(
        topic_id=topic.pk, nickname="小王", text="为技能点赞", token="form-token-1"
    )
    again = services.submit_answer(
        topic_id=topic.pk, nickname="小王", text="为技能点赞", token="form-token-1"
    )

    assert first.created and not again.created
    assert again.answer.pk == first.answer.pk
    assert Answer.objects.filter(topic=topic).count() == 1


def test_an_answer_to_a_closed_or_draft_topic_is_refused(campaign, topic, moderator):
    services.close_topic(topic=topic, actor=moderator)
    draft = make_topic(campaign, actor=moderator, open_it=False, title="草稿话题")

    for refused in (topic, draft):
        with pytest.raises(services.TopicError, match="不接受回答"):
            answer(refused)
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    ("nickname", "text", "field"),
    [("小李", "", "回答"), ("小李", "好" * 501, "回答"), ("名" * 21, "很好的话题", "昵称")],
)
def test_a_bad_answer_names_its_field_and_saves_nothing(topic, nickname, text, field):
    with pytest.raises(services.TopicError, match=field):
        answer(topic, text, nickname=nickname)
    assert not Answer.objects.exists()


def test_an_empty_nickname_appears_as_a_netizen(topic):
    assert answer(topic, nickname="  ").nickname == "网友"


def test_rejecting_a_published_answer_takes_it_down_and_the_count_follows(topic, moderator):
    first, _second = published(topic, "第一条回答", "第二条回答", actor=moderator)

    taken = services.reject_answers(
        topic=topic, actor=moderator, answer_ids=[first.pk], reason="与话题无关"
    )

    first.refresh_from_db()
    topic.refresh_from_db()
    assert taken == 1
    assert first.state == AnswerState.REJECTED and first.published_at is None
    assert first.rejection_reason == "与话题无关"
    assert topic.answers == 1


def test_publishing_twice_counts_once(topic, moderator):
    sent = answer(topic)

    services.publish_answers(topic=topic, actor=moderator, answer_ids=[sent.pk])
    again = services.publish_answers(topic=topic, actor=moderator, answer_ids=[sent.pk])

    topic.refresh_from_db()
    assert again == 0 and topic.answers == 1


def test_answers_of_another_topic_are_not_moderated_through_this_one(campaign, topic, moderator):
    other = make_topic(campaign, actor=moderator, title="另一个话题")
    elsewhere = answer(other)

    assert services.publish_answers(topic=topic, actor=moderator, answer_ids=[elsewhere.pk]) == 0
    elsewhere.refresh_from_db()
    assert elsewhere.state == AnswerState.PENDING


def test_a_device_likes_an_answer_once(topic, moderator):
    (shown,) = published(topic, "点赞这位师傅", actor=moderator)
    phone = services.device_hash("phone-one")

    first = services.like_answer(answer_id=shown.pk, device=phone)
    again = services.like_answer(answer_id=shown.pk, device=phone)
    other = services.like_answer(answer_id=shown.pk, device=services.device_hash("phone-two"))

    assert (first.likes, first.created) == (1, True)
    assert (again.likes, again.created) == (1, False)
    assert (other.likes, other.created) == (2, True)
    shown.refresh_from_db()
    assert shown.likes == 2 == Like.objects.filter(answer=shown).count()


def test_a_waiting_answer_or_a_closed_topic_cannot_be_liked(topic, moderator):
    waiting = answer(topic)
    (shown,) = published(topic, "已发布的回答", actor=moderator)
    phone = services.device_hash("phone-one")

    with pytest.raises(services.TopicError):
        services.like_answer(answer_id=waiting.pk, device=phone)
    services.close_topic(topic=topic, actor=moderator)
    with pytest.raises(services.TopicError):
        services.like_answer(answer_id=shown.pk, device=phone)
    assert not Like.objects.exists()


def test_a_draft_is_edited_but_an_open_topics_question_is_fixed(campaign, moderator):
    draft = make_topic(campaign, actor=moderator, open_it=False)
    changed = services.update_topic(
        topic=draft,
        actor=moderator,
        content=services.TopicContent(title="新标题", question="新的问题？"),
    )
    assert changed.title == "新标题"

    opened = services.open_topic(topic=changed, actor=moderator)
    assert opened.state == TopicState.OPEN and opened.opened_at is not None
    with pytest.raises(services.TopicError):
        services.update_topic(
            topic=opened,
            actor=moderator,
            content=services.TopicContent(title="再改", question="再改？"),
        )
