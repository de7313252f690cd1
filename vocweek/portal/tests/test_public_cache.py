"""The public page cache follows the services that change what the public pages show."""

import pytest
from django.core.cache import cache

from vocweek.campaigns import services as campaign_services
from vocweek.campaigns.tests.factories import make_campaign
from vocweek.reports import services
from vocweek.reports.tests.week import enrol_reporting_schools, file_report, staff

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.VOCWEEK_PAGE_CACHE = True
    settings.VOCWEEK_PAGE_CACHE_STAMP = ""
    cache.clear()
    yield
    cache.clear()


def test_making_another_campaign_current_refreshes_the_home_page(
    client, tree, campaign, django_capture_on_commit_callbacks
):
    assert campaign.title in client.get("/", **ENGLISH).content.decode()
    later = make_campaign(tree.province, year=2022, is_current=False)

    with django_capture_on_commit_callbacks(execute=True):
        campaign_services.make_current(campaign=later)

    assert later.title in client.get("/", **ENGLISH).content.decode()


def test_featuring_and_unfeaturing_a_story_refresh_the_column(
    client, tree, campaign, clock_at, django_capture_on_commit_callbacks
):
    clock_at("2021-05-24T20:00+08:00")
    people = staff(tree, enrol_reporting_schools(tree, campaign))
    report = file_report(campaign, tree.college, people["college"], "开放校园迎来八方来客")
    report = services.adopt_report(report=report, actor=people["province"], version=report.version)
    assert "开放校园迎来八方来客" not in client.get("/column/", **ENGLISH).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        report = services.feature_report(
            report=report, actor=people["province"], version=report.version
        )
    assert "开放校园迎来八方来客" in client.get("/column/", **ENGLISH).content.decode()
    assert client.get(f"/column/{report.pk}/", **ENGLISH).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        services.unfeature_report(report=report, actor=people["province"], version=report.version)
    assert "开放校园迎来八方来客" not in client.get("/column/", **ENGLISH).content.decode()
    assert client.get(f"/column/{report.pk}/", **ENGLISH).status_code == 404
