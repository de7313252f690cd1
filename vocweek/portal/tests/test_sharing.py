"""The home page's stories and counters, Open Graph tags, and the QR-code poster of a page."""

import io

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image

from vocweek.campaigns.services import enrol_unit
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.reports import services
from vocweek.reports.tests.column import DAY_THREE, Stories

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def stories(tree, campaign, settings, tmp_path, clock_at, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path / "media"
    clock_at(DAY_THREE)
    reviewer = make_member(tree.province, Role.PROVINCE_REVIEWER)
    return Stories(campaign, reviewer, django_capture_on_commit_callbacks)


def home(client) -> str:
    return client.get(reverse("portal:home"), **ENGLISH).content.decode()


def test_home_shows_a_featured_story_until_it_is_unfeatured(client, tree, stories):
    report = stories.adopted(tree.college, "首页上的精选")
    assert "首页上的精选" not in home(client)

    report = stories.feature(report)
    page = home(client)
    assert "首页上的精选" in page
    assert reverse("column:index") in page
    assert '<meta property="og:image" content="http://testserver/media/reports/' in page
    assert '<meta property="og:type" content="website">' in page

    services.unfeature_report(report=report, actor=stories.reviewer, version=report.version)
    assert "首页上的精选" not in home(client)


def test_home_shows_the_latest_six_stories_and_live_counters(client, tree, stories):
    for unit in (tree.college, tree.datong_school):
        enrol_unit(
            campaign=stories.campaign,
            unit=unit,
            owes_plan=True,
            owes_daily_reports=True,
            owes_statistics=True,
        )
    for number in range(7):
        stories.featured(tree.college, f"首页精选{number}", photo=False)
    stories.adopted(tree.datong_school, "只是采用", photo=False)

    page = home(client)

    assert "首页精选6" in page and "首页精选1" in page and "首页精选0" not in page
    assert "Units taking part</dt><dd>2</dd>" in page
    assert "Reports filed</dt><dd>8</dd>" in page
    assert "Stories featured</dt><dd>7</dd>" in page
    assert f'href="{reverse("dashboard:index")}"' in page  # the counters lead to the dashboard


def test_portal_pages_link_the_column_and_its_feed(client, campaign):
    page = home(client)

    assert f'href="{reverse("column:index")}"' in page
    assert (
        f'type="application/atom+xml" title="Publicity column" href="{reverse("column:feed")}"'
        in page
    )


def decoded_qr(png: bytes) -> str:
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(results) == 1
    return results[0].text


def test_poster_of_a_story_prints_its_title_and_a_qr_code_of_its_address(client, tree, stories):
    report = stories.featured(tree.college, "海报上的精选", photo=False)
    path = reverse("column:story", args=[report.pk])

    poster = client.get(reverse("portal:qr_poster"), {"path": path}, **ENGLISH)
    png = client.get(reverse("portal:qr_png"), {"path": path})

    page = poster.content.decode()
    assert "海报上的精选" in page and "技能：让生活更美好" in page
    assert "<svg" in page and f"http://testserver{path}" in page
    assert png["Content-Type"] == "image/png"
    assert decoded_qr(png.content) == f"http://testserver{path}"


def test_poster_of_the_column_decodes_to_the_column(client, campaign):
    png = client.get(reverse("portal:qr_png"), {"path": "/column/"})

    assert decoded_qr(png.content) == "http://testserver/column/"


@pytest.mark.parametrize(
    "path",
    [
        "/console/",
        "https://evil.example/",
        "//evil.example/column/",
        "column/",
        "/accounts/login/",
        "/no-such-page/",
        "/column/feed/",
    ],
)
def test_poster_refuses_anything_but_a_public_page_of_this_site(client, campaign, path):
    assert client.get(reverse("portal:qr_poster"), {"path": path}).status_code == 404
    assert client.get(reverse("portal:qr_png"), {"path": path}).status_code == 404


def test_poster_refuses_a_story_that_is_not_featured(client, tree, stories):
    adopted = stories.adopted(tree.college, "未精选", photo=False)

    response = client.get(
        reverse("portal:qr_poster"), {"path": reverse("column:story", args=[adopted.pk])}
    )

    assert response.status_code == 404
