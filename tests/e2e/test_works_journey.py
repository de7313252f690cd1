"""A call for works (作品征集) from entry to winner's page: before the deadline a school's staff
member, on a phone, submits a photo entry with two photos from the console and sees it listed as
submitted; after the deadline, once judging has started, a judge on a desktop scores it blind
(neither the school nor the author shows); the organiser takes the suggested awards and publishes
the results; the public, on a phone, finds the entry under its award and opens its page with the
title, the award, the author and the photos."""

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, TIMEOUT_MS
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.voting.works import services
from vocweek.voting.works.enums import Award, CollectionState, EntryState, MediaStatus
from vocweek.voting.works.models import Entry
from vocweek.voting.works.tests.factories import AFTER_DEADLINE, BEFORE_DEADLINE, make_collection

pytestmark = pytest.mark.e2e
PASSWORD = "correct-horse-42"  # the factories' password

TITLE = "车间里的光"
DESCRIPTION = "实训车间里，师傅和徒弟一起调试数控机床。"
AUTHOR = "李小明"
AFFILIATION = "数控技术 2019 级"


@pytest.fixture
def collection(transactional_db, tree, campaign, clock_at, settings, tmp_path):
    """The campaign's open call (photos: one first and one second prize), before its deadline;
    a school's unit manager, the organiser and a province reviewer who will judge."""
    settings.MEDIA_ROOT = tmp_path / "media"
    clock_at(BEFORE_DEADLINE)
    make_member(tree.taiyuan_school, Role.UNIT_MANAGER, username="school")
    make_member(tree.province, Role.ORGANISER_ADMIN, username="organiser")
    make_member(tree.province, Role.PROVINCE_REVIEWER, username="judge")
    return make_collection(campaign)


@pytest.fixture
def photos(tmp_path):
    """Two JPEG files as a phone's gallery would give them."""
    paths = []
    for number, colour in enumerate([(200, 80, 40), (40, 120, 200)], start=1):
        path = tmp_path / f"车间{number}.jpg"
        Image.new("RGB", (640, 480), colour).save(path, format="JPEG")
        paths.append(path)
    return paths


@pytest.fixture
def new_page(browser, live_server):
    """Open another page of the live server in Chinese, in a fresh context (a fresh session)."""
    contexts = []

    def open_page(**device):
        context = browser.new_context(
            base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai", **device
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的任务", exact=True)).to_be_visible()


def open_menu(page, label: str) -> None:
    page.get_by_role("navigation", name="工作台").get_by_role("link", name=label).click()
    expect(page.get_by_role("heading", name=label, exact=True)).to_be_visible()


def calls(page):
    return page.get_by_role("region", name="正在征集的活动")


def submit_photo_entry(page, photos) -> None:
    """From the unit's works page: the photo category's form, filled in and sent."""
    photo_line = calls(page).get_by_role("listitem").filter(has_text="摄影作品")
    expect(photo_line.get_by_text("剩余 2 个名额")).to_be_visible()
    photo_line.get_by_role("link", name="提交作品").click()
    expect(page.get_by_role("heading", name="提交作品")).to_be_visible()
    page.get_by_role("radio", name="摄影作品").check()
    essay = page.get_by_label("征文", exact=True)
    expect(essay).to_be_attached()
    expect(essay).to_be_hidden()  # the form shows only what a photo entry takes
    page.get_by_label("作品标题").fill(TITLE)
    page.get_by_label("简介", exact=True).fill(DESCRIPTION)
    page.get_by_label("图片", exact=True).set_input_files(photos)
    authors = page.get_by_role("group", name="作者")  # the first of several author lines
    authors.get_by_label("姓名").first.fill(AUTHOR)
    authors.get_by_label("身份").first.select_option(label="学生")
    authors.get_by_label("班级或专业").first.fill(AFFILIATION)
    page.get_by_role("button", name="提交作品").click()


def score(page, points: dict[str, int]) -> None:
    for criterion, value in points.items():
        page.get_by_label(criterion).fill(str(value))
    page.get_by_role("button", name="保存并评下一件").click()


def test_a_photo_entry_is_submitted_judged_blind_awarded_and_shown_to_the_public(
    page, desktop_page, new_page, collection, photos, tree, clock_at
):
    school_name = tree.taiyuan_school.name

    # The school submits from a phone, before the deadline.
    log_in(page, "school")
    open_menu(page, "征集作品")
    expect(page.get_by_role("heading", name=collection.title)).to_be_visible()
    submit_photo_entry(page, photos)
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    entry = Entry.objects.get(collection=collection)
    expect(page.get_by_text(f"“{TITLE}”已提交，作品编号为 {entry.code}。")).to_be_visible()
    expect(page.get_by_role("img", name=f"{TITLE}，第 2 张照片")).to_be_visible()
    page.get_by_role("navigation", name="工作台").get_by_role("link", name="征集作品").click()
    ours = page.get_by_role("region", name="本单位作品").get_by_role("listitem")
    expect(ours).to_have_count(1)
    expect(ours.get_by_role("link", name=TITLE)).to_be_visible()
    expect(ours.get_by_text("已报送", exact=True)).to_be_visible()
    expect(calls(page).get_by_role("listitem").filter(has_text="摄影作品")).to_contain_text(
        "剩余 1 个名额"
    )

    # After the deadline: the judge is appointed and judging starts (not the journey).
    clock_at(AFTER_DEADLINE)
    services.add_judge(collection=collection, actor=None, username="judge")
    services.start_judging(collection=collection, actor=None)

    # The judge scores blind, on a desktop.
    judge = desktop_page
    log_in(judge, "judge")
    open_menu(judge, "作品评审")
    judge.get_by_role("link", name=collection.title).click()
    expect(judge.get_by_text("已评 0 / 1")).to_be_visible()
    judge.get_by_role("link", name=f"编号 {entry.code} · {TITLE}").click()
    expect(judge.get_by_role("heading", name=f"编号 {entry.code} · {TITLE}")).to_be_visible()
    expect(judge.get_by_role("img", name=f"{TITLE}，第 1 张照片")).to_be_visible()
    expect(judge.get_by_text(DESCRIPTION)).to_be_visible()
    whole_page = judge.locator("body")  # blind: no school, no author anywhere on the page
    expect(whole_page).not_to_contain_text(school_name)
    expect(whole_page).not_to_contain_text(AUTHOR)
    expect(whole_page).not_to_contain_text(AFFILIATION)
    score(judge, {"思想性": 36, "艺术性": 52})
    expect(
        judge.get_by_text(re.compile(rf"作品 {entry.code}：已保存 88(\.0)? 分。"))
    ).to_be_visible()
    expect(judge.get_by_text("已评 1 / 1")).to_be_visible()

    # The organiser takes the suggested awards and publishes, on a desktop.
    organiser = new_page(**DESKTOP)
    log_in(organiser, "organiser")
    open_menu(organiser, "作品征集")
    organiser.get_by_role("link", name=collection.title).click()
    organiser.get_by_role("navigation", name="征集活动").get_by_role(
        "link", name="排名与奖项"
    ).click()
    photo_ranking = organiser.get_by_role("region", name="摄影作品")
    line = photo_ranking.get_by_role("row").filter(has_text=TITLE)
    expect(line).to_contain_text(school_name)  # the organiser sees whose it is
    expect(line).to_contain_text(re.compile(r"88(\.0)?"))
    expect(line.get_by_role("cell", name="一等奖", exact=True)).to_be_visible()  # suggested
    organiser.get_by_role("button", name="按建议授奖").click()
    expect(organiser.get_by_text("奖项已保存：1 项有变动。")).to_be_visible()
    expect(organiser.get_by_label(f"作品 {entry.code} 的奖项")).to_have_value(Award.FIRST)
    organiser.get_by_role("button", name="公布结果").click()
    expect(organiser.get_by_text(f"“{collection.title}”的结果已公布。")).to_be_visible()

    # The public, on a phone and not logged in, finds the winner.
    public = new_page(**PHONE)
    public.goto(f"/works/{collection.pk}/")
    expect(public.get_by_text("已公布结果", exact=True)).to_be_visible()
    winners = public.get_by_role("region", name="获奖作品").get_by_role("region", name="摄影作品")
    expect(winners.get_by_role("heading", name="一等奖")).to_be_visible()
    card = winners.get_by_role("link", name=TITLE)
    expect(card).to_contain_text(school_name)
    expect(card).to_contain_text(AUTHOR)
    card.click()
    expect(public.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(public.get_by_text("一等奖 · 摄影作品")).to_be_visible()
    expect(public.get_by_text(AUTHOR)).to_be_visible()
    for number in (1, 2):
        photo = public.get_by_role("img", name=f"{TITLE}，第 {number} 张照片")
        expect(photo).to_be_visible()
        assert public.request.get(photo.get_attribute("src")).ok

    entry.refresh_from_db()
    collection.refresh_from_db()
    assert entry.state == EntryState.SUBMITTED
    assert entry.award == Award.FIRST
    assert list(entry.media.values_list("status", flat=True)) == [MediaStatus.READY] * 2
    assert collection.state == CollectionState.PUBLISHED
