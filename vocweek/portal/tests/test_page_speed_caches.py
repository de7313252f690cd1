"""Parts of public pages kept under the public generation (`core.pagecache.public_fragment`): a
page the page cache does not answer is rendered from them, and what a service changes still shows
on the next request."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from vocweek.campaigns import services as campaign_services
from vocweek.campaigns.tests.factories import make_campaign
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.reports import services
from vocweek.reports.enums import Category
from vocweek.reports.halls import services as hall_services
from vocweek.reports.tests.column import DAY_THREE, Stories

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture(autouse=True)
def fragment_cache(settings):
    settings.VOCWEEK_FRAGMENT_CACHE = True
    settings.VOCWEEK_PAGE_CACHE = False  # every request reaches the views
    settings.VOCWEEK_PAGE_CACHE_STAMP = ""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def stories(tree, campaign, settings, tmp_path, clock_at, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path / "media"
    clock_at(DAY_THREE)
    reviewer = make_member(tree.province, Role.PROVINCE_REVIEWER)
    return Stories(campaign, reviewer, django_capture_on_commit_callbacks)


def page(client, path: str, headers=ENGLISH, **params) -> str:
    response = client.get(path, params, **headers)
    assert response.status_code == 200
    return response.content.decode()


def public_pages(client, story_pk: int) -> tuple[str, str, int]:
    """The home page, the column, and the status code of the story's page."""
    story = client.get(reverse("column:story", args=[story_pk]), **ENGLISH).status_code
    return page(client, "/"), page(client, reverse("column:index")), story


def test_featuring_and_unfeaturing_a_story_show_on_the_next_request(
    client, tree, stories, django_capture_on_commit_callbacks
):
    report = stories.adopted(tree.college, "开放校园迎来八方来客", photo=False)
    home, column, story = public_pages(client, report.pk)
    assert "开放校园迎来八方来客" not in home and "开放校园迎来八方来客" not in column
    assert story == 404

    with django_capture_on_commit_callbacks(execute=True):
        report = stories.feature(report)
    home, column, story = public_pages(client, report.pk)
    assert "开放校园迎来八方来客" in home and "开放校园迎来八方来客" in column
    assert story == 200

    with django_capture_on_commit_callbacks(execute=True):
        services.unfeature_report(report=report, actor=stories.reviewer, version=report.version)
    home, column, story = public_pages(client, report.pk)
    assert "开放校园迎来八方来客" not in home and "开放校园迎来八方来客" not in column
    assert story == 404


def test_with_the_page_cache_too_a_featured_story_shows_on_the_next_request(
    client, tree, stories, settings, django_capture_on_commit_callbacks
):
    settings.VOCWEEK_PAGE_CACHE = True
    first = stories.featured(tree.college, "第一篇精选", photo=False)
    second = stories.adopted(tree.datong_school, "第二篇精选", photo=False)
    assert "第二篇精选" not in page(client, "/")

    with django_capture_on_commit_callbacks(execute=True):
        stories.feature(second)

    home = page(client, "/")
    assert home.index("第二篇精选") < home.index(first.title)


def test_kept_pages_are_rendered_without_a_query(client, tree, stories, django_assert_num_queries):
    report = stories.featured(tree.college, "技能展示进社区")
    paths = ["/", reverse("column:index"), reverse("column:story", args=[report.pk])]
    first = [page(client, path) for path in paths]

    with django_assert_num_queries(0):
        again = [page(client, path) for path in paths]

    assert again == first


def test_column_filters_and_pages_are_kept_apart(client, tree, stories):
    stories.featured(tree.college, "高职新闻", photo=False)
    stories.featured(tree.qingxu_school, "典型案例", category=Category.CASE, photo=False)
    column = reverse("column:index")

    everything = page(client, column)
    cases = page(client, column, category=Category.CASE)
    second_page = page(client, column, page=2)

    assert "高职新闻" in everything and "典型案例" in everything
    assert "典型案例" in cases and "高职新闻" not in cases
    assert "1 story" in cases and "2 stories" in second_page


def test_each_language_gets_its_own_rendering(client, tree, stories):
    report = stories.featured(tree.college, "中文日期", photo=False)
    story = reverse("column:story", args=[report.pk])

    chinese = page(client, story, headers=CHINESE)
    english = page(client, story)

    assert "2021年5月24日" in chinese and "May 24, 2021" not in chinese
    assert "May 24, 2021" in english and "Newer story" not in chinese


def test_the_day_of_the_week_moves_on_with_the_clock(client, campaign, clock_at):
    clock_at("2021-05-24T23:59+08:00")
    assert "Day <strong>3</strong> of 7" in page(client, "/")

    clock_at("2021-05-25T00:01+08:00")
    assert "Day <strong>4</strong> of 7" in page(client, "/")


def test_making_another_campaign_current_shows_on_the_next_request(
    client, tree, campaign, django_capture_on_commit_callbacks
):
    assert campaign.title in page(client, "/")
    later = make_campaign(tree.province, year=2022, is_current=False)

    with django_capture_on_commit_callbacks(execute=True):
        campaign_services.make_current(campaign=later)

    assert later.title in page(client, "/")
    assert later.title in page(client, reverse("column:index"))


def test_a_signed_in_visitor_gets_the_kept_parts_with_their_own_navigation(client, tree, stories):
    stories.featured(tree.college, "开放校园迎来八方来客", photo=False)
    assert "Staff log-in" in page(client, "/")

    client.force_login(stories.reviewer)
    home = page(client, "/")

    assert "开放校园迎来八方来客" in home
    assert "Console" in home and "Staff log-in" not in home


def test_publishing_changing_and_withdrawing_a_hall_show_on_the_next_request(
    client, tree, campaign, django_capture_on_commit_callbacks
):
    manager = make_member(tree.datong_school, Role.UNIT_MANAGER)
    hall = hall_services.open_hall(unit=tree.datong_school, actor=manager)
    content = hall_services.HallContent(
        tagline="塞上古城 技能之乡", introduction="<p>欢迎参观。</p>"
    )
    hall = hall_services.update_hall(hall=hall, content=content, actor=manager)
    url = reverse("halls:hall", args=[hall.pk])
    assert "大同市第二职业中学" not in page(client, reverse("halls:index"))
    assert client.get(url).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        hall = hall_services.publish_hall(hall=hall, actor=manager)
    assert "塞上古城 技能之乡" in page(client, url)
    assert "大同市第二职业中学" in page(client, reverse("halls:index"))
    assert "大同市第二职业中学" in page(client, "/")

    changed = hall_services.HallContent(tagline="技能成才 匠心筑梦", introduction="<p>欢迎。</p>")
    with django_capture_on_commit_callbacks(execute=True):
        hall = hall_services.update_hall(hall=hall, content=changed, actor=manager)
    assert "技能成才 匠心筑梦" in page(client, url)
    assert "技能成才 匠心筑梦" in page(client, reverse("halls:index"))

    with django_capture_on_commit_callbacks(execute=True):
        hall_services.withdraw_hall(hall=hall, actor=manager)
    assert client.get(url).status_code == 404
    assert "大同市第二职业中学" not in page(client, reverse("halls:index"))
    assert "大同市第二职业中学" not in page(client, "/")
