"""The unit's reporting pages: writing with photos, filing, withdrawing, returned reports, privacy."""

import io
from datetime import date

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from vocweek.campaigns.services import enrol_unit
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.reports import services
from vocweek.reports.enums import Category, MediaStatus, State
from vocweek.reports.models import Report

DAY_THREE = "2021-05-24T15:00+08:00"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def people(tree, campaign, clock_at):
    clock_at(DAY_THREE)
    for unit in (tree.qingxu_school, tree.datong_school):
        enrol_unit(
            campaign=campaign,
            unit=unit,
            owes_plan=False,
            owes_daily_reports=True,
            owes_statistics=False,
        )
    return {
        "school": make_member(tree.qingxu_school, Role.UNIT_MANAGER),
        "other_school": make_member(tree.datong_school, Role.UNIT_MANAGER),
        "province": make_member(tree.province, Role.PROVINCE_REVIEWER),
    }


def browser(user) -> Client:
    """A logged-in client reading the pages in English."""
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def jpeg(name: str, colour: tuple[int, int, int] = (159, 29, 32)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), colour).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def fake_jpeg(name: str) -> SimpleUploadedFile:
    """A PDF wearing a photo's name."""
    data = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def report_fields(**changes) -> dict[str, object]:
    return {
        "title": "开放校园迎来八方来客",
        "category": Category.NEWS,
        "focus": "",
        "listed_activity": "",
        "body": "师生向社区居民展示数控技能。\n\n居民现场体验了焊接实训。",
        "action": "draft",
    } | changes


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def draft(campaign, unit, author, title="技能展示进社区") -> Report:
    return services.create_report(
        campaign=campaign,
        unit=unit,
        author=author,
        content=services.ReportContent(title=title, body="<p>正文</p>", category=Category.NEWS),
    )


def test_school_writes_a_draft_with_two_photos_sees_them_and_submits(
    tree, campaign, people, django_capture_on_commit_callbacks
):
    school = browser(people["school"])
    with django_capture_on_commit_callbacks(execute=True):
        response = school.post(
            reverse("reports:report_new"),
            report_fields(photos=[jpeg("操场.jpg"), jpeg("实训.jpg", (30, 90, 160))]),
        )
    report = Report.objects.get(unit=tree.qingxu_school)
    assert response.url == reverse("reports:report_detail", args=[report.pk])
    assert report.state == State.DRAFT
    assert report.body == "<p>师生向社区居民展示数控技能。</p>\n<p>居民现场体验了焊接实训。</p>"
    assert [(m.original_name, m.status) for m in report.media.order_by("position")] == [
        ("操场.jpg", MediaStatus.READY),
        ("实训.jpg", MediaStatus.READY),
    ]

    page = school.get(response.url)
    assert page.content.decode().count("<picture>") == 2
    assert "居民现场体验了焊接实训。" in page.content.decode()

    submitted = school.post(
        reverse("reports:report_submit", args=[report.pk]),
        {"version": report.version},
        follow=True,
    )
    report.refresh_from_db()
    assert (report.state, report.day, report.is_late) == (State.SUBMITTED, date(2021, 5, 24), False)
    assert "counts for day 3" in " ".join(messages_of(submitted))

    listing = school.get(reverse("reports:my_reports")).content.decode()
    assert "Today's quota is met: 1 report filed." in listing
    assert "Nothing filed yet today" not in listing


def test_the_list_says_so_when_nothing_is_filed_today(tree, campaign, people):
    draft(campaign, tree.qingxu_school, people["school"], title="还没报送的草稿")
    listing = browser(people["school"]).get(reverse("reports:my_reports")).content.decode()
    assert "Nothing filed yet today" in listing
    assert "还没报送的草稿" in listing
    assert "Information reports" in listing  # the menu item


def test_a_refused_file_keeps_the_report_and_the_good_photo(
    tree, campaign, people, django_capture_on_commit_callbacks
):
    school = browser(people["school"])
    with django_capture_on_commit_callbacks(execute=True):
        response = school.post(
            reverse("reports:report_new"),
            report_fields(action="submit", photos=[jpeg("good.jpg"), fake_jpeg("x.jpg")]),
        )
    report = Report.objects.get(unit=tree.qingxu_school)
    assert report.title == "开放校园迎来八方来客"
    assert report.state == State.DRAFT  # not submitted while a file was refused
    assert [media.original_name for media in report.media.all()] == ["good.jpg"]

    page = school.get(response.url)
    errors = [str(message) for message in page.context["messages"] if message.level_tag == "error"]
    assert any("x.jpg" in error for error in errors)
    assert "x.jpg" in page.content.decode()
    assert page.context["form"]["title"].value() == "开放校园迎来八方来客"


def test_another_schools_user_gets_404_on_every_page_of_a_report(tree, campaign, people):
    report = draft(campaign, tree.qingxu_school, people["school"])
    services.submit_report(report=report, actor=people["school"], version=report.version)
    other = browser(people["other_school"])
    for name in ("reports:report_detail", "reports:report_edit"):
        assert other.get(reverse(name, args=[report.pk])).status_code == 404
    for name in ("reports:report_edit", "reports:report_submit", "reports:report_withdraw"):
        response = other.post(reverse(name, args=[report.pk]), report_fields(version=2))
        assert response.status_code == 404
    report.refresh_from_db()
    assert report.state == State.SUBMITTED


def test_a_draft_is_hidden_from_the_province_until_it_is_submitted(tree, campaign, people):
    report = draft(campaign, tree.qingxu_school, people["school"], title="草稿不外传")
    province = browser(people["province"])
    assert province.get(reverse("reports:report_detail", args=[report.pk])).status_code == 404
    assert province.get(reverse("reports:my_reports")).status_code == 404

    services.submit_report(report=report, actor=people["school"], version=report.version)
    page = province.get(reverse("reports:report_detail", args=[report.pk]))
    assert "草稿不外传" in page.content.decode()
    assert page.context["can_change"] is False and page.context["can_withdraw"] is False


def test_withdraw_works_while_submitted_and_is_refused_once_a_reviewer_acted(
    tree, campaign, people
):
    report = draft(campaign, tree.qingxu_school, people["school"])
    report = services.submit_report(report=report, actor=people["school"], version=report.version)
    school = browser(people["school"])
    withdraw = reverse("reports:report_withdraw", args=[report.pk])

    response = school.post(withdraw, {"version": report.version}, follow=True)
    report.refresh_from_db()
    assert (report.state, report.day) == (State.DRAFT, None)
    assert "withdrawn" in " ".join(messages_of(response))

    report = services.submit_report(report=report, actor=people["school"], version=report.version)
    services.adopt_report(report=report, actor=people["province"], version=report.version)
    response = school.post(withdraw, {"version": report.version}, follow=True)
    report.refresh_from_db()
    assert report.state == State.ADOPTED
    assert "can no longer be withdrawn" in " ".join(messages_of(response))


def test_withdraw_with_a_version_from_before_the_review_changes_nothing(tree, campaign, people):
    report = draft(campaign, tree.qingxu_school, people["school"])
    report = services.submit_report(report=report, actor=people["school"], version=report.version)
    seen = report.version
    services.return_report(report=report, actor=people["province"], version=seen, note="补充照片")
    services.submit_report(
        report=Report.objects.get(pk=report.pk), actor=people["school"], version=seen + 1
    )
    response = browser(people["school"]).post(
        reverse("reports:report_withdraw", args=[report.pk]), {"version": seen}, follow=True
    )
    assert Report.objects.get(pk=report.pk).state == State.SUBMITTED
    assert "changed meanwhile" in " ".join(messages_of(response))


def test_a_stale_edit_gets_a_conflict_message_and_overwrites_nothing(tree, campaign, people):
    report = draft(campaign, tree.qingxu_school, people["school"])
    school = browser(people["school"])
    edit = reverse("reports:report_edit", args=[report.pk])
    seen = school.get(edit).context["form"]["version"].value()

    colleague = make_member(tree.qingxu_school, Role.UNIT_REPORTER)
    services.update_report(
        report=report,
        actor=colleague,
        version=report.version,
        content=services.ReportContent(
            title="同事改过的标题", body="<p>同事的正文</p>", category=Category.CASE
        ),
    )
    response = school.post(edit, report_fields(title="我的标题", version=seen))

    assert response.status_code == 409
    assert "changed meanwhile" in " ".join(messages_of(response))
    assert response.context["form"]["title"].value() == "我的标题"  # kept to copy
    report.refresh_from_db()
    assert (report.title, report.body) == ("同事改过的标题", "<p>同事的正文</p>")


def test_scripts_in_the_body_never_come_back(tree, campaign, people):
    school = browser(people["school"])
    school.post(
        reverse("reports:report_new"),
        report_fields(
            body='<p onclick="steal()">技能<strong>展示</strong></p><script>alert(1)</script>'
        ),
    )
    report = Report.objects.get(unit=tree.qingxu_school)
    assert report.body == "<p>技能<strong>展示</strong></p>"
    for url in (
        reverse("reports:report_detail", args=[report.pk]),
        reverse("reports:report_edit", args=[report.pk]),
    ):
        page = school.get(url).content.decode()
        assert "alert(1)" not in page and "steal()" not in page


def test_plain_paragraphs_are_edited_as_plain_text(tree, campaign, people):
    school = browser(people["school"])
    school.post(reverse("reports:report_new"), report_fields(body="第一段 <1>\n第二行\n\n第二段"))
    report = Report.objects.get(unit=tree.qingxu_school)
    assert report.body == "<p>第一段 &lt;1&gt;<br>第二行</p>\n<p>第二段</p>"
    form = school.get(reverse("reports:report_edit", args=[report.pk])).context["form"]
    assert form["body"].value() == "第一段 <1>\n第二行\n\n第二段"


def test_a_returned_report_shows_the_note_and_is_resubmitted_for_its_day(tree, campaign, people):
    report = draft(campaign, tree.qingxu_school, people["school"])
    report = services.submit_report(report=report, actor=people["school"], version=report.version)
    report = services.return_report(
        report=report,
        actor=people["province"],
        version=report.version,
        note="请补充活动照片的说明。",
    )
    school = browser(people["school"])
    assert "请补充活动照片的说明。" in school.get(reverse("reports:my_reports")).content.decode()
    edit = reverse("reports:report_edit", args=[report.pk])
    assert "请补充活动照片的说明。" in school.get(edit).content.decode()

    school.post(
        edit, report_fields(title="补充说明后的稿件", action="submit", version=report.version)
    )
    report.refresh_from_db()
    assert (report.state, report.title, report.day) == (
        State.SUBMITTED,
        "补充说明后的稿件",
        date(2021, 5, 24),
    )
    history = school.get(reverse("reports:report_detail", args=[report.pk])).context["history"]
    assert [(line.action, line.note) for line in history] == [
        ("submitted", ""),
        ("returned for changes", "请补充活动照片的说明。"),
        ("submitted", ""),
    ]


def test_a_late_report_is_filed_for_an_earlier_day_without_one(tree, campaign, people):
    done = draft(campaign, tree.qingxu_school, people["school"])
    services.submit_report(
        report=done, actor=people["school"], version=done.version, for_day=date(2021, 5, 22)
    )
    school = browser(people["school"])
    form = school.get(reverse("reports:report_new")).context["form"]
    assert [value for value, _label in form.fields["for_day"].choices] == ["", "2021-05-23"]

    school.post(
        reverse("reports:report_new"),
        report_fields(title="补报5月23日", action="submit", for_day="2021-05-23"),
    )
    late = Report.objects.get(title="补报5月23日")
    assert (late.state, late.day, late.is_late) == (State.SUBMITTED, date(2021, 5, 23), True)
    assert "for_day" not in school.get(reverse("reports:report_new")).context["form"].fields


def test_a_late_day_filed_meanwhile_is_refused_on_submission(tree, campaign, people):
    open_draft = draft(campaign, tree.qingxu_school, people["school"], title="想补报5月22日")
    done = draft(campaign, tree.qingxu_school, people["school"])
    services.submit_report(
        report=done, actor=people["school"], version=done.version, for_day=date(2021, 5, 22)
    )
    response = browser(people["school"]).post(
        reverse("reports:report_submit", args=[open_draft.pk]),
        {"version": open_draft.version, "for_day": "2021-05-22"},
        follow=True,
    )
    assert "nothing was submitted" in " ".join(messages_of(response))
    assert Report.objects.get(pk=open_draft.pk).state == State.DRAFT


def test_captions_order_and_removal_of_photos_are_saved(
    tree, campaign, people, django_capture_on_commit_callbacks
):
    school = browser(people["school"])
    with django_capture_on_commit_callbacks(execute=True):
        school.post(
            reverse("reports:report_new"),
            report_fields(photos=[jpeg("1.jpg"), jpeg("2.jpg"), jpeg("3.jpg")]),
        )
    report = Report.objects.get(unit=tree.qingxu_school)
    first, second, third = report.media.order_by("position")
    with django_capture_on_commit_callbacks(execute=True):
        school.post(
            reverse("reports:report_edit", args=[report.pk]),
            report_fields(version=report.version)
            | {
                f"media-caption_{first.pk}": "",
                f"media-position_{first.pk}": "1",
                f"media-remove_{second.pk}": "on",
                f"media-caption_{third.pk}": "学生展示焊接作品",
                f"media-position_{third.pk}": "1",
            },
        )
    assert [(m.original_name, m.caption) for m in report.media.order_by("position")] == [
        ("3.jpg", "学生展示焊接作品"),
        ("1.jpg", ""),
    ]


def test_a_submitted_report_cannot_be_edited_and_says_why(tree, campaign, people):
    report = draft(campaign, tree.qingxu_school, people["school"], title="已报送")
    services.submit_report(report=report, actor=people["school"], version=report.version)
    school = browser(people["school"])
    response = school.post(
        reverse("reports:report_edit", args=[report.pk]),
        report_fields(title="偷偷改", version=report.version + 1),
        follow=True,
    )
    assert "can no longer be changed" in " ".join(messages_of(response))
    assert Report.objects.get(pk=report.pk).title == "已报送"
