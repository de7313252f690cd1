"""The school's exhibition-hall editor in the console, and the organiser's list of halls."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from vocweek.core.models import AuditEntry
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.reports.enums import MediaStatus
from vocweek.reports.halls import services
from vocweek.reports.halls.enums import HallMediaKind, LinkKind, MajorLevel
from vocweek.reports.halls.models import Hall, HallLink, HallMedia
from vocweek.reports.tests.media_files import encoded, halves, mp4

BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def people(tree):
    return {
        "school": make_member(tree.college, Role.UNIT_MANAGER),
        "other_school": make_member(tree.taiyuan_school, Role.UNIT_MANAGER),
        "city": make_member(tree.taiyuan, Role.CITY_REVIEWER),
        "organiser": make_member(tree.province, Role.ORGANISER_ADMIN),
    }


def browser(user, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def opened(unit, user, **texts) -> Hall:
    hall = services.open_hall(unit=unit, actor=user)
    if texts:
        hall = services.update_hall(hall=hall, content=services.HallContent(**texts), actor=user)
    return hall


def jpeg(name: str, width: int = 160, height: int = 120) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, encoded(halves(width, height), "JPEG"), content_type="image/jpeg"
    )


def fake_jpeg(name: str) -> SimpleUploadedFile:
    """A PDF wearing a photo's name."""
    data = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def nav_of(response) -> str:
    page = response.content.decode()
    return page.split('<nav class="console-nav"', 1)[1].split("</nav>", 1)[0]


def test_menu_offers_the_hall_to_school_staff_but_not_to_a_city_reviewer(tree, people):
    school_nav = nav_of(browser(people["school"]).get(reverse("console:home")))
    city_nav = nav_of(browser(people["city"]).get(reverse("console:home")))
    organiser_nav = nav_of(browser(people["organiser"]).get(reverse("console:home")))

    assert f'href="{reverse("halls_manage:edit")}">Exhibition hall</a>' in school_nav
    assert "Exhibition hall" not in city_nav
    assert f'href="{reverse("halls_manage:list")}">Exhibition halls</a>' in organiser_nav
    assert reverse("halls_manage:edit") + '"' not in organiser_nav


def test_editor_opens_the_hall_only_when_the_school_asks(tree, people):
    school = browser(people["school"])

    page = school.get(reverse("halls_manage:edit"))
    assert "Open our exhibition hall" in page.content.decode()
    assert not Hall.objects.exists()

    opened_page = school.post(reverse("halls_manage:open"), follow=True)
    hall = Hall.objects.get(unit=tree.college)
    assert not hall.is_published
    assert "open as a draft" in " ".join(messages_of(opened_page))
    assert "Basic information" in opened_page.content.decode()
    assert AuditEntry.objects.filter(action="hall.open", object_id=str(hall.pk)).exists()

    school.post(reverse("halls_manage:open"))
    assert Hall.objects.filter(unit=tree.college).count() == 1


def test_saving_the_information_drops_scripts_and_is_audited(tree, people):
    hall = opened(tree.college, people["school"])
    school = browser(people["school"])

    response = school.post(
        reverse("halls_manage:information", args=[hall.pk]),
        {
            "tagline": "  崇德尚能 ",
            "introduction": "<p>学院始建于1958年。</p><script>alert('x')</script>",
            "enrolment": "今年招生3000人。\n\n欢迎报考。",
            "enrolment_phone": "0351-1234567",
            "address": "太原市小店区",
        },
        follow=True,
    )

    hall.refresh_from_db()
    assert response.redirect_chain[-1][0] == reverse("halls_manage:edit") + "#information"
    assert "The information of the hall is saved." in messages_of(response)
    assert hall.tagline == "崇德尚能"
    assert hall.introduction == "<p>学院始建于1958年。</p>"
    assert hall.enrolment == "<p>今年招生3000人。</p>\n<p>欢迎报考。</p>"
    assert "alert(" not in response.content.decode()
    entry = AuditEntry.objects.get(action="hall.update", object_id=str(hall.pk))
    assert entry.actor == people["school"]
    assert entry.after["introduction"] == "<p>学院始建于1958年。</p>"


def test_publishing_without_an_introduction_is_refused_with_a_message(tree, people):
    hall = opened(tree.college, people["school"])
    school = browser(people["school"])

    refused = school.post(reverse("halls_manage:publish", args=[hall.pk]), follow=True)

    hall.refresh_from_db()
    assert not hall.is_published
    assert "Write the introduction of the hall before publishing it." in messages_of(refused)

    services.update_hall(
        hall=hall, content=services.HallContent(introduction="<p>学院简介</p>"), actor=None
    )
    published = school.post(reverse("halls_manage:publish", args=[hall.pk]), follow=True)
    hall.refresh_from_db()
    assert hall.is_published
    assert "The hall is published: everyone can visit it now." in messages_of(published)
    assert "Withdraw from the public site" in published.content.decode()


def test_another_school_gets_404_on_every_action_of_the_hall(tree, people):
    hall = opened(tree.college, people["school"], introduction="<p>简介</p>")
    hall = services.publish_hall(hall=hall, actor=None)
    album = services.save_album(hall=hall, title="校园风光", actor=None)
    major = services.save_major(
        hall=hall,
        content=services.MajorContent(name="数控技术", level=MajorLevel.HIGHER),
        actor=None,
    )
    link = services.save_link(
        hall=hall,
        content=services.LinkContent(
            kind=LinkKind.TOPIC_WEBSITE, title="专题网站", url="https://example.org/"
        ),
        actor=None,
    )
    photo = services.add_hall_media(
        hall=hall, kind=HallMediaKind.PHOTO, upload=jpeg("门.jpg"), album=album, actor=None
    )
    other = browser(people["other_school"])
    organiser = browser(people["organiser"])

    posts = {
        reverse("halls_manage:publish", args=[hall.pk]): {},
        reverse("halls_manage:withdraw", args=[hall.pk]): {},
        reverse("halls_manage:information", args=[hall.pk]): {"introduction": "改掉"},
        reverse("halls_manage:major_add", args=[hall.pk]): {"name": "焊接", "level": "higher"},
        reverse("halls_manage:major_remove", args=[hall.pk, major.pk]): {},
        reverse("halls_manage:link_edit", args=[hall.pk, link.pk]): {"title": "改"},
        reverse("halls_manage:album_remove", args=[hall.pk, album.pk]): {},
        reverse("halls_manage:photos_add", args=[hall.pk, album.pk]): {"photos": jpeg("x.jpg")},
        reverse("halls_manage:caption", args=[hall.pk, photo.pk]): {"caption": "改"},
        reverse("halls_manage:cover", args=[hall.pk, photo.pk]): {},
        reverse("halls_manage:media_remove", args=[hall.pk, photo.pk]): {},
    }
    for url, data in posts.items():
        assert other.post(url, data).status_code == 404, url
    for url in (
        reverse("halls_manage:major_edit", args=[hall.pk, major.pk]),
        reverse("halls_manage:album_edit", args=[hall.pk, album.pk]),
    ):
        assert other.get(url).status_code == 404, url
    # The organiser oversees the hall but does not edit it.
    for url in (
        reverse("halls_manage:caption", args=[hall.pk, photo.pk]),
        reverse("halls_manage:media_remove", args=[hall.pk, photo.pk]),
    ):
        assert organiser.post(url, {"caption": "改"}).status_code == 404, url

    hall.refresh_from_db()
    assert hall.is_published and hall.introduction == "<p>简介</p>"
    assert hall.majors.get().name == "数控技术"
    assert hall.links.get().title == "专题网站"
    assert HallMedia.objects.get().caption == ""


def test_photo_uploaded_into_an_album_shows_in_the_editor(
    tree, people, django_capture_on_commit_callbacks
):
    hall = opened(tree.college, people["school"])
    school = browser(people["school"])
    school.post(reverse("halls_manage:album_add", args=[hall.pk]), {"title": " 实训 基地 "})
    album = hall.albums.get()
    assert album.title == "实训 基地"

    with django_capture_on_commit_callbacks(execute=True):
        response = school.post(
            reverse("halls_manage:photos_add", args=[hall.pk, album.pk]),
            {"photos": [jpeg("车间.jpg")], "caption": "数控实训车间"},
            follow=True,
        )

    photo = HallMedia.objects.get()
    assert (photo.album, photo.kind, photo.status) == (
        album,
        HallMediaKind.PHOTO,
        MediaStatus.READY,
    )
    assert response.redirect_chain[-1][0] == reverse("halls_manage:edit") + f"#album-{album.pk}"
    assert "1 photo added to “实训 基地”; it appears once it is processed." in messages_of(response)
    page = response.content.decode()
    assert "车间.jpg" in page and 'value="数控实训车间"' in page
    assert "Processing…" in page  # the redirect was followed before the task ran
    assert "<picture>" in school.get(reverse("halls_manage:edit")).content.decode()

    school.post(reverse("halls_manage:cover", args=[hall.pk, photo.pk]))
    hall.refresh_from_db()
    assert hall.cover == photo


def test_panorama_twice_as_wide_as_high_is_added(tree, people, django_capture_on_commit_callbacks):
    hall = opened(tree.college, people["school"])
    school = browser(people["school"])

    with django_capture_on_commit_callbacks(execute=True):
        response = school.post(
            reverse("halls_manage:panorama_add", args=[hall.pk]),
            {"file": jpeg("操场全景.jpg", 800, 400), "caption": "田径场"},
            follow=True,
        )

    panorama = HallMedia.objects.get()
    assert (panorama.kind, panorama.album, panorama.status) == (
        HallMediaKind.PANORAMA,
        None,
        MediaStatus.READY,
    )
    assert (panorama.width, panorama.height, panorama.caption) == (800, 400, "田径场")
    assert response.redirect_chain[-1][0] == reverse("halls_manage:edit") + "#panoramas"
    assert "“操场全景.jpg” is added; it appears once it is processed." in messages_of(response)


def test_ordinary_photo_uploaded_as_a_panorama_is_refused_and_nothing_is_stored(
    tree, people, media_root
):
    hall = opened(tree.college, people["school"])
    school = browser(people["school"])

    response = school.post(
        reverse("halls_manage:panorama_add", args=[hall.pk]),
        {"file": jpeg("教学楼.jpg", 400, 300)},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("halls_manage:edit") + "#panoramas"
    (message,) = messages_of(response)
    assert message.startswith("“教学楼.jpg” is not a 360° panorama")
    assert "400 × 300 pixels" in message
    assert not HallMedia.objects.exists()
    assert stored_files(media_root) == []


def test_uploading_several_photos_keeps_the_good_ones_and_names_the_refused_one(
    tree, people, django_capture_on_commit_callbacks
):
    hall = opened(tree.college, people["school"])
    album = services.save_album(hall=hall, title="校园风光", actor=None)
    school = browser(people["school"])

    with django_capture_on_commit_callbacks(execute=True):
        response = school.post(
            reverse("halls_manage:photos_add", args=[hall.pk, album.pk]),
            {"photos": [jpeg("图书馆.jpg"), fake_jpeg("简章.jpg"), jpeg("食堂.jpg")]},
            follow=True,
        )

    assert sorted(album.photos.values_list("original_name", flat=True)) == [
        "图书馆.jpg",
        "食堂.jpg",
    ]
    shown = messages_of(response)
    assert "2 photos added to “校园风光”; they appear once they are processed." in shown
    assert any(m.startswith("Not added: “简章.jpg” is not a photo or video") for m in shown)


def test_video_upload_refuses_a_photo_and_takes_a_video(
    tree, people, django_capture_on_commit_callbacks
):
    hall = opened(tree.college, people["school"])
    school = browser(people["school"])

    refused = school.post(
        reverse("halls_manage:video_add", args=[hall.pk]), {"file": jpeg("宣传片.jpg")}, follow=True
    )
    assert messages_of(refused) == [
        "“宣传片.jpg” is a photo; upload it to an album or as a panorama."
    ]

    with django_capture_on_commit_callbacks(execute=True):
        school.post(
            reverse("halls_manage:video_add", args=[hall.pk]),
            {"file": SimpleUploadedFile("宣传片.mp4", mp4(), content_type="video/mp4")},
        )
    video = HallMedia.objects.get()
    assert (video.kind, video.status) == (HallMediaKind.VIDEO, MediaStatus.READY)


def test_livestream_start_is_read_in_beijing_time(tree, people):
    hall = opened(tree.college, people["school"])
    school = browser(people["school"])

    school.post(
        reverse("halls_manage:link_add", args=[hall.pk]),
        {
            "kind": LinkKind.LIVESTREAM,
            "title": "开放日直播",
            "url": "live.example.org/open-day",
            "platform": "视频号",
            "starts_at": "2021-05-22T09:30",
        },
    )

    link = HallLink.objects.get()
    assert link.url == "https://live.example.org/open-day"
    assert link.starts_at == datetime(2021, 5, 22, 9, 30, tzinfo=BEIJING)
    edit_page = school.get(reverse("halls_manage:link_edit", args=[hall.pk, link.pk]))
    assert 'value="2021-05-22T09:30"' in edit_page.content.decode()


def test_a_major_listed_twice_is_refused_naming_it(tree, people):
    hall = opened(tree.college, people["school"])
    school = browser(people["school"])
    fields = {"name": "数控技术", "level": MajorLevel.HIGHER, "years": "3", "quota": "120"}
    school.post(reverse("halls_manage:major_add", args=[hall.pk]), fields)

    again = school.post(reverse("halls_manage:major_add", args=[hall.pk]), fields)

    assert again.status_code == 200
    assert "The major “数控技术” is already listed at this level." in again.content.decode()
    assert hall.majors.count() == 1


def test_organiser_lists_the_halls_and_withdraws_one(tree, people):
    college = opened(tree.college, people["school"], introduction="<p>简介</p>")
    services.publish_hall(hall=college, actor=people["school"])
    album = services.save_album(hall=college, title="校园", actor=None)
    for name in ("a.jpg", "b.jpg"):
        services.add_hall_media(
            hall=college, kind=HallMediaKind.PHOTO, upload=jpeg(name), album=album, actor=None
        )
    services.add_hall_media(
        hall=college, kind=HallMediaKind.PANORAMA, upload=jpeg("p.jpg", 400, 200), actor=None
    )
    opened(tree.taiyuan_school, people["other_school"])
    organiser = browser(people["organiser"])

    page = organiser.get(reverse("halls_manage:list"))

    html = page.content.decode()
    assert "2 halls" in html
    assert tree.college.name in html and tree.taiyuan_school.name in html
    college_row = html.split(tree.college.name, 1)[1].split("</tr>", 1)[0]
    assert [cell.split("<", 1)[0] for cell in college_row.split('<td class="number">')[1:]] == [
        "2",
        "0",
        "1",
    ]
    assert "Published" in college_row and f"/halls/{college.pk}/" in college_row

    withdrawn = organiser.post(reverse("halls_manage:withdraw", args=[college.pk]), follow=True)

    college.refresh_from_db()
    assert not college.is_published
    assert withdrawn.redirect_chain[-1][0] == reverse("halls_manage:list")
    assert f"The hall of {tree.college.name} is withdrawn from the public site" in " ".join(
        messages_of(withdrawn)
    )
    assert AuditEntry.objects.filter(action="hall.withdraw", actor=people["organiser"]).exists()


def test_city_reviewer_and_schools_cannot_see_the_list(tree, people):
    opened(tree.college, people["school"])

    for user in (people["city"], people["school"]):
        response = browser(user).get(reverse("halls_manage:list"))
        assert response.status_code == 404
        assert tree.college.name not in response.content.decode()
    assert browser(people["city"]).get(reverse("halls_manage:edit")).status_code == 404
    assert Hall.objects.count() == 1
