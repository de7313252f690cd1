"""An interactive topic from a phone to the moderation queue and back: a member of the public
answers on a phone and sees it waiting; an answer with a listed word is held apart; the
moderator publishes the first from the console; the public sees it and likes it once."""

import pytest
from playwright.sync_api import expect

from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.topics import services
from vocweek.topics.models import Answer
from vocweek.topics.tests.factories import make_topic

pytestmark = pytest.mark.e2e

PASSWORD = "correct-horse-42"


@pytest.fixture
def topic(campaign, tree, clock_at):
    clock_at("2021-05-24T10:00+08:00")
    organiser = make_member(tree.province, Role.ORGANISER_ADMIN, username="organiser")
    services.set_words(actor=organiser, words=["代考"])
    return make_topic(campaign, actor=organiser, title="我心中的大国工匠")


def answer(page, topic, nickname: str, text: str) -> None:
    page.goto(f"/topics/{topic.pk}/")
    page.get_by_label("昵称").fill(nickname)
    page.get_by_role("textbox", name="我的回答").fill(text)
    page.get_by_role("button", name="发送回答").click()


def test_an_answer_is_moderated_published_and_liked_once(page, desktop_page, topic):
    answer(page, topic, "焊花少年", "我的师傅焊了三十年，焊缝从来笔直。")
    expect(page.get_by_role("heading", name="谢谢，你的回答已收到")).to_be_visible()
    expect(page.get_by_text("我的师傅焊了三十年，焊缝从来笔直。")).to_be_visible()
    expect(page.get_by_role("heading", name="0 条回答")).to_be_visible()  # not public yet

    answer(page, topic, "热心人", "专业代考，联系我")
    held = Answer.objects.get(nickname="热心人")
    assert held.held_words == "代考"

    moderator = desktop_page
    moderator.goto("/accounts/login/")
    moderator.get_by_label("登录名").fill("organiser")
    moderator.get_by_label("密码").fill(PASSWORD)
    moderator.get_by_role("button", name="登录").click()
    moderator.get_by_role("link", name="网络互动话题").first.click()
    moderator.get_by_role("link", name="我心中的大国工匠").click()
    moderator.get_by_role("link", name="含敏感词待审 (1)").click()
    expect(moderator.get_by_text("敏感词：代考")).to_be_visible()
    moderator.get_by_role("link", name="待审核 (1)").click()
    moderator.get_by_role("checkbox", name="焊花少年 的回答").check()
    moderator.get_by_role("button", name="发布勾选的回答").click()
    expect(moderator.get_by_text("已发布 1 条回答。")).to_be_visible()

    page.goto(f"/topics/{topic.pk}/")
    expect(page.get_by_role("heading", name="1 条回答")).to_be_visible()
    like = page.get_by_role("button", name="为 焊花少年 的回答点赞")
    expect(like).to_contain_text("0")
    like.click()
    expect(like).to_contain_text("1")
    expect(like).to_have_attribute("aria-pressed", "true")
    page.reload()
    like = page.get_by_role("button", name="为 焊花少年 的回答点赞")
    expect(like).to_be_disabled()  # this phone has liked it
    assert Answer.objects.get(nickname="焊花少年").likes == 1
    expect(page.get_by_text("专业代考，联系我")).not_to_be_visible()
