"""Featured stories in the search index: featuring adds, unfeaturing removes, the portal finds."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from vocweek.campaigns.services import enrol_unit
from vocweek.core.search import backend
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.reports import services
from vocweek.reports.enums import Category
from vocweek.reports.search import STORY, search_stories

DAY_THREE = "2021-05-24T15:00+08:00"


@pytest.fixture
def people(tree, campaign, clock_at):
    clock_at(DAY_THREE)
    for unit in (tree.qingxu_school, tree.datong_school):
        enrol_unit(
            campaign=campaign,
            unit=unit,
            owes_plan=False,
            owes_daily_reports=True,
            owes_statistics=True,
        )
    return {
        "qingxu": make_member(tree.qingxu_school, Role.UNIT_REPORTER),
        "datong": make_member(tree.datong_school, Role.UNIT_REPORTER),
        "province": make_member(tree.province, Role.PROVINCE_REVIEWER),
    }


@pytest.fixture
def publish(campaign, people, django_capture_on_commit_callbacks):
    """File, adopt and feature a report as the province would; the index updates on commit."""

    def run(unit, author, title, body, category=Category.NEWS):
        content = services.ReportContent(title=title, body=body, category=category)
        report = services.create_report(
            campaign=campaign, unit=unit, author=author, content=content
        )
        report = services.submit_report(report=report, actor=author, version=report.version)
        province = people["province"]
        report = services.adopt_report(report=report, actor=province, version=report.version)
        with django_capture_on_commit_callbacks(execute=True):
            return services.feature_report(report=report, actor=province, version=report.version)

    return run


@pytest.fixture
def stories(tree, people, publish):
    return {
        "cnc": publish(
            tree.qingxu_school,
            people["qingxu"],
            "开放校园迎来八方来客",
            "<p>学生展示<strong>数控加工</strong>技能，家长&amp;市民现场体验。</p>",
        ),
        "paper": publish(
            tree.datong_school,
            people["datong"],
            "非遗剪纸进课堂",
            "<p>大同的学生学习剪纸，也参观了数控实训车间。</p>",
            Category.CASE,
        ),
    }


def found(query: str, **filters) -> list[int]:
    return [result.pk for result in search_stories(query, **filters).results]


def test_featured_story_is_found_by_a_chinese_word_of_its_body(stories):
    assert set(found("数控")) == {stories["cnc"].pk, stories["paper"].pk}
    assert found("家长") == [stories["cnc"].pk]
    assert found("市民 数控") == [stories["cnc"].pk]


def test_story_is_found_by_its_unit_and_city(stories):
    assert found("清徐") == [stories["cnc"].pk]
    assert found("大同市") == [stories["paper"].pk]


def test_unfeatured_story_is_gone_from_the_search(
    stories, people, django_capture_on_commit_callbacks
):
    report = stories["cnc"]
    with django_capture_on_commit_callbacks(execute=True):
        services.unfeature_report(report=report, actor=people["province"], version=report.version)
    assert found("家长") == []
    assert found("数控") == [stories["paper"].pk]


def test_a_report_that_was_never_featured_is_not_found(tree, campaign, people):
    content = services.ReportContent(
        title="草稿", body="<p>学生展示烹饪技能。</p>", category=Category.NEWS
    )
    services.create_report(
        campaign=campaign, unit=tree.qingxu_school, author=people["qingxu"], content=content
    )
    assert found("烹饪") == []


def test_filters_narrow_by_city_and_category(tree, stories):
    assert found("数控", city_id=tree.datong.pk) == [stories["paper"].pk]
    assert found("数控", city_id=tree.taiyuan.pk) == [stories["cnc"].pk]
    assert found("数控", category=Category.CASE) == [stories["paper"].pk]


def test_snippets_mark_the_words_and_keep_the_text_plain(stories):
    result = search_stories("数控").results
    cnc = next(item for item in result if item.pk == stories["cnc"].pk)
    assert "<mark>数控</mark>" in cnc.snippet
    assert "<strong>" not in cnc.snippet
    assert "&amp;市民" in cnc.snippet
    assert cnc.url == f"/column/{stories['cnc'].pk}/"


def test_rebuild_restores_the_index_from_the_featured_reports(stories):
    backend().clear(STORY)
    assert found("数控") == []
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(found("数控")) == {stories["cnc"].pk, stories["paper"].pk}


def test_search_page_shows_highlighted_results_with_links(client, stories):
    response = client.get(reverse("portal:search"), {"q": "家长"}, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert "1 story found" in page
    assert "<mark>家长</mark>" in page
    assert f'href="/column/{stories["cnc"].pk}/"' in page
    assert "非遗剪纸进课堂" not in page


def test_search_page_filters_by_city(client, tree, stories):
    page = client.get(
        reverse("portal:search"), {"q": "数控", "city": tree.datong.pk}
    ).content.decode()
    assert "非遗剪纸进课堂" in page
    assert "开放校园迎来八方来客" not in page


def test_search_page_without_words_invites_a_search_and_header_has_the_box(client, stories):
    page = client.get(reverse("portal:search")).content.decode()
    assert 'role="search"' in page
    assert "search-result" not in page
    home = client.get(reverse("portal:home")).content.decode()
    assert f'action="{reverse("portal:search")}"' in home


def test_search_page_says_when_nothing_matches(client, stories):
    response = client.get(reverse("portal:search"), {"q": "航天"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "No featured story matches these words" in response.content.decode()


@pytest.mark.parametrize(
    "query", ['"', '数控"', "数控 NEAR 家长", "NEAR(数控", "数*", "-数控", "'; --", "{title}:x"]
)
def test_hostile_queries_on_the_search_page_never_error(client, stories, query):
    response = client.get(reverse("portal:search"), {"q": query, "page": "2"})
    assert response.status_code == 200
    assert b"search-page" in response.content


def test_search_page_shows_a_capped_count_with_a_plus(client, stories, monkeypatch):
    from vocweek.core.search import interface, postgresql, sqlite

    for module in (interface, sqlite, postgresql):
        monkeypatch.setattr(module, "COUNT_CAP", 1)
        monkeypatch.setattr(module, "RANKED_CANDIDATES", 1)
    response = client.get(reverse("portal:search"), {"q": "数控"}, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert "1+ stories found" in page
    assert page.count('class="search-result"') == 1
    chinese = client.get(reverse("portal:search"), {"q": "数控"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "找到 1+ 篇稿件" in chinese.content.decode()
