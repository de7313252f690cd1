"""A visitor's side of the publicity column, with the anonymous page cache switched on: a story
shows on the home page and in the column on the first request after it is featured and is gone
on the first request after it is withdrawn; the visitor finds it by a Chinese word of its text and
prints a QR poster that leads back to it."""

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.reports import services
from vocweek.reports.enums import Category

pytestmark = pytest.mark.e2e
TITLE = "学院向社区居民开放实训车间"


@pytest.fixture
def adopted_story(transactional_db, tree, campaign, clock_at, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VOCWEEK_PAGE_CACHE = True
    settings.VOCWEEK_PAGE_CACHE_STAMP = ""
    clock_at("2021-05-24T15:00+08:00")
    liaison = make_member(tree.college, Role.UNIT_MANAGER)
    reviewer = make_member(tree.province, Role.PROVINCE_REVIEWER)
    content = services.ReportContent(
        title=TITLE,
        body="<p>上午，学院开放数控实训车间，师生为居民演示精密加工。</p>",
        category=Category.NEWS,
    )
    report = services.create_report(
        campaign=campaign, unit=tree.college, author=liaison, content=content
    )
    report = services.submit_report(report=report, actor=liaison, version=report.version)
    report = services.adopt_report(report=report, actor=reviewer, version=report.version)
    return report, reviewer


def test_story_is_public_exactly_while_featured_and_found_by_search_and_poster(
    page, live_server, adopted_story, tmp_path
):
    report, reviewer = adopted_story

    page.goto("/")
    expect(page.get_by_text(TITLE)).to_have_count(0)
    page.goto("/")  # now served from the page cache

    report = services.feature_report(report=report, actor=reviewer, version=report.version)
    page.goto("/")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    page.goto("/column/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    story_path = f"/column/{report.pk}/"
    assert page.url == live_server.url + story_path

    page.goto("/search/?q=数控")
    result = page.get_by_role("link", name=TITLE)
    expect(result).to_be_visible()
    expect(page.locator("mark", has_text="数控").first).to_be_visible()

    poster = page.request.get(f"/poster.png?path={story_path}")
    assert poster.ok and poster.headers["content-type"] == "image/png"
    (tmp_path / "qr.png").write_bytes(poster.body())
    [code] = zxingcpp.read_barcodes(Image.open(tmp_path / "qr.png"))
    assert code.text == live_server.url + story_path

    services.unfeature_report(report=report, actor=reviewer, version=report.version)
    page.goto("/")
    expect(page.get_by_text(TITLE)).to_have_count(0)
    page.goto("/column/")
    expect(page.get_by_text(TITLE)).to_have_count(0)
    assert page.goto(story_path).status == 404
