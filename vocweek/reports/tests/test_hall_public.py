"""The public exhibition halls (线上展厅): directory, hall page, panoramas, cache, search, sitemap,
poster and the home page's glimpse — all built through the hall services, as schools would."""

import re
from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vocweek.orgs.enums import Role, UnitKind
from vocweek.orgs.models import Unit
from vocweek.orgs.tests.factories import make_member, make_unit
from vocweek.reports.halls import services
from vocweek.reports.halls.enums import HallMediaKind, LinkKind, MajorLevel
from vocweek.reports.halls.models import Hall, HallAlbum
from vocweek.reports.tests import media_files as files
from vocweek.reports.tests.column import DAY_THREE, Stories

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


class Halls:
    """Opens, fills and publishes halls as a school's manager would, through the services."""

    def __init__(self, capture_on_commit) -> None:
        self.capture = capture_on_commit
        self.managers: dict[int, object] = {}

    def manager(self, unit: Unit):
        if unit.pk not in self.managers:
            self.managers[unit.pk] = make_member(unit, Role.UNIT_MANAGER)
        return self.managers[unit.pk]

    def draft(
        self,
        unit: Unit,
        *,
        tagline: str = "技能成才 匠心筑梦",
        introduction: str = "<p>学校开设数控、汽修等专业，欢迎线上参观。</p>",
        enrolment: str = "",
        phone: str = "",
        address: str = "",
    ) -> Hall:
        actor = self.manager(unit)
        hall = services.open_hall(unit=unit, actor=actor)
        content = services.HallContent(
            tagline=tagline,
            introduction=introduction,
            enrolment=enrolment,
            enrolment_phone=phone,
            address=address,
        )
        with self.capture(execute=True):
            return services.update_hall(hall=hall, content=content, actor=actor)

    def published(self, unit: Unit, **content) -> Hall:
        hall = self.draft(unit, **content)
        return self.publish(hall)

    def publish(self, hall: Hall) -> Hall:
        with self.capture(execute=True):
            return services.publish_hall(hall=hall, actor=self.manager(hall.unit))

    def withdraw(self, hall: Hall) -> Hall:
        with self.capture(execute=True):
            return services.withdraw_hall(hall=hall, actor=self.manager(hall.unit))

    def update(self, hall: Hall, **content) -> Hall:
        with self.capture(execute=True):
            return services.update_hall(
                hall=hall, content=services.HallContent(**content), actor=self.manager(hall.unit)
            )

    def album(self, hall: Hall, title: str = "校园风光") -> HallAlbum:
        with self.capture(execute=True):
            return services.save_album(hall=hall, title=title, actor=self.manager(hall.unit))

    def photo(self, hall: Hall, album: HallAlbum, caption: str = "图书馆前的广场"):
        upload = SimpleUploadedFile(
            "photo.jpg", files.encoded(files.halves(480, 320), "JPEG"), "image/jpeg"
        )
        with self.capture(execute=True):
            return services.add_hall_media(
                hall=hall,
                kind=HallMediaKind.PHOTO,
                upload=upload,
                caption=caption,
                album=album,
                actor=self.manager(hall.unit),
            )

    def panorama(self, hall: Hall, caption: str = "实训中心全景"):
        upload = SimpleUploadedFile(
            "pano.jpg", files.encoded(files.halves(4000, 2000), "JPEG"), "image/jpeg"
        )
        with self.capture(execute=True):
            return services.add_hall_media(
                hall=hall,
                kind=HallMediaKind.PANORAMA,
                upload=upload,
                caption=caption,
                actor=self.manager(hall.unit),
            )

    def video(self, hall: Hall, caption: str = "宣传片"):
        upload = SimpleUploadedFile("film.mp4", files.mp4(), "video/mp4")
        with self.capture(execute=True):
            return services.add_hall_media(
                hall=hall,
                kind=HallMediaKind.VIDEO,
                upload=upload,
                caption=caption,
                actor=self.manager(hall.unit),
            )

    def major(self, hall: Hall, name: str, *, years: int | None = 3, quota: int | None = 50):
        with self.capture(execute=True):
            return services.save_major(
                hall=hall,
                content=services.MajorContent(
                    name=name, level=MajorLevel.SECONDARY, years=years, quota=quota
                ),
                actor=self.manager(hall.unit),
            )

    def link(self, hall: Hall, **content):
        with self.capture(execute=True):
            return services.save_link(
                hall=hall, content=services.LinkContent(**content), actor=self.manager(hall.unit)
            )


@pytest.fixture
def halls(db, settings, tmp_path, django_capture_on_commit_callbacks) -> Halls:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Halls(django_capture_on_commit_callbacks)


@pytest.fixture
def page_cache(settings):
    settings.VOCWEEK_PAGE_CACHE = True
    settings.VOCWEEK_PAGE_CACHE_STAMP = ""
    cache.clear()
    yield
    cache.clear()


def page(client, path: str, params: dict | None = None) -> str:
    response = client.get(path, params or {}, **ENGLISH)
    assert response.status_code == 200
    return response.content.decode()


def directory(client, **params) -> str:
    return page(client, reverse("halls:index"), params)


def hall_page(client, hall: Hall) -> str:
    return page(client, reverse("halls:hall", args=[hall.pk]))


def headings(html: str) -> list[str]:
    return re.findall(r'<h2 id="hall-group-[^"]*">([^<]*)</h2>', html)


# The directory --------------------------------------------------------------------------------------


def test_directory_groups_published_halls_by_city_with_province_direct_units_apart(
    client, tree, halls
):
    halls.published(tree.taiyuan_school)
    halls.published(tree.datong_school)
    halls.published(tree.college)  # a province-direct college that stands in Taiyuan
    halls.draft(tree.qingxu_school)

    html = directory(client)

    assert headings(html) == ["太原市教育局", "大同市教育局", "Province-direct units"]
    taiyuan, datong, direct = re.split(r'<h2 id="hall-group-', html)[1:]
    assert "太原市第一职业中学" in taiyuan and "山西职业技术学院" not in taiyuan
    assert "大同市第二职业中学" in datong
    assert "山西职业技术学院" in direct
    assert "清徐县职业中学" not in html
    assert "3 halls open" in html
    assert '<meta property="og:title" content="Online exhibition halls">' in html


def test_directory_filters_by_city_and_kind_and_ignores_unknown_values(client, tree, halls):
    halls.published(tree.taiyuan_school)
    halls.published(tree.datong_school)
    halls.published(tree.college)

    by_city = directory(client, city=tree.datong.pk)
    by_kind = directory(client, kind=UnitKind.HIGHER_VOCATIONAL)
    unknown = directory(client, city="999999", kind="castle")

    assert headings(by_city) == ["大同市教育局"] and "1 of 3 hall" in by_city
    assert "太原市第一职业中学" not in by_city
    assert headings(by_kind) == ["Province-direct units"]
    assert "大同市第二职业中学" not in by_kind
    assert headings(unknown) == ["太原市教育局", "大同市教育局", "Province-direct units"]
    assert f'<option value="{tree.datong.pk}">大同市教育局 (1)</option>' in by_kind


def test_directory_card_shows_the_cover_photo_lazily_in_several_sizes(client, tree, halls):
    hall = halls.published(tree.datong_school, tagline="塞上古城 技能之乡")
    halls.photo(hall, halls.album(hall), caption="校门口的雕塑")

    html = directory(client)

    card = html[html.index('class="story-card hall-card"') :]
    assert reverse("halls:hall", args=[hall.pk]) in card
    assert "塞上古城 技能之乡" in card and "city secondary vocational school" in card
    assert 'alt="校门口的雕塑"' in card and 'loading="lazy"' in card and "srcset=" in card
    image = client.get(re.search(r'<img src="([^"]+)"', card).group(1))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"


def test_directory_says_so_when_no_hall_is_open(client, tree, halls):
    halls.draft(tree.datong_school)

    html = directory(client)

    assert "No school has opened its hall yet." in html
    assert "大同市第二职业中学" not in html


def test_directory_takes_a_fixed_number_of_queries_whatever_the_number_of_halls(
    client, tree, halls
):
    first = halls.published(tree.datong_school)
    halls.photo(first, halls.album(first))
    with CaptureQueriesContext(connection) as one:
        directory(client)
    for unit in (tree.taiyuan_school, tree.qingxu_school, tree.college):
        hall = halls.published(unit)
        halls.photo(hall, halls.album(hall))

    with CaptureQueriesContext(connection) as four:
        html = directory(client)

    assert html.count('class="story-card hall-card"') == 4
    assert len(four.captured_queries) == len(one.captured_queries)


# One hall -------------------------------------------------------------------------------------------


def test_hall_page_is_public_only_while_the_hall_is_published(client, tree, halls):
    hall = halls.draft(tree.datong_school)
    url = reverse("halls:hall", args=[hall.pk])
    assert client.get(url).status_code == 404

    hall = halls.publish(hall)
    assert "大同市第二职业中学" in hall_page(client, hall)

    halls.withdraw(hall)
    assert client.get(url).status_code == 404
    assert "大同市第二职业中学" not in directory(client)


def test_hall_page_shows_its_sections_with_links_to_each_in_page_order(client, tree, halls):
    hall = halls.published(
        tree.datong_school,
        tagline="塞上古城 技能之乡",
        introduction="<p>学校始建于1958年，<strong>数控</strong>专业全省领先。</p>",
        enrolment="<p>面向全市招收初中毕业生。</p>",
        phone="0352 1234567",
        address="大同市平城区御河西路1号",
    )
    album = halls.album(hall, "实训基地")
    halls.photo(hall, album, caption="数控车间里的实训课")
    halls.major(hall, "数控技术应用", years=3, quota=120)
    halls.major(hall, "汽车运用与维修", years=None, quota=None)

    html = hall_page(client, hall)

    assert '<h1 id="hall-title">大同市第二职业中学</h1>' in html
    assert "塞上古城 技能之乡" in html and "大同市教育局" in html
    assert "<strong>数控</strong>专业全省领先" in html
    nav = html[
        html.index('class="hall-nav"') : html.index("</nav>", html.index('class="hall-nav"'))
    ]
    anchors = re.findall(r'href="#([a-z]+)"', nav)
    assert anchors == ["introduction", "photos", "enrolment", "share"]
    for anchor in anchors:
        assert f'id="{anchor}"' in html
    assert '<h3 id="album-' in html and "实训基地" in html
    assert (
        'alt="数控车间里的实训课"' in html and "<figcaption>数控车间里的实训课</figcaption>" in html
    )
    majors = html[html.index('class="hall-majors"') : html.index("</table>")]
    assert "数控技术应用" in majors and "3 years" in majors and "120" in majors
    assert "汽车运用与维修" in majors and "—" in majors
    assert '<a href="tel:03521234567">0352 1234567</a>' in html
    assert "大同市平城区御河西路1号" in html and "面向全市招收初中毕业生。" in html
    assert f"{reverse('portal:qr_poster')}?path=/halls/{hall.pk}/" in html
    assert 'data-copy-link="http://testserver/halls/' in html
    assert '<meta property="og:title" content="大同市第二职业中学">' in html
    assert '<meta property="og:image" content="http://testserver/media/halls/' in html


def test_hall_links_open_apart_and_livestreams_start_in_beijing_time(client, tree, halls):
    hall = halls.published(tree.datong_school)
    halls.link(
        hall, kind=LinkKind.TOPIC_WEBSITE, title="活动周专题网站", url="https://example.org/week"
    )
    halls.link(
        hall,
        kind=LinkKind.LIVESTREAM,
        title="云游校园直播",
        url="https://live.example.org/123",
        platform="抖音",
        starts_at=datetime(2021, 5, 24, 11, 30, tzinfo=UTC),
    )

    html = hall_page(client, hall)

    links = html[html.index('id="links"') :]
    assert 'href="https://example.org/week" rel="noopener" target="_blank">活动周专题网站' in links
    assert (
        'href="https://live.example.org/123" rel="noopener" target="_blank">云游校园直播' in links
    )
    assert "抖音" in links and "May 24, 2021 19:30" in links and "Beijing time" in links
    assert 'datetime="2021-05-24T19:30:00+08:00"' in links


def test_hall_page_shows_the_featured_stories_of_its_school(
    client, tree, campaign, clock_at, halls, django_capture_on_commit_callbacks
):
    clock_at(DAY_THREE)
    stories = Stories(
        campaign,
        make_member(tree.province, Role.PROVINCE_REVIEWER),
        django_capture_on_commit_callbacks,
    )
    featured = stories.featured(tree.datong_school, "大同职中开放日", photo=False)
    stories.featured(tree.college, "别的学校的精选", photo=False)
    stories.adopted(tree.datong_school, "只是采用", photo=False)
    hall = halls.published(tree.datong_school)

    html = hall_page(client, hall)

    section = html[html.index('id="stories"') :]
    assert "大同职中开放日" in section and reverse("column:story", args=[featured.pk]) in section
    assert "别的学校的精选" not in html and "只是采用" not in html


def test_hall_page_shows_panoramas_in_one_viewer_with_the_flat_view_as_fallback(
    client, tree, halls
):
    hall = halls.published(tree.datong_school)
    first = halls.panorama(hall, caption="实训中心全景")
    halls.panorama(hall, caption="操场<全景>")

    html = hall_page(client, hall)

    assert "vendor/pannellum/pannellum.js" in html and "vendor/pannellum/pannellum.css" in html
    assert "vocweek/halls.js" in html and "<script>" not in html  # configured by data attributes
    assert html.count("data-panorama-viewer") == 1
    first.refresh_from_db()
    image = first.renditions["panorama"]["jpeg"]
    assert f'data-image="/media/{image}"' in html
    assert f'data-preview="/media/{first.renditions["medium"]["jpeg"]}"' in html
    assert 'aria-pressed="true"' in html and 'aria-pressed="false"' in html
    assert 'data-title="操场&lt;全景&gt;"' in html
    assert "needs JavaScript and WebGL" in html
    fallback = html[html.index("data-panorama-fallback") :]
    assert 'alt="实训中心全景"' in fallback and "<figcaption>实训中心全景</figcaption>" in fallback


def test_hall_page_plays_its_videos_with_their_poster_frames(client, tree, halls):
    hall = halls.published(tree.datong_school)
    halls.video(hall, caption="学校宣传片")

    html = hall_page(client, hall)

    videos = html[html.index('id="videos"') :]
    assert '<a href="#videos">' in html
    assert '<video controls playsinline preload="none" poster="/media/halls/' in videos
    assert 'aria-label="学校宣传片"' in videos and "<figcaption>学校宣传片</figcaption>" in videos


def test_hall_page_without_panoramas_does_not_load_the_viewer(client, tree, halls):
    hall = halls.published(tree.datong_school)

    html = hall_page(client, hall)

    assert "pannellum" not in html and "halls.js" not in html and 'href="#panoramas"' not in html


def test_hall_page_takes_the_same_queries_with_ten_photos_and_majors_as_with_one(
    client, tree, halls
):
    hall = halls.published(tree.datong_school)
    album = halls.album(hall)
    halls.photo(hall, album, caption="照片0")
    halls.major(hall, "专业0")
    halls.link(hall, kind=LinkKind.OTHER, title="链接0", url="https://example.org/0")
    with CaptureQueriesContext(connection) as one:
        hall_page(client, hall)
    second = halls.album(hall, "实训基地")
    for number in range(1, 10):
        halls.photo(hall, album if number % 2 else second, caption=f"照片{number}")
        halls.major(hall, f"专业{number}")
        halls.link(
            hall, kind=LinkKind.OTHER, title=f"链接{number}", url=f"https://example.org/{number}"
        )

    with CaptureQueriesContext(connection) as ten:
        html = hall_page(client, hall)

    assert all(f"照片{number}" in html and f"专业{number}" in html for number in range(10))
    assert len(ten.captured_queries) == len(one.captured_queries)


# The page cache, search, sitemap and poster ---------------------------------------------------------


def test_editing_a_published_hall_shows_on_the_next_anonymous_request_with_the_cache_on(
    client, tree, halls, page_cache
):
    hall = halls.published(tree.datong_school, tagline="旧的标语")
    assert "旧的标语" in hall_page(client, hall)
    assert "旧的标语" in directory(client)

    halls.update(hall, tagline="新的标语", introduction="<p>改写后的介绍。</p>")

    assert "新的标语" in hall_page(client, hall) and "改写后的介绍。" in hall_page(client, hall)
    assert "新的标语" in directory(client)
    halls.withdraw(hall)
    assert client.get(reverse("halls:hall", args=[hall.pk])).status_code == 404
    assert "新的标语" not in directory(client)


def test_search_finds_a_published_hall_by_a_word_of_its_introduction_until_withdrawn(
    client, tree, halls
):
    hall = halls.draft(tree.datong_school, introduction="<p>我校的非遗剪纸工作室远近闻名。</p>")
    search = reverse("portal:search")
    assert reverse("halls:hall", args=[hall.pk]) not in page(client, search, {"q": "剪纸"})

    hall = halls.publish(hall)
    html = page(client, search, {"q": "剪纸"})
    found = html[html.index('class="search-halls"') :]
    assert f'<a href="{reverse("halls:hall", args=[hall.pk])}">' in found
    assert "<mark>剪纸</mark>" in found and "city secondary vocational school" in found
    assert reverse("halls:index") in found
    assert "search-halls" not in page(client, search, {"q": "剪纸", "category": "case"})

    halls.withdraw(hall)
    assert reverse("halls:hall", args=[hall.pk]) not in page(client, search, {"q": "剪纸"})


def test_sitemap_lists_the_directory_and_published_halls_only(client, tree, halls):
    published = halls.published(tree.datong_school)
    draft = halls.draft(tree.taiyuan_school)

    sitemap = page(client, "/sitemap.xml")

    assert "<loc>http://testserver/halls/</loc>" in sitemap
    assert f"<loc>http://testserver/halls/{published.pk}/</loc>" in sitemap
    assert f"/halls/{draft.pk}/" not in sitemap


def test_poster_of_a_published_hall_prints_the_school_name_and_refuses_a_draft(client, tree, halls):
    published = halls.published(tree.datong_school)
    draft = halls.draft(tree.taiyuan_school)
    poster = reverse("portal:qr_poster")

    html = page(client, poster, {"path": reverse("halls:hall", args=[published.pk])})
    directory_poster = page(client, poster, {"path": reverse("halls:index")})

    assert "大同市第二职业中学" in html and f"http://testserver/halls/{published.pk}/" in html
    assert "Online exhibition halls" in directory_poster
    draft_path = reverse("halls:hall", args=[draft.pk])
    assert client.get(poster, {"path": draft_path}).status_code == 404
    assert client.get(reverse("portal:qr_png"), {"path": draft_path}).status_code == 404


# The home page and the site's navigation ------------------------------------------------------------


def test_home_shows_how_many_halls_are_open_and_the_latest_ones(client, tree, campaign, halls):
    for unit in (tree.taiyuan_school, tree.qingxu_school, tree.datong_school, tree.college):
        halls.published(unit)
    with CaptureQueriesContext(connection) as four:
        html = page(client, reverse("portal:home"))
    halls.published(make_unit("太原市第二职业中学", parent=tree.taiyuan))

    with CaptureQueriesContext(connection) as five:
        more = page(client, reverse("portal:home"))

    section = html[html.index('class="home-stories home-halls"') :]
    assert "Visit all 4 halls" in section and reverse("halls:index") in section
    assert section.count('class="story-card hall-card"') == 4
    assert "Visit all 5 halls" in more and "太原市第二职业中学" in more
    assert len(five.captured_queries) == len(four.captured_queries)
    assert f'href="{reverse("halls:index")}">Online exhibition halls</a>' in html


def test_home_without_a_campaign_still_points_to_the_halls(client, tree, halls):
    halls.published(tree.datong_school)

    html = page(client, reverse("portal:home"))

    assert "Visit the hall" in html and "大同市第二职业中学" in html
