"""The daily bulletin: numbered in compile order, the same day keeps its number, the Word
document and the console page carry the adopted reports and the units that have not reported."""

import io
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn

from vocweek.core.models import AuditEntry
from vocweek.reports import services
from vocweek.reports.bulletins import BulletinError, compile_bulletin, content_of
from vocweek.reports.enums import AdoptionLevel
from vocweek.reports.tests.week import enrol_reporting_schools, file_report, staff

DAY_TWO, DAY_THREE = date(2021, 5, 23), date(2021, 5, 24)


@pytest.fixture
def week(tree, campaign, clock_at):
    clock_at("2021-05-24T20:00+08:00")
    participations = enrol_reporting_schools(tree, campaign)
    people = staff(tree, participations)
    province = people["province"]
    adopted = file_report(campaign, tree.college, people["college"], "开放校园迎来八方来客")
    adopted = services.adopt_report(
        report=adopted,
        actor=province,
        version=adopted.version,
        level=AdoptionLevel.PROVINCIAL_MEDIA,
        outlet="山西日报",
    )
    featured = file_report(campaign, tree.qingxu_school, people["qingxu"], "技能服务进社区")
    featured = services.adopt_report(report=featured, actor=province, version=featured.version)
    services.feature_report(report=featured, actor=province, version=featured.version)
    file_report(campaign, tree.datong_school, people["datong"], "未采用的稿件")
    return people


def docx_text(bulletin) -> str:
    with bulletin.docx.open("rb") as handle:
        document = Document(io.BytesIO(handle.read()))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


def test_bulletins_are_numbered_in_compile_order_and_a_recompiled_day_keeps_its_number(
    campaign, week, django_capture_on_commit_callbacks
):
    first = compile_bulletin(campaign=campaign, day=DAY_THREE)
    second = compile_bulletin(campaign=campaign, day=DAY_TWO, actor=week["province"])
    with django_capture_on_commit_callbacks(execute=True):
        again = compile_bulletin(campaign=campaign, day=DAY_THREE, actor=week["province"])
    assert (first.number, second.number, again.number) == (1, 2, 1)
    assert again.pk == first.pk and again.compiled_by == week["province"]
    storage = again.docx.storage
    assert storage.exists(again.docx.name) and not storage.exists(first.docx.name)
    assert AuditEntry.objects.filter(action="bulletin.recompile", object_id=str(first.pk)).exists()


def test_a_day_that_has_not_come_or_lies_outside_the_week_has_no_bulletin(campaign, week):
    for day in (date(2021, 5, 25), date(2021, 5, 21)):
        with pytest.raises(BulletinError):
            compile_bulletin(campaign=campaign, day=day)


def test_the_word_document_lists_adopted_reports_with_units_and_the_units_missing(campaign, week):
    bulletin = compile_bulletin(campaign=campaign, day=DAY_THREE)
    text = docx_text(bulletin)
    assert "山西省2021年职业教育活动周工作简报" in text and "第1期" in text
    assert "山西省教育厅\t2021年5月24日" in text
    assert "开放校园迎来八方来客（山西职业技术学院；采用：省级媒体（山西日报））" in text
    assert "技能服务进社区（清徐县职业中学" in text
    assert "未采用的稿件" not in text
    assert "太原市第一职业中学" in text.split("五、未报送单位")[1]
    for heading in ("一、今日概况", "二、采用信息", "三、精选稿件", "四、各市报送情况"):
        assert heading in text
    content = content_of(bulletin)
    assert content.missing_units == ["太原市第一职业中学"]
    assert (content.total.obligated, content.total.reported, content.total.missing) == (4, 3, 1)
    assert [(row.name, row.obligated, row.missing) for row in content.cities] == [
        ("太原市教育局", 2, 1),
        ("大同市教育局", 1, 0),
        ("省直单位", 1, 0),
    ]


def test_the_document_names_a_chinese_font_for_its_styles(campaign, week):
    bulletin = compile_bulletin(campaign=campaign, day=DAY_THREE)
    with bulletin.docx.open("rb") as handle:
        document = Document(io.BytesIO(handle.read()))
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    assert document.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsiaTheme")) is None


def test_reviewers_read_compile_and_download_bulletins_a_school_gets_404(client, campaign, week):
    bulletin = compile_bulletin(campaign=campaign, day=DAY_THREE)

    client.force_login(week["province"])
    page = client.get(f"/console/reports/bulletins/{bulletin.pk}/").content.decode()
    assert "开放校园迎来八方来客" in page and "山西职业技术学院" in page
    assert "太原市第一职业中学" in page and "第1期" in page
    listing = client.get("/console/reports/bulletins/").content.decode()
    assert "第1期" in listing and "立即编发" in listing
    download = client.get(f"/console/reports/bulletins/{bulletin.pk}/download/")
    assert download["Content-Type"].endswith("wordprocessingml.document")
    assert b"".join(download.streaming_content).startswith(b"PK")

    response = client.post("/console/reports/bulletins/compile/", {"day": "2021-05-23"})
    compiled = campaign.bulletins.get(day=DAY_TWO)
    assert response.url == f"/console/reports/bulletins/{compiled.pk}/"
    assert compiled.number == 2 and compiled.compiled_by == week["province"]

    client.force_login(week["city"])  # a city reviewer reads, but does not compile
    assert client.get(f"/console/reports/bulletins/{bulletin.pk}/").status_code == 200
    assert (
        client.post("/console/reports/bulletins/compile/", {"day": "2021-05-22"}).status_code == 404
    )

    client.force_login(week["qingxu"])
    for url in (
        "/console/reports/bulletins/",
        f"/console/reports/bulletins/{bulletin.pk}/",
        f"/console/reports/bulletins/{bulletin.pk}/download/",
    ):
        assert client.get(url).status_code == 404
