"""Online voting (网络评选) on a phone: a member of the public opens the selection, is sent to
verify a mobile on the first tap, reads the texted code, votes and sees the count move; a second
vote for the same candidate that day is refused politely; a double tap and a resent ballot count
once; once the selection closes, a stale page's tap is refused, the page says voting has closed
and offers no vote button, and the log agrees with what the page shows."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from vocweek.notify.enums import ChannelName
from vocweek.notify.models import Delivery
from vocweek.voting import services
from vocweek.voting.models import Candidate, Vote
from vocweek.voting.tests.factories import beijing, make_selection

pytestmark = pytest.mark.e2e

MOBILE = "13900000001"
XIAOMING, HONG = "张晓明", "李红"


@pytest.fixture
def selection(campaign, clock_at):
    """Day 3 of the week, 11:00: 最美职校生 with two approved candidates, one vote per voter per
    candidate per day, the ranking shown as it is counted; voting closes at noon."""
    cache.clear()  # the rate limits and the public fragments live in the cache
    clock_at("2021-05-24T11:00+08:00")
    return make_selection(
        campaign,
        names=(XIAOMING, HONG),
        closes_at=beijing(2021, 5, 24, 12, 0),
        votes_per_day=5,
        votes_per_candidate_per_day=1,
        ranking_visible=True,
    )


def card(page, name: str):
    """The candidate's card in the list of candidates."""
    return (
        page.get_by_role("list", name="候选人")
        .get_by_role("listitem")
        .filter(has=page.get_by_role("heading", name=name))
    )


def vote_button(page, name: str):
    return page.get_by_role("button", name=f"为{name}投票")


def test_a_phone_verifies_votes_once_per_candidate_a_double_tap_counts_once_and_closing_stops_it(
    page, selection, clock_at
):
    xiaoming = selection.candidates.get(name=XIAOMING)
    hong = selection.candidates.get(name=HONG)

    # The selection is listed as open; its page gives the rules and a vote button per candidate.
    page.goto("/vote/")
    expect(page.get_by_role("heading", name="网络评选")).to_be_visible()
    page.get_by_role("link", name="最美职校生").click()
    expect(page.get_by_role("heading", name="最美职校生", level=1)).to_be_visible()
    expect(page.get_by_text("投票进行中")).to_be_visible()
    expect(page.get_by_text("票数和排名实时显示。")).to_be_visible()
    expect(card(page, XIAOMING).get_by_text("0 票", exact=True)).to_be_visible()
    expect(card(page, HONG).get_by_text("0 票", exact=True)).to_be_visible()

    # The first tap sends an unverified phone to verify its mobile, the candidate kept.
    vote_button(page, XIAOMING).click()
    expect(page).to_have_url(re.compile(rf"/vote/{selection.pk}/verify/\?candidate={xiaoming.pk}$"))
    expect(page.get_by_role("heading", name="验证手机号")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("请先验证手机号，然后即可投票。")
    page.get_by_label("手机", exact=True).fill(MOBILE)
    page.get_by_role("button", name="发送验证码").click()
    expect(page.get_by_text(f"验证码已发送至 {MOBILE}。")).to_be_visible()
    text = Delivery.objects.filter(channel=ChannelName.SMS, recipient=MOBILE).latest("pk").body
    code = re.search(r"\d{6}", text).group()
    page.get_by_label("验证码", exact=True).fill(code)
    page.get_by_role("button", name="验证", exact=True).click()

    # Back on the selection, at the candidate; the vote counts and the count shows it.
    expect(page).to_have_url(re.compile(rf"/vote/{selection.pk}/#candidate-{xiaoming.pk}$"))
    expect(page.get_by_role("status")).to_contain_text("手机号已验证：接下来 4 小时内可以投票。")
    expect(page.get_by_text("手机号已验证：点击候选人下方的“投票”即可。")).to_be_visible()
    vote_button(page, XIAOMING).click()
    expect(page.get_by_role("status")).to_contain_text("感谢投票：您为张晓明投的票已计入。")
    expect(card(page, XIAOMING).get_by_text("1 票", exact=True)).to_be_visible()
    expect(card(page, XIAOMING).get_by_text("第 1 名", exact=True)).to_be_visible()

    # Once per candidate per day: the second vote is refused, naming the candidate.
    vote_button(page, XIAOMING).click()
    expect(page.get_by_role("status")).to_contain_text("您今天为张晓明投票的次数已达上限。")
    expect(page.get_by_role("status")).not_to_contain_text("感谢投票")
    expect(card(page, XIAOMING).get_by_text("1 票", exact=True)).to_be_visible()

    # A double tap on 李红 counts once; the same ballot sent again is answered, not counted.
    hong_form = card(page, HONG).locator("form")
    ballot = hong_form.locator("input[name=ballot]").input_value()
    csrf = hong_form.locator("input[name=csrfmiddlewaretoken]").input_value()
    vote_button(page, HONG).dblclick()
    expect(card(page, HONG).get_by_text("1 票", exact=True)).to_be_visible()
    resent = page.request.post(
        f"/vote/{selection.pk}/c/{hong.pk}/vote/",
        form={"csrfmiddlewaretoken": csrf, "ballot": ballot},
        max_redirects=0,
    )
    assert resent.status == 303
    assert resent.headers["location"] == f"/vote/{selection.pk}/#candidate-{hong.pk}"
    page.reload()  # the page it was sent from, where the answer is waiting
    expect(page.get_by_role("status")).to_contain_text("这张票已经提交过，只计一次。")
    expect(card(page, HONG).get_by_text("1 票", exact=True)).to_be_visible()
    expect(card(page, XIAOMING).get_by_text("1 票", exact=True)).to_be_visible()

    # Noon passes while the page is open: its tap is refused, and voting shows as closed.
    clock_at("2021-05-24T12:05+08:00")
    vote_button(page, HONG).click()
    expect(page.get_by_role("status")).to_contain_text("投票已结束。")
    expect(page.get_by_text("投票已结束", exact=True)).to_be_visible()
    expect(page.get_by_text("投票进行中")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("投票"))).to_have_count(0)
    expect(page.get_by_role("link", name="验证手机号")).to_have_count(0)
    page.reload()
    expect(page.get_by_text("投票已结束", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("投票"))).to_have_count(0)
    expect(card(page, XIAOMING).get_by_text("1 票", exact=True)).to_be_visible()
    expect(card(page, HONG).get_by_text("1 票", exact=True)).to_be_visible()

    # The log agrees with the page: one vote each, from this voter, the resent ballot kept once.
    votes = Vote.objects.filter(selection=selection)
    voter = services.voter_hash(selection.pk, MOBILE)
    assert sorted(votes.values_list("candidate__name", flat=True)) == sorted([XIAOMING, HONG])
    assert set(votes.values_list("voter_hash", flat=True)) == {voter}
    assert votes.get(candidate=hong).ballot == ballot
    assert all(vote.cast_at < selection.closes_at for vote in votes)
    assert dict(Candidate.objects.filter(selection=selection).values_list("name", "votes")) == {
        XIAOMING: 1,
        HONG: 1,
    }
    assert all(line.agrees for line in services.recount(selection=selection))
