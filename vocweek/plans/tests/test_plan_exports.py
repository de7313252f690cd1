"""The reviewers' downloads: every filed plan in one ZIP, and the topic websites and liaisons in
Excel — named by city and unit, only the units below the reviewer."""

import io
import zipfile
from datetime import datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfWriter

from vocweek.campaigns.services import enrol_unit
from vocweek.orgs.enums import Role, UnitKind
from vocweek.orgs.tests.factories import make_member, make_unit
from vocweek.plans import exports, website
from vocweek.plans.enums import WebsiteStatus
from vocweek.plans.queries import plan_rows
from vocweek.plans.services import LiaisonContent, PlanContent, file_plan


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def website_answers(monkeypatch):
    monkeypatch.setattr(
        website,
        "check_website",
        lambda url: website.WebsiteCheck(WebsiteStatus.REACHABLE, 200, '=HYPERLINK("x")'),
    )


def docx_bytes(text: str) -> bytes:
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph(text)
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    buffer = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def filed(tree, campaign, clock_at, django_capture_on_commit_callbacks):
    """The college and 太原 filed (the college late), 大同 is missing; their documents' bytes."""
    for unit in (tree.taiyuan, tree.datong, tree.college):
        enrol_unit(
            campaign=campaign,
            unit=unit,
            owes_plan=True,
            owes_daily_reports=unit.is_school,
            owes_statistics=True,
        )
    documents = {"taiyuan": pdf_bytes(), "college": docx_bytes("学院方案")}
    clock_at("2021-05-12T09:30+08:00")
    with django_capture_on_commit_callbacks(execute=True):
        file_plan(
            campaign=campaign,
            unit=tree.taiyuan,
            content=PlanContent(summary="全市方案", topic_website="https://ty.example.cn/"),
            document=SimpleUploadedFile("太原方案.pdf", documents["taiyuan"]),
            liaison=LiaisonContent(name="张志刚", mobile="13900000001", position="科长"),
            actor=None,
        )
    clock_at("2021-05-17T08:00+08:00")
    with django_capture_on_commit_callbacks(execute=True):
        file_plan(
            campaign=campaign,
            unit=tree.college,
            content=PlanContent(summary="学院方案", topic_website="https://sxzy.example.cn/"),
            document=SimpleUploadedFile("plan.docx", documents["college"]),
            liaison=LiaisonContent(name="王老师", mobile="01300000002", email="w@example.cn"),
            actor=None,
        )
    return documents


def logged_in(unit, role) -> Client:
    client = Client()
    client.force_login(make_member(unit, role))
    return client


def zip_of(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_organiser_downloads_every_plan_named_by_city_and_unit(tree, filed):
    response = logged_in(tree.province, Role.ORGANISER_ADMIN).get(reverse("plans:zip"))

    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="plans-2021-')
    archive = zip_of(response)
    assert archive.testzip() is None
    assert archive.namelist() == [
        "太原市教育局/太原市教育局-活动方案.pdf",
        "省直单位/山西职业技术学院-活动方案.docx",  # province-direct, although located in 太原
    ]
    assert archive.read("太原市教育局/太原市教育局-活动方案.pdf") == filed["taiyuan"]
    assert archive.read("省直单位/山西职业技术学院-活动方案.docx") == filed["college"]
    info = archive.getinfo("太原市教育局/太原市教育局-活动方案.pdf")
    assert info.flag_bits & 0x800  # the name is marked UTF-8
    assert info.date_time == (2021, 5, 12, 9, 30, 0)  # Beijing time


def test_a_city_reviewers_zip_holds_only_its_units_and_may_be_empty(tree, filed):
    archive = zip_of(logged_in(tree.taiyuan, Role.CITY_REVIEWER).get(reverse("plans:zip")))

    assert archive.namelist() == []  # its own plan is not below it; its schools filed none


def test_the_zip_follows_the_overviews_filters(tree, filed):
    organiser = logged_in(tree.province, Role.ORGANISER_ADMIN)

    late_only = zip_of(organiser.get(reverse("plans:zip"), {"standing": "late"}))

    assert late_only.namelist() == ["省直单位/山西职业技术学院-活动方案.docx"]


def test_the_workbook_lists_websites_and_liaisons_with_mobiles_as_text(tree, filed):
    organiser = logged_in(tree.province, Role.ORGANISER_ADMIN)
    organiser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = organiser.get(reverse("plans:xlsx"))

    assert response["Content-Disposition"].startswith('attachment; filename="topic-websites-2021-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "C4"
    assert sheet["A1"].value == "山西省2021年职业教育活动周: topic websites and liaisons"
    assert [cell.value for cell in sheet[3]] == [
        "City",
        "Unit",
        "Standing",
        "Filed at (Beijing time)",
        "Last replaced (Beijing time)",
        "Topic website",
        "Website check",
        "Page title",
        "Liaison",
        "Mobile",
        "E-mail",
        "Job title",
    ]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    assert rows == [
        [
            "太原市教育局",
            "太原市教育局",
            "filed on time",
            "2021-05-12 09:30",
            "2021-05-12 09:30",
            "https://ty.example.cn/",
            "answers",
            '=HYPERLINK("x")',
            "张志刚",
            "13900000001",
            None,
            "科长",
        ],
        ["大同市教育局", "大同市教育局", "missing", *([None] * 9)],
        [
            "Province-direct units",
            "山西职业技术学院",
            "filed late",
            "2021-05-17 08:00",
            "2021-05-17 08:00",
            "https://sxzy.example.cn/",
            "answers",
            '=HYPERLINK("x")',
            "王老师",
            "01300000002",
            "w@example.cn",
            None,
        ],
    ]
    mobile = sheet["J4"]
    assert (mobile.data_type, mobile.number_format) == ("s", "@")
    assert sheet["H4"].data_type == "s"  # a page title that looks like a formula stays text


def test_two_units_of_one_name_in_one_city_get_two_entries(tree, campaign, clock_at):
    clock_at("2021-05-12T09:30+08:00")
    other_county = make_unit("阳曲县教育局", UnitKind.COUNTY, tree.taiyuan)
    twin = make_unit(tree.qingxu_school.name, UnitKind.PROVINCIAL_SECONDARY, other_county)
    for unit in (tree.qingxu_school, twin):
        enrol_unit(
            campaign=campaign,
            unit=unit,
            owes_plan=True,
            owes_daily_reports=True,
            owes_statistics=True,
        )
        file_plan(
            campaign=campaign,
            unit=unit,
            content=PlanContent(summary="方案", topic_website="https://x.example.cn/"),
            document=SimpleUploadedFile("a.pdf", pdf_bytes()),
            liaison=None,
            actor=None,
        )

    entries = exports.zip_entries(plan_rows(campaign), campaign.zone)

    assert [entry.name for entry in entries] == [
        "太原市教育局/清徐县职业中学-活动方案.pdf",
        "太原市教育局/清徐县职业中学-活动方案 (2).pdf",
    ]


def test_stream_zip_writes_a_valid_archive_also_without_entries():
    empty = zipfile.ZipFile(io.BytesIO(b"".join(exports.stream_zip([]))))
    assert empty.namelist() == []

    moment = datetime(2021, 5, 12, 9, 30)
    entries = [
        exports.ZipEntry("太原/a.docx", lambda: io.BytesIO(b"PK stored"), moment),
        exports.ZipEntry("太原/b.doc", lambda: io.BytesIO(b"x" * 200_000), moment),
    ]
    chunks = list(exports.stream_zip(entries))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    assert archive.read("太原/b.doc") == b"x" * 200_000
    assert archive.getinfo("太原/a.docx").compress_type == zipfile.ZIP_STORED
    assert archive.getinfo("太原/b.doc").compress_type == zipfile.ZIP_DEFLATED
    assert len(chunks) > 2  # handed out as it is written


def test_stream_zip_leaves_out_a_document_gone_from_storage():
    def gone():
        raise FileNotFoundError("plans/1/x.pdf")

    moment = datetime(2021, 5, 12, 9, 30)
    entries = [
        exports.ZipEntry("太原/a.pdf", gone, moment),
        exports.ZipEntry("太原/b.pdf", lambda: io.BytesIO(b"%PDF"), moment),
    ]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(exports.stream_zip(entries))))
    assert archive.namelist() == ["太原/b.pdf"]
