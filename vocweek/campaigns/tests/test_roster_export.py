"""The roster export: the import's own columns, text mobiles, and a round trip that changes nothing."""

import io

import pytest
from openpyxl import load_workbook

from vocweek.campaigns.roster.columns import HEADER_FIELDS
from vocweek.campaigns.roster.exports import roster_workbook
from vocweek.campaigns.roster.queries import roster_lines
from vocweek.campaigns.roster.service import import_roster
from vocweek.campaigns.tests import roster_files
from vocweek.core.models import AuditEntry

EXPORT_HEADERS = [
    "单位名称",
    "单位代码",
    "单位类型",
    "所属市",
    "所属县区",
    "联系人",
    "职务",
    "手机",
    "邮箱",
]


def exported_sheet(tree, campaign):
    data = roster_workbook(roster_lines(root=tree.province, campaign=campaign))
    return data, load_workbook(io.BytesIO(data)).active


@pytest.fixture
def imported(tree, campaign):
    return import_roster(file_name="名单.xlsx", data=roster_files.messy_roster(), campaign=campaign)


def test_export_has_the_import_headers_and_one_row_per_liaison(tree, campaign, imported):
    _data, sheet = exported_sheet(tree, campaign)

    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == EXPORT_HEADERS == list(HEADER_FIELDS)
    by_contact = {row[5]: row for row in rows[1:]}
    assert by_contact["王五"] == (
        "清徐县职业中学",
        tree.qingxu_school.code,
        "市属中职",
        "太原市",
        "清徐县教育局",
        "王五",
        None,
        "13912345679",
        "wangwu@example.org",
    )
    assert by_contact["钱七"][2:4] == ("市教育局", "大同市")
    assert [row[0] for row in rows[1:]].count("山西职业技术学院") == 2


def test_export_writes_mobiles_as_text_cells(tree, campaign, imported):
    _data, sheet = exported_sheet(tree, campaign)

    mobiles = [row[7] for row in sheet.iter_rows(min_row=2) if row[7].value]
    assert len(mobiles) == 8
    for cell in mobiles:
        assert cell.data_type == "s"
        assert cell.number_format == "@"
        assert isinstance(cell.value, str) and len(cell.value) == 11


def test_export_then_import_changes_nothing(tree, campaign, imported):
    data, _sheet = exported_sheet(tree, campaign)
    audit_entries = AuditEntry.objects.count()

    again = import_roster(file_name="导出.xlsx", data=data, campaign=campaign)

    assert not again.changed
    assert again.unchanged_units == 7
    assert again.skipped == ()
    assert AuditEntry.objects.count() == audit_entries


def test_export_without_campaign_lists_every_unit_below_the_province(tree):
    data = roster_workbook(roster_lines(root=tree.province, campaign=None))
    names = [
        row[0]
        for row in load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2, values_only=True)
    ]

    assert "山西省教育厅" not in names
    assert set(names) == {
        "太原市教育局",
        "清徐县教育局",
        "清徐县职业中学",
        "太原市第一职业中学",
        "大同市教育局",
        "大同市第二职业中学",
        "山西职业技术学院",
        "山西省总工会",
    }
    assert not import_roster(file_name="导出.xlsx", data=data, campaign=None).changed


def test_export_keeps_a_formula_like_name_as_text(tree):
    from vocweek.orgs.enums import UnitKind
    from vocweek.orgs.tests.factories import make_unit

    make_unit('=HYPERLINK("http://evil")', UnitKind.CO_ORGANISER, tree.province)
    data = roster_workbook(roster_lines(root=tree.province, campaign=None))

    cells = [row[0] for row in load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2)]
    formula_like = next(cell for cell in cells if str(cell.value).startswith("="))
    assert formula_like.data_type == "s"
