"""The publicity column (宣传专栏): only featured stories, newest on top, filtered, no N+1."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.reports import services
from vocweek.reports.enums import Category, Focus
from vocweek.reports.tests.column import DAY_THREE, Stories

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def stories(tree, campaign, settings, tmp_path, clock_at, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path / "media"
    clock_at(DAY_THREE)
    reviewer = make_member(tree.province, Role.PROVINCE_REVIEWER)
    return Stories(campaign, reviewer, django_capture_on_commit_callbacks)


def column_page(client, **params) -> str:
    return client.get(reverse("column:index"), params, **ENGLISH).content.decode()


def test_featured_story_shows_in_the_column_until_it_is_unfeatured(client, tree, stories):
    report = stories.adopted(tree.college, "开放校园迎来八方来客")
    assert "开放校园迎来八方来客" not in column_page(client)

    report = stories.feature(report)
    page = column_page(client)
    assert "开放校园迎来八方来客" in page
    assert reverse("column:story", args=[report.pk]) in page
    assert 'loading="lazy"' in page and "srcset=" in page

    services.unfeature_report(report=report, actor=stories.reviewer, version=report.version)
    assert "开放校园迎来八方来客" not in column_page(client)
    assert client.get(reverse("column:story", args=[report.pk])).status_code == 404


def test_column_lists_the_newest_featured_story_first(client, tree, stories):
    stories.featured(tree.college, "第一篇精选", photo=False)
    stories.featured(tree.datong_school, "第二篇精选", photo=False)

    page = column_page(client)

    assert page.index("第二篇精选") < page.index("第一篇精选")


def test_column_filters_by_city_school_category_and_focus(client, tree, stories):
    stories.featured(tree.college, "太原的高职新闻", photo=False)
    stories.featured(
        tree.qingxu_school,
        "清徐的典型案例",
        category=Category.CASE,
        photo=False,
        focus=Focus.EXEMPLARS,
    )
    stories.featured(tree.datong_school, "大同的新闻", photo=False)

    taiyuan = column_page(client, city=tree.taiyuan.pk)
    assert "太原的高职新闻" in taiyuan and "清徐的典型案例" in taiyuan
    assert "大同的新闻" not in taiyuan

    school = column_page(client, unit=tree.datong_school.pk)
    assert "大同的新闻" in school and "太原的高职新闻" not in school

    cases = column_page(client, category=Category.CASE)
    assert "清徐的典型案例" in cases and "大同的新闻" not in cases

    exemplars = column_page(client, focus=Focus.EXEMPLARS)
    assert "清徐的典型案例" in exemplars and "太原的高职新闻" not in exemplars
    assert "1 story" in exemplars


def test_column_pages_twelve_stories_at_a_time(client, tree, stories):
    for number in range(14):
        stories.featured(tree.college, f"精选第{number:02d}篇", photo=False)

    first = column_page(client)
    second = column_page(client, page=2)

    assert "精选第13篇" in first and "精选第02篇" in first and "精选第01篇" not in first
    assert "精选第01篇" in second and "精选第00篇" in second
    assert "Page 2 of 2" in second


def test_story_that_is_only_a_draft_or_adopted_answers_404(client, tree, stories):
    adopted = stories.adopted(tree.college, "已采用未精选", photo=False)
    draft = services.create_report(
        campaign=stories.campaign,
        unit=tree.college,
        author=stories.reviewer,
        content=services.ReportContent(title="草稿", body="", category=Category.NEWS),
    )

    assert client.get(reverse("column:story", args=[adopted.pk])).status_code == 404
    assert client.get(reverse("column:story", args=[draft.pk])).status_code == 404


def test_story_shows_text_gallery_facts_neighbours_and_absolute_og_image(client, tree, stories):
    older = stories.featured(tree.datong_school, "较早的精选", photo=False)
    report = stories.featured(
        tree.college,
        "技能展示进社区",
        body="<p>学生们走进社区，为居民<strong>义务维修</strong>家电。</p>",
        category=Category.CASE,
        focus=Focus.ACHIEVEMENTS,
    )
    newer = stories.featured(tree.qingxu_school, "较新的精选", photo=False)

    page = client.get(reverse("column:story", args=[report.pk]), **ENGLISH).content.decode()

    assert "<strong>义务维修</strong>" in page
    assert "山西职业技术学院" in page and "太原" in page
    assert "May 24, 2021" in page
    assert "typical case" in page and "reform achievements" in page
    assert "<figcaption>学生展示数控加工</figcaption>" in page
    assert 'alt="学生展示数控加工"' in page and 'sizes="' in page and " 480w" in page
    assert reverse("column:story", args=[newer.pk]) in page
    assert reverse("column:story", args=[older.pk]) in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:image" content="http://testserver/media/reports/' in page
    assert '<meta property="og:description" content="学生们走进社区，为居民义务维修家电。">' in page
    assert f'<meta property="og:url" content="http://testserver/column/{report.pk}/">' in page


def test_story_date_reads_in_chinese(client, tree, stories):
    report = stories.featured(tree.college, "中文日期", photo=False)

    page = client.get(
        reverse("column:story", args=[report.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()

    assert "2021年5月24日" in page


def test_column_with_twelve_stories_takes_a_fixed_number_of_queries(
    client, tree, stories, django_assert_max_num_queries
):
    for number in range(12):
        stories.featured(tree.college if number % 2 else tree.datong_school, f"精选{number}")

    with django_assert_max_num_queries(6):
        page = column_page(client)

    assert page.count('class="story-card"') == 12


def test_story_page_takes_a_fixed_number_of_queries(
    client, tree, stories, django_assert_max_num_queries
):
    stories.featured(tree.datong_school, "前一篇")
    report = stories.featured(tree.college, "本篇")
    stories.featured(tree.qingxu_school, "后一篇")

    with django_assert_max_num_queries(5):
        response = client.get(reverse("column:story", args=[report.pk]))

    assert "本篇" in response.content.decode()


def test_feed_is_atom_with_the_story_and_its_unit(client, tree, stories):
    report = stories.featured(tree.college, "订阅里的精选", body="<p>摘要文字。</p>")

    response = client.get(reverse("column:feed"))
    root = ET.fromstring(response.content)

    assert root.tag == f"{ATOM}feed"
    entry = root.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "订阅里的精选"
    assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == "山西职业技术学院"
    assert entry.findtext(f"{ATOM}summary") == "摘要文字。"
    assert entry.find(f"{ATOM}link").get("href").endswith(f"/column/{report.pk}/")


def test_sitemap_lists_featured_stories_only(client, tree, stories):
    report = stories.featured(tree.college, "地图里的精选", photo=False)
    adopted = stories.adopted(tree.college, "地图外的采用", photo=False)

    text = client.get("/sitemap.xml").content.decode()

    assert f"http://testserver/column/{report.pk}/" in text
    assert f"/column/{adopted.pk}/" not in text
    assert "<loc>http://testserver/column/</loc>" in text
