"""Filing activity plans: the document, the deadline in Beijing time, replacing and reopening,
conflicts, refused uploads, the liaison, the topic-website check and the audit log."""

import io
import threading
import zipfile
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import docx
import openpyxl
import pypdf
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from vocweek.campaigns.models import Liaison, Participation
from vocweek.campaigns.services import enrol_unit
from vocweek.campaigns.tests.factories import beijing
from vocweek.core.models import AuditEntry
from vocweek.core.pagecache import current_generation
from vocweek.core.uploads import UploadRejected
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.plans import services
from vocweek.plans.enums import WebsiteStatus
from vocweek.plans.models import ActivityPlan
from vocweek.plans.services import LiaisonContent, PlanConflict, PlanContent, PlanError
from vocweek.plans.website import WebsiteCheck

# A documentation address (RFC 5737): should a test run the website check, it is refused at once,
# without a lookup or a connection.
OFFLINE_SITE = "http://192.0.2.15/zjhdz"


def pdf_bytes() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(text: str = "2021年职业教育活动周活动方案") -> bytes:
    document = docx.Document()
    document.add_heading(text, level=1)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_with_macros() -> bytes:
    out = io.BytesIO(docx_bytes())
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" * 64)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "活动安排"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def document(name: str = "活动方案.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media_root: Path) -> list[str]:
    return sorted(str(path.relative_to(media_root)) for path in media_root.rglob("*.*"))


@pytest.fixture
def units(tree, campaign):
    """太原 (a city) and the college owe a plan; 大同's school takes part without one."""
    for unit, owes_plan in (
        (tree.taiyuan, True),
        (tree.college, True),
        (tree.datong_school, False),
    ):
        enrol_unit(
            campaign=campaign,
            unit=unit,
            owes_plan=owes_plan,
            owes_daily_reports=unit.is_school,
            owes_statistics=True,
        )
    return {
        "taiyuan": make_member(tree.taiyuan, Role.CITY_REVIEWER),
        "college": make_member(tree.college, Role.UNIT_MANAGER),
        "admin": make_member(tree.province, Role.ORGANISER_ADMIN),
    }


def file(
    campaign,
    unit,
    actor,
    *,
    upload: SimpleUploadedFile | None = None,
    first: bool = True,
    website: str = OFFLINE_SITE,
    version: int | None = None,
    liaison: LiaisonContent | None = None,
    summary: str = "以开放校园、技能展示和线上开放日为主线，全市职业院校全员参与。",
) -> ActivityPlan:
    return services.file_plan(
        campaign=campaign,
        unit=unit,
        content=PlanContent(summary=summary, topic_website=website),
        document=upload if upload is not None or not first else document(),
        liaison=liaison,
        actor=actor,
        version=version,
    )


# --- Filing and the deadline -------------------------------------------------------------------


def test_a_first_filing_needs_a_document(tree, campaign, units, clock_at, media_root):
    clock_at("2021-05-10T10:00+08:00")
    with pytest.raises(PlanError):
        file(campaign, tree.college, units["college"], first=False)
    assert not ActivityPlan.objects.exists() and stored_files(media_root) == []


def test_nothing_is_filed_before_the_plan_window_opens(tree, campaign, units, clock_at):
    clock_at("2021-05-05T23:59+08:00")
    with pytest.raises(PlanError):
        file(campaign, tree.college, units["college"])
    assert not ActivityPlan.objects.exists()


def test_filed_at_23_59_30_on_5_15_is_on_time_and_at_00_00_10_on_5_16_is_late(
    tree, campaign, units, clock_at
):
    clock_at("2021-05-15T23:59:30+08:00")
    on_time = file(campaign, tree.taiyuan, units["taiyuan"])
    clock_at("2021-05-16T00:00:10+08:00")
    late = file(campaign, tree.college, units["college"])

    assert (on_time.is_late, late.is_late) == (False, True)
    assert abs(on_time.filed_at - beijing(2021, 5, 15, 23, 59, 30)).total_seconds() < 5
    assert on_time.filed_at == on_time.replaced_at and on_time.version == 1


def test_a_late_plan_stays_late_when_the_unit_files_again_while_reopened(
    tree, campaign, units, clock_at
):
    clock_at("2021-05-17T09:00+08:00")
    plan = file(campaign, tree.college, units["college"])
    services.reopen_plan(plan=plan, until=beijing(2021, 5, 18, 18, 0), actor=units["admin"])
    plan = file(campaign, tree.college, units["college"], first=False, version=plan.version)
    assert plan.is_late and plan.version == 2


def test_replacing_before_the_deadline_keeps_the_first_filing_and_deletes_the_old_document(
    tree, campaign, units, clock_at, django_capture_on_commit_callbacks
):
    clock_at("2021-05-10T10:00+08:00")
    first = file(campaign, tree.college, units["college"], upload=document("初稿.pdf"))
    old_name = first.document.name
    assert default_storage.exists(old_name)

    clock_at("2021-05-14T16:30+08:00")
    final = docx_bytes()  # made once: a DOCX carries the moment it was written
    with django_capture_on_commit_callbacks(execute=True):
        plan = file(
            campaign,
            tree.college,
            units["college"],
            upload=document("活动方案（定稿）.docx", final),
            version=first.version,
        )

    plan.refresh_from_db()
    assert plan.filed_at == first.filed_at and not plan.is_late
    assert abs(plan.replaced_at - beijing(2021, 5, 14, 16, 30)).total_seconds() < 5
    assert (plan.version, plan.document_name, plan.document_suffix) == (
        2,
        "活动方案（定稿）.docx",
        ".docx",
    )
    assert not default_storage.exists(old_name)
    assert default_storage.open(plan.document.name).read() == final


def test_a_replacement_rolled_back_keeps_the_old_document(
    tree, campaign, units, clock_at, django_capture_on_commit_callbacks
):
    clock_at("2021-05-10T10:00+08:00")
    first = file(campaign, tree.college, units["college"])
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        file(
            campaign,
            tree.college,
            units["college"],
            upload=document("新方案.pdf"),
            version=first.version,
        )
        raise RuntimeError("the request failed after the service returned")
    assert callbacks == []
    assert default_storage.exists(first.document.name)
    first.refresh_from_db()
    assert first.version == 1 and first.document_name == "活动方案.pdf"


def test_after_the_deadline_a_plan_is_locked_unless_the_organiser_reopened_it(
    tree, campaign, units, clock_at
):
    clock_at("2021-05-12T10:00+08:00")
    plan = file(campaign, tree.college, units["college"])

    clock_at("2021-05-17T09:00+08:00")
    with pytest.raises(PlanError):
        file(campaign, tree.college, units["college"], first=False, version=plan.version)
    with pytest.raises(PlanError):  # reopening needs a moment in the future
        services.reopen_plan(plan=plan, until=beijing(2021, 5, 17, 8, 0), actor=units["admin"])

    services.reopen_plan(plan=plan, until=beijing(2021, 5, 18, 12, 0), actor=units["admin"])
    clock_at("2021-05-18T11:59+08:00")
    plan = file(
        campaign, tree.college, units["college"], first=False, version=plan.version, summary="改"
    )
    assert (plan.summary, plan.is_late, plan.version) == ("改", False, 2)

    clock_at("2021-05-18T12:00:01+08:00")
    with pytest.raises(PlanError):
        file(campaign, tree.college, units["college"], first=False, version=plan.version)

    services.reopen_plan(plan=plan, until=beijing(2021, 5, 19, 12, 0), actor=units["admin"])
    services.reopen_plan(plan=plan, until=None, actor=units["admin"])
    with pytest.raises(PlanError):
        file(campaign, tree.college, units["college"], first=False, version=plan.version)
    plan.refresh_from_db()
    assert plan.version == 2 and plan.reopened_until is None


def test_a_unit_that_owes_no_plan_is_refused(tree, campaign, units, clock_at, media_root):
    clock_at("2021-05-10T10:00+08:00")
    actor = make_member(tree.datong_school, Role.UNIT_MANAGER)
    with pytest.raises(PlanError) as refused:
        file(campaign, tree.datong_school, actor)
    assert tree.datong_school.name in str(refused.value)
    assert not ActivityPlan.objects.exists() and stored_files(media_root) == []


def test_filing_on_a_stale_version_is_a_conflict_and_changes_nothing(
    tree, campaign, units, clock_at, media_root
):
    clock_at("2021-05-10T10:00+08:00")
    plan = file(campaign, tree.college, units["college"])
    colleague = make_member(tree.college, Role.UNIT_REPORTER)
    file(campaign, tree.college, colleague, first=False, version=plan.version, summary="同事改的")

    with pytest.raises(PlanConflict):
        file(
            campaign,
            tree.college,
            units["college"],
            upload=document("我的版本.pdf"),
            version=plan.version,
            summary="我改的",
        )
    with pytest.raises(PlanConflict):  # a second "first filing" of a plan already filed
        file(campaign, tree.college, units["college"])

    plan.refresh_from_db()
    assert (plan.summary, plan.version, plan.filed_by) == ("同事改的", 2, colleague)
    assert stored_files(media_root) == [plan.document.name]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("活动方案.pdf", "这其实是一个文本文件".encode()),
        ("活动方案.docx", docx_with_macros()),
        ("活动方案.docx", xlsx_bytes()),
    ],
)
def test_a_refused_document_stores_nothing(
    tree, campaign, units, clock_at, media_root, name, content
):
    clock_at("2021-05-10T10:00+08:00")
    with pytest.raises(UploadRejected) as refused:
        file(campaign, tree.college, units["college"], upload=document(name, content))
    assert name in refused.value.message
    assert not ActivityPlan.objects.exists() and stored_files(media_root) == []
    assert not Liaison.objects.exists() and not AuditEntry.objects.filter(action__startswith="plan")


def test_the_liaison_is_recorded_with_the_plan(tree, campaign, units, clock_at):
    clock_at("2021-05-10T10:00+08:00")
    file(
        campaign,
        tree.college,
        units["college"],
        liaison=LiaisonContent(
            name=" 刘海燕 ", mobile="13912340000", email="liu@example.edu.cn", position="干事"
        ),
    )
    participation = Participation.objects.get(campaign=campaign, unit=tree.college)
    assert list(participation.liaisons.values_list("name", "mobile", "email", "position")) == [
        ("刘海燕", "13912340000", "liu@example.edu.cn", "干事")
    ]


# --- The topic-website check -------------------------------------------------------------------


class TopicSite(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = '<meta charset="gbk"><title>山西职业技术学院职教活动周</title>'.encode("gbk")
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture
def local_site(settings):
    settings.VOCWEEK_WEBSITE_CHECK_ALLOW_PRIVATE = True  # tests only: the site is on 127.0.0.1
    server = ThreadingHTTPServer(("127.0.0.1", 0), TopicSite)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/zjhdz"
    server.shutdown()
    server.server_close()


def test_the_website_is_checked_once_the_filing_commits(
    tree, campaign, units, clock_at, local_site, django_capture_on_commit_callbacks
):
    clock_at("2021-05-10T10:00+08:00")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        plan = file(campaign, tree.college, units["college"], website=local_site)
    assert plan.website_status == WebsiteStatus.UNCHECKED  # nothing before the commit
    for callback in callbacks:
        callback()

    plan.refresh_from_db()
    assert (plan.website_status, plan.website_http_status, plan.website_title) == (
        WebsiteStatus.REACHABLE,
        200,
        "山西职业技术学院职教活动周",
    )
    assert plan.website_checked_url == local_site
    assert abs(plan.website_checked_at - beijing(2021, 5, 10, 10, 0)).total_seconds() < 5


def test_a_check_of_an_address_no_longer_on_file_is_not_recorded(tree, campaign, units, clock_at):
    clock_at("2021-05-10T10:00+08:00")
    first_site = "https://www.sxzy.example.cn/hdz2021"
    plan = file(campaign, tree.college, units["college"], website=first_site)
    assert services.record_website_check(
        plan_id=plan.pk, url=first_site, check=WebsiteCheck(WebsiteStatus.REACHABLE, 200, "旧站")
    )
    plan = file(
        campaign,
        tree.college,
        units["college"],
        first=False,
        version=1,
        website="https://hdz.sxzy.example.cn/",
    )
    assert (plan.website_status, plan.website_title, plan.website_checked_url) == (
        WebsiteStatus.UNCHECKED,
        "",
        "",
    )

    late = WebsiteCheck(WebsiteStatus.REACHABLE, 200, "旧站迟到的结果")
    assert not services.record_website_check(plan_id=plan.pk, url=first_site, check=late)
    plan.refresh_from_db()
    assert (plan.website_status, plan.website_title) == (WebsiteStatus.UNCHECKED, "")


def test_an_address_already_checked_is_not_fetched_again_by_a_repeated_task(
    tree, campaign, units, clock_at
):
    clock_at("2021-05-10T10:00+08:00")
    plan = file(campaign, tree.college, units["college"], website="https://hdz.sxzy.example.cn/")
    services.record_website_check(
        plan_id=plan.pk,
        url=plan.topic_website,
        check=WebsiteCheck(WebsiteStatus.REACHABLE, 200, "学院活动周专题"),
    )
    services.check_and_record_website(plan.pk)  # would fail: example.cn is not fetched here
    plan.refresh_from_db()
    assert (plan.website_status, plan.website_title) == (WebsiteStatus.REACHABLE, "学院活动周专题")
    services.check_and_record_website(plan.pk + 1000)  # a plan that is gone: nothing


def test_a_city_bureaus_new_website_refreshes_the_public_pages_a_schools_does_not(
    tree, campaign, units, clock_at, django_capture_on_commit_callbacks
):
    clock_at("2021-05-10T10:00+08:00")
    before = current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        city = file(campaign, tree.taiyuan, units["taiyuan"])
    after_city = current_generation()
    assert after_city != before

    with django_capture_on_commit_callbacks(execute=True):
        file(campaign, tree.college, units["college"])
    assert current_generation() == after_city

    with django_capture_on_commit_callbacks(execute=True):  # same address: nothing new to show
        file(campaign, tree.taiyuan, units["taiyuan"], first=False, version=city.version)
    assert current_generation() == after_city


# --- The audit log -------------------------------------------------------------------------------


def test_filing_replacing_reopening_and_closing_are_in_the_audit_log(
    tree, campaign, units, clock_at
):
    clock_at("2021-05-10T10:00+08:00")
    plan = file(campaign, tree.college, units["college"], liaison=LiaisonContent(name="刘海燕"))
    clock_at("2021-05-11T10:00+08:00")
    plan = file(
        campaign,
        tree.college,
        units["college"],
        upload=document("定稿.pdf"),
        version=plan.version,
    )
    clock_at("2021-05-17T10:00+08:00")
    until = beijing(2021, 5, 18, 12, 0)
    services.reopen_plan(plan=plan, until=until, actor=units["admin"])
    services.reopen_plan(plan=plan, until=None, actor=units["admin"])

    entries = list(AuditEntry.objects.order_by("pk"))
    actions = [(entry.action, entry.actor) for entry in entries]
    assert actions[-5:] == [
        ("liaison.add", units["college"]),
        ("plan.file", units["college"]),
        ("plan.replace", units["college"]),
        ("plan.reopen", units["admin"]),
        ("plan.close", units["admin"]),
    ]
    replace, reopen = entries[-3], entries[-2]
    assert (replace.before["document_name"], replace.after["document_name"]) == (
        "活动方案.pdf",
        "定稿.pdf",
    )
    assert replace.object_id == str(plan.pk)
    assert reopen.before == {"reopened_until": None}
    assert datetime.fromisoformat(reopen.after["reopened_until"]) == until
