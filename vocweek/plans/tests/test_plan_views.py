"""The plan pages: a unit files and replaces its plan, the deadline locks it, the organiser reopens
it, and reviewers see who has filed — each only for the units below them."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document
from pypdf import PdfWriter

from vocweek.campaigns.models import Liaison
from vocweek.campaigns.services import enrol_unit
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.plans import website
from vocweek.plans.enums import WebsiteStatus
from vocweek.plans.models import ActivityPlan

BEFORE_DEADLINE = "2021-05-10T10:00+08:00"
AFTER_DEADLINE = "2021-05-17T09:00+08:00"
BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def website_answers(monkeypatch):
    """The topic website check answers without the network."""
    monkeypatch.setattr(
        website,
        "check_website",
        lambda url: website.WebsiteCheck(WebsiteStatus.REACHABLE, 200, "职业教育活动周专题网站"),
    )


@pytest.fixture
def people(tree, campaign, clock_at):
    clock_at(BEFORE_DEADLINE)
    for unit in (tree.taiyuan, tree.datong, tree.college, tree.taiyuan_school):
        enrol_unit(
            campaign=campaign,
            unit=unit,
            owes_plan=True,
            owes_daily_reports=unit.is_school,
            owes_statistics=True,
        )
    enrol_unit(
        campaign=campaign,
        unit=tree.datong_school,
        owes_plan=False,
        owes_daily_reports=True,
        owes_statistics=True,
    )
    return {
        "college": make_member(tree.college, Role.UNIT_MANAGER, username="college"),
        "school": make_member(tree.taiyuan_school, Role.UNIT_REPORTER, username="school"),
        "datong_school": make_member(tree.datong_school, Role.UNIT_MANAGER, username="datong"),
        "city": make_member(tree.taiyuan, Role.CITY_REVIEWER, username="taiyuan"),
        "organiser": make_member(tree.province, Role.ORGANISER_ADMIN, username="organiser"),
    }


def browser(user) -> Client:
    """A logged-in client reading the pages in English."""
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def docx(name: str, text: str = "职业教育活动周活动方案") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph(text)
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/msword")


def pdf(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def plan_fields(**changes) -> dict[str, object]:
    return {
        "summary": "开放校园、技能展示、走进社区三项活动。",
        "topic_website": "https://zjhdz.example.edu.cn/2021",
        "liaison_name": "王老师",
        "liaison_mobile": "139 1234 5678",
        "liaison_email": "wang@example.edu.cn",
        "liaison_position": "办公室主任",
        "version": "",
    } | changes


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def stored_plan_files() -> list[str]:
    root = settings.MEDIA_ROOT / "plans"
    return sorted(str(path) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def file_plan(client: Client, capture, **fields):
    with capture(execute=True):
        return client.post(reverse("plans:mine"), plan_fields(**fields), follow=True)


def test_college_files_a_docx_before_the_deadline_then_replaces_it(
    tree, people, django_capture_on_commit_callbacks
):
    college = browser(people["college"])

    filed = file_plan(
        college, django_capture_on_commit_callbacks, document=docx("活动方案初稿.docx")
    )

    plan = ActivityPlan.objects.get(unit=tree.college)
    assert "is filed on time" in " ".join(messages_of(filed))
    assert (plan.is_late, plan.version, plan.document_suffix) == (False, 1, ".docx")
    assert plan.topic_website == "https://zjhdz.example.edu.cn/2021"
    assert plan.website_status == WebsiteStatus.REACHABLE
    liaison = Liaison.objects.get(participation__unit=tree.college)
    assert (liaison.name, liaison.mobile) == ("王老师", "13912345678")
    assert "活动方案初稿.docx" in filed.content.decode()
    page = college.get(reverse("plans:mine")).content.decode()
    assert "职业教育活动周专题网站" in page  # the page title the background check found
    assert "Replace the plan" in page
    first_file = plan.document.name
    assert default_storage.exists(first_file)

    replaced = file_plan(
        college,
        django_capture_on_commit_callbacks,
        document=docx("活动方案定稿.docx", "定稿"),
        summary="定稿：四项活动。",
        version=plan.version,
    )

    plan.refresh_from_db()
    assert "is replaced" in " ".join(messages_of(replaced))
    assert (plan.version, plan.summary, plan.document_name) == (
        2,
        "定稿：四项活动。",
        "活动方案定稿.docx",
    )
    assert plan.replaced_at > plan.filed_at
    assert not default_storage.exists(first_file)  # deleted once the replacement committed
    assert stored_plan_files() == [str(settings.MEDIA_ROOT / plan.document.name)]


def test_replacing_keeps_the_document_when_no_new_file_is_chosen(
    tree, people, django_capture_on_commit_callbacks
):
    college = browser(people["college"])
    file_plan(college, django_capture_on_commit_callbacks, document=pdf("方案.pdf"))
    plan = ActivityPlan.objects.get(unit=tree.college)

    file_plan(
        college,
        django_capture_on_commit_callbacks,
        topic_website="HTTPS://New.Example.edu.cn",
        version=plan.version,
    )

    replaced = ActivityPlan.objects.get(pk=plan.pk)
    assert replaced.document.name == plan.document.name
    assert replaced.topic_website == "https://new.example.edu.cn/"


def test_a_text_file_named_pdf_is_refused_naming_the_file_and_nothing_is_stored(tree, people):
    college = browser(people["college"])
    fake = SimpleUploadedFile("活动方案.pdf", "这只是一段文字。".encode(), "application/pdf")

    response = college.post(reverse("plans:mine"), plan_fields(document=fake))

    assert response.status_code == 200
    errors = response.context["form"].errors["document"]
    assert errors == ["“活动方案.pdf” is not a document we accept (PDF, DOCX, DOC, WPS)."]
    assert "“活动方案.pdf” is not a document we accept" in response.content.decode()
    assert not ActivityPlan.objects.exists()
    assert not Liaison.objects.filter(participation__unit=tree.college).exists()
    assert stored_plan_files() == []


def test_invalid_website_and_mobile_are_named_and_nothing_is_filed(people):
    college = browser(people["college"])

    response = college.post(
        reverse("plans:mine"),
        plan_fields(
            document=docx("方案.docx"),
            topic_website="ftp://files.example.edu.cn/plan",
            liaison_mobile="0351-1234567",
        ),
    )

    errors = response.context["form"].errors
    assert errors["topic_website"] == [
        "Enter the topic website's full address, beginning with https:// or http://."
    ]
    assert errors["liaison_mobile"] == [
        "The liaison's mobile “0351-1234567” is not an 11-digit mobile number."
    ]
    assert "The document you chose was not saved" in " ".join(messages_of(response))
    assert not ActivityPlan.objects.exists()
    assert stored_plan_files() == []


def test_late_filing_is_marked_late_and_shown_late_in_the_overview(
    tree, people, clock_at, django_capture_on_commit_callbacks
):
    clock_at(AFTER_DEADLINE)
    college = browser(people["college"])
    page = college.get(reverse("plans:mine")).content.decode()
    assert "a plan filed now counts as late" in page

    filed = file_plan(college, django_capture_on_commit_callbacks, document=docx("方案.docx"))

    assert "it counts as late" in " ".join(messages_of(filed))
    assert ActivityPlan.objects.get(unit=tree.college).is_late
    overview = browser(people["organiser"]).get(reverse("plans:overview"))
    standings = {line.row.unit.name: line.row.standing for line in overview.context["lines"]}
    assert standings == {
        "太原市教育局": "missing",
        "太原市第一职业中学": "missing",
        "大同市教育局": "missing",
        "山西职业技术学院": "late",
    }
    counts = overview.context["counts"]
    assert (counts.owed, counts.on_time, counts.late, counts.missing) == (4, 0, 1, 3)
    assert '<tr data-standing="late">' in overview.content.decode()


def test_replacing_after_the_deadline_is_refused_until_the_organiser_reopens(
    tree, people, clock_at, django_capture_on_commit_callbacks
):
    college = browser(people["college"])
    file_plan(college, django_capture_on_commit_callbacks, document=docx("方案.docx"))
    plan = ActivityPlan.objects.get(unit=tree.college)
    clock_at(AFTER_DEADLINE)

    locked = college.get(reverse("plans:mine"))
    assert locked.context["form"] is None
    assert "The plan is locked" in locked.content.decode()
    refused = file_plan(
        college, django_capture_on_commit_callbacks, summary="改过的摘要", version=plan.version
    )
    assert (
        "The plan deadline has passed: the filed plan can no longer be replaced. "
        "Ask the organiser to reopen it." in messages_of(refused)
    )
    assert ActivityPlan.objects.get(pk=plan.pk).summary == plan.summary

    organiser = browser(people["organiser"])
    overview = organiser.get(reverse("plans:overview")).content.decode()
    assert reverse("plans:reopen", args=[plan.pk]) in overview
    organiser.post(reverse("plans:reopen", args=[plan.pk]), {"until": "2021-05-20T18:00"})
    plan.refresh_from_db()
    assert plan.reopened_until == datetime(2021, 5, 20, 18, 0, tzinfo=BEIJING)

    reopened = college.get(reverse("plans:mine"))
    assert "Reopened by the organiser until May 20, 2021 18:00" in reopened.content.decode()
    file_plan(
        college, django_capture_on_commit_callbacks, summary="改过的摘要", version=plan.version
    )
    plan.refresh_from_db()
    assert (plan.summary, plan.is_late) == ("改过的摘要", False)

    closed = organiser.post(
        reverse("plans:reopen", args=[plan.pk]), {"action": "close"}, follow=True
    )
    plan.refresh_from_db()
    assert plan.reopened_until is None
    assert "The plan of 山西职业技术学院 is closed again." in messages_of(closed)


def test_a_stale_version_is_a_conflict_and_changes_nothing(
    tree, people, django_capture_on_commit_callbacks
):
    college = browser(people["college"])
    colleague = browser(make_member(tree.college, Role.UNIT_REPORTER, full_name="李老师"))
    file_plan(college, django_capture_on_commit_callbacks, document=docx("方案.docx"))
    opened_on = ActivityPlan.objects.get(unit=tree.college).version
    file_plan(
        colleague, django_capture_on_commit_callbacks, summary="同事的版本", version=opened_on
    )

    response = college.post(
        reverse("plans:mine"), plan_fields(summary="我的版本", version=opened_on)
    )

    assert response.status_code == 409
    assert response.context["form"].non_field_errors() == [
        "The plan was filed again meanwhile by 李老师; reload it and check it."
    ]
    plan = ActivityPlan.objects.get(unit=tree.college)
    assert plan.summary == "同事的版本"
    assert response.context["form"]["version"].value() == plan.version


def test_document_is_an_attachment_named_after_the_unit(
    tree, people, django_capture_on_commit_callbacks
):
    college = browser(people["college"])
    upload = pdf("scan.pdf")
    file_plan(college, django_capture_on_commit_callbacks, document=upload)
    plan = ActivityPlan.objects.get(unit=tree.college)

    response = browser(people["organiser"]).get(reverse("plans:document", args=[plan.pk]))

    assert b"".join(response.streaming_content) == upload.open().read()
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E5%B1%B1%E8%A5%BF" in response["Content-Disposition"]  # 山西…
    assert "-%E6%B4%BB%E5%8A%A8%E6%96%B9%E6%A1%88.pdf" in response["Content-Disposition"]


def test_a_school_sees_only_its_own_plan_and_no_overview(
    tree, people, django_capture_on_commit_callbacks
):
    file_plan(
        browser(people["college"]), django_capture_on_commit_callbacks, document=docx("a.docx")
    )
    college_plan = ActivityPlan.objects.get(unit=tree.college)
    school = browser(people["school"])

    assert school.get(reverse("plans:mine")).status_code == 200
    for name in ("overview", "zip", "xlsx"):
        assert school.get(reverse(f"plans:{name}")).status_code == 404
    assert school.get(reverse("plans:document", args=[college_plan.pk])).status_code == 404
    assert (
        school.post(
            reverse("plans:reopen", args=[college_plan.pk]), {"action": "close"}
        ).status_code
        == 404
    )


def test_a_city_reviewer_sees_its_own_units_only(tree, people, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    file_plan(browser(people["college"]), capture, document=docx("a.docx"))
    file_plan(browser(people["school"]), capture, document=docx("b.docx"))
    city = browser(people["city"])

    overview = city.get(reverse("plans:overview"))

    assert [line.row.unit.name for line in overview.context["lines"]] == ["太原市第一职业中学"]
    assert "city" not in overview.context["filter_form"].fields  # a city has no city to choose
    college_plan = ActivityPlan.objects.get(unit=tree.college)  # province-direct, though in 太原
    school_plan = ActivityPlan.objects.get(unit=tree.taiyuan_school)
    assert city.get(reverse("plans:document", args=[college_plan.pk])).status_code == 404
    assert city.get(reverse("plans:document", args=[school_plan.pk])).status_code == 200
    assert (
        city.post(
            reverse("plans:reopen", args=[school_plan.pk]), {"until": "2021-05-20T18:00"}
        ).status_code
        == 404
    )  # only the organiser reopens
    # The city bureau files its own plan too.
    assert city.get(reverse("plans:mine")).context["form"] is not None


def test_the_organiser_sees_every_unit_and_filters_by_city_and_standing(
    tree, people, django_capture_on_commit_callbacks
):
    file_plan(
        browser(people["college"]), django_capture_on_commit_callbacks, document=docx("a.docx")
    )
    organiser = browser(people["organiser"])

    everything = organiser.get(reverse("plans:overview"))
    direct = organiser.get(reverse("plans:overview"), {"city": "direct"})
    taiyuan_missing = organiser.get(
        reverse("plans:overview"), {"city": str(tree.taiyuan.pk), "standing": "missing"}
    )

    def names(response) -> list[str]:
        return [line.row.unit.name for line in response.context["lines"]]

    assert names(everything) == [
        "太原市教育局",
        "太原市第一职业中学",
        "大同市教育局",
        "山西职业技术学院",
    ]
    assert names(direct) == ["山西职业技术学院"]
    assert names(taiyuan_missing) == ["太原市教育局", "太原市第一职业中学"]
    page = everything.content.decode()
    assert "13912345678" in page  # reviewers see the liaison's full mobile
    assert "https://zjhdz.example.edu.cn/2021" in page


def test_units_that_owe_no_plan_or_may_not_file_are_told_or_refused(tree, people, clock_at):
    not_owing = browser(people["datong_school"]).get(reverse("plans:mine"))
    assert not_owing.status_code == 200
    assert "大同市第二职业中学 files no activity plan" in not_owing.content.decode()

    assert browser(people["organiser"]).get(reverse("plans:mine")).status_code == 404

    clock_at("2021-05-01T10:00+08:00")
    early = browser(people["college"]).get(reverse("plans:mine")).content.decode()
    assert "Plans can be filed from May 6, 2021 00:00 (Beijing time)." in early


def test_console_home_shows_the_plan_obligation_and_the_counts_below(
    tree, people, django_capture_on_commit_callbacks
):
    college = browser(people["college"])
    before = college.get(reverse("console:home")).content.decode()
    assert "Not filed yet" in before
    assert f'<a href="{reverse("plans:mine")}">File the plan</a>' in before

    file_plan(college, django_capture_on_commit_callbacks, document=docx("a.docx"))

    after = college.get(reverse("console:home")).content.decode()
    assert "Filed on time on May 10, 2021 10:00" in after
    home = browser(people["organiser"]).get(reverse("console:home"))
    counts = home.context["plan_counts"]
    assert (counts.owed, counts.on_time, counts.late, counts.missing) == (4, 1, 0, 3)
    assert reverse("plans:overview") in home.content.decode()
