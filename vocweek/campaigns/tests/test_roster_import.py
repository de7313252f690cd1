"""The roster import as a service: messy files, all-or-nothing, idempotence, encodings, hostile files."""

import pytest
from django.test import override_settings
from django.utils import translation

from vocweek.accounts.models import User
from vocweek.campaigns.models import Liaison, Participation
from vocweek.campaigns.roster.reading import RosterError, RosterFileError
from vocweek.campaigns.roster.service import RosterInvalid, import_roster, preview_import
from vocweek.campaigns.tests import roster_files
from vocweek.core.models import AuditEntry
from vocweek.orgs.enums import Role, UnitKind
from vocweek.orgs.models import Membership, Unit
from vocweek.orgs.tests.factories import make_unit

NEW_UNITS = ("太原市技师学院", "阳曲县教育局", "阳曲县职业中学")


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in their English source text, whatever the catalogue says."""
    with translation.override("en"):
        yield


def written_state() -> tuple[int, int, int, int, int, int]:
    return (
        Unit.objects.count(),
        Participation.objects.count(),
        Liaison.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        AuditEntry.objects.count(),
    )


def import_messy(campaign, **options):
    return import_roster(
        file_name="2021年参与单位名单.xlsx",
        data=roster_files.messy_roster(options.pop("changes", None)),
        campaign=campaign,
        **options,
    )


def test_import_places_units_of_a_messy_roster_where_they_belong(tree, campaign):
    result = import_messy(campaign)

    assert sorted(result.created_units) == sorted(NEW_UNITS)
    assert result.unchanged_units == 5
    assert result.updated_units == ()
    technical = Unit.objects.get(name="太原市技师学院")
    assert (technical.kind, technical.parent, technical.city) == (
        UnitKind.TECHNICAL,
        tree.taiyuan,
        tree.taiyuan,
    )
    county = Unit.objects.get(name="阳曲县教育局")
    assert (county.kind, county.parent) == (UnitKind.COUNTY, tree.taiyuan)
    school = Unit.objects.get(name="阳曲县职业中学")
    assert (school.kind, school.parent, school.city) == (
        UnitKind.CITY_SECONDARY,
        county,
        tree.taiyuan,
    )
    # Full-width and non-breaking spaces did not make new units of existing ones.
    assert Unit.objects.filter(name__contains="职业技术学院").count() == 1
    assert Unit.objects.filter(name__contains="第一职业中学").count() == 1


def test_import_enrols_units_with_the_obligations_of_their_kind(tree, campaign):
    result = import_messy(campaign)

    assert result.participations_created == 7
    owes = {
        participation.unit.name: (
            participation.owes_plan,
            participation.owes_daily_reports,
            participation.owes_statistics,
        )
        for participation in Participation.objects.filter(campaign=campaign).select_related("unit")
    }
    assert owes["山西职业技术学院"] == (True, True, True)
    assert owes["太原市第一职业中学"] == (False, True, True)
    assert owes["太原市技师学院"] == (False, True, True)
    assert owes["大同市教育局"] == (True, False, True)
    assert owes["山西省总工会"] == (False, False, False)
    assert "阳曲县教育局" not in owes  # a county bureau named only by 所属县区 takes no part itself


def test_import_records_liaisons_with_clean_names_and_phones(tree, campaign):
    result = import_messy(campaign)

    assert result.liaisons_created == 8
    college = Liaison.objects.filter(participation__unit=tree.college).order_by("name")
    assert [
        (liaison.name, liaison.mobile, liaison.email, liaison.position) for liaison in college
    ] == [
        ("周九", "13412345678", "", ""),
        ("张三", "13812345678", "zhangsan@example.org", "办公室主任"),
    ]
    assert Liaison.objects.get(name="王五").mobile == "13912345679"
    assert Liaison.objects.get(name="李四").mobile == "13912345678"


def test_import_gives_each_liaison_an_unusable_account_in_their_unit(tree, campaign):
    result = import_messy(campaign)

    assert result.accounts_created == 8
    zhang = User.objects.get(username="13812345678")
    assert zhang.full_name == "张三"
    assert zhang.email == "zhangsan@example.org"
    assert not zhang.has_usable_password()
    assert Liaison.objects.get(name="张三").user == zhang
    assert (zhang.membership.unit, zhang.membership.role) == (tree.college, Role.UNIT_MANAGER)
    city_liaison = User.objects.get(username="13612345678")
    assert (city_liaison.membership.unit, city_liaison.membership.role) == (
        tree.datong,
        Role.CITY_REVIEWER,
    )
    assert {user.username for user in result.new_accounts} == set(
        Liaison.objects.values_list("mobile", flat=True)
    )


def test_import_without_campaign_imports_units_only(tree):
    result = import_messy(None)

    assert sorted(result.created_units) == sorted(NEW_UNITS)
    assert Participation.objects.count() == 0
    assert Liaison.objects.count() == 0
    assert result.accounts_created == 0


def test_reimport_changes_nothing_when_the_file_is_the_same(tree, campaign):
    import_messy(campaign)
    before = written_state()

    again = import_messy(campaign)

    assert not again.changed
    assert again.unchanged_units == 7
    assert again.created_units == again.updated_units == ()
    assert (again.participations_created, again.liaisons_created, again.accounts_created) == (
        0,
        0,
        0,
    )
    assert written_state() == before


def test_dry_run_counts_everything_and_writes_nothing(tree, campaign):
    before = written_state()

    result = import_messy(campaign, dry_run=True)

    assert result.dry_run
    assert len(result.created_units) == 3
    assert (result.participations_created, result.liaisons_created, result.accounts_created) == (
        7,
        8,
        8,
    )
    assert result.new_accounts == ()
    assert written_state() == before


def test_invalid_row_writes_nothing_and_names_row_and_reason(tree, campaign):
    before = written_state()

    with pytest.raises(RosterInvalid) as raised:
        import_messy(campaign, changes={7: {"联系电话": "1381234"}})

    assert written_state() == before
    [error] = raised.value.errors
    assert error.row == 7
    assert error.column == "联系电话"
    assert error.message == "Row 7: 联系电话 “1381234” is not an 11-digit mobile number."


def test_skip_invalid_imports_only_the_valid_rows(tree, campaign):
    result = import_messy(
        campaign,
        skip_invalid=True,
        changes={8: {"类型": "幼儿园"}, 13: {"电子邮箱": "wu@@example"}},
    )

    assert [error.row for error in result.skipped] == [8, 13]
    assert "幼儿园" in result.skipped[0].message
    assert not Unit.objects.filter(name__in=["太原市技师学院", "阳曲县职业中学"]).exists()
    assert Participation.objects.filter(campaign=campaign).count() == 5
    assert Liaison.objects.filter(name__in=["赵六", "吴十"]).count() == 0


def test_duplicate_rows_that_disagree_are_one_error_naming_both_rows(tree, campaign):
    with pytest.raises(RosterInvalid) as raised:
        import_messy(campaign, changes={12: {"地市": "大同"}})

    [error] = raised.value.errors
    assert "Rows 5 and 12" in error.message
    assert "地市" in error.message
    assert Unit.objects.filter(name="太原市技师学院").count() == 0


def test_unknown_city_is_a_row_error(tree, campaign):
    with pytest.raises(RosterInvalid) as raised:
        import_messy(campaign, changes={11: {"地市": "雄安"}})

    [error] = raised.value.errors
    assert (error.row, error.column) == (11, "地市")
    assert "雄安" in error.message


def test_a_row_with_a_bad_mobile_and_an_unknown_city_reports_both_at_once(tree, campaign):
    with pytest.raises(RosterInvalid) as raised:
        import_messy(campaign, changes={11: {"地市": "雄安", "联系电话": "1381234"}})

    assert sorted(error.column for error in raised.value.errors) == ["地市", "联系电话"]
    assert {error.row for error in raised.value.errors} == {11}


def test_unit_elsewhere_in_the_tree_is_not_moved_by_an_import(tree, campaign):
    data = roster_files.simple_roster(
        [["清徐县职业中学", "中职", "大同市", "王五", "13912345679", ""]]
    )

    with pytest.raises(RosterInvalid) as raised:
        import_roster(file_name="名单.xlsx", data=data, campaign=campaign)

    [error] = raised.value.errors
    assert "清徐县教育局" in error.message
    assert tree.qingxu_school.parent == tree.qingxu


def test_school_without_county_column_matches_it_under_its_county(tree, campaign):
    data = roster_files.simple_roster(
        [["清徐县职业中学", "中职", "太原", "王五", "13912345679", ""]]
    )

    result = import_roster(file_name="名单.xlsx", data=data, campaign=campaign)

    assert result.unchanged_units == 1
    assert Participation.objects.get(unit=tree.qingxu_school)


def test_import_updates_kind_and_city_of_an_existing_unit(tree, campaign):
    data = roster_files.simple_roster(
        [["山西职业技术学院", "省属中职", "大同", "", "", ""]],
    )

    result = import_roster(file_name="名单.xlsx", data=data, campaign=None)

    assert result.updated_units == ("山西职业技术学院",)
    tree.college.refresh_from_db()
    assert (tree.college.kind, tree.college.city) == (UnitKind.PROVINCIAL_SECONDARY, tree.datong)
    assert AuditEntry.objects.filter(action="unit.update", object_id=str(tree.college.pk)).exists()


def test_city_bureau_rows_create_cities_that_later_rows_use(tree):
    data = roster_files.simple_roster(
        [
            ["朔州市第一职业中学", "中职", "朔州", "", "", ""],
            ["朔州市教育局", "市教育局", "", "", "", ""],
        ]
    )

    import_roster(file_name="名单.xlsx", data=data, campaign=None)

    shuozhou = Unit.objects.get(name="朔州市教育局")
    assert (shuozhou.parent, shuozhou.city) == (tree.province, shuozhou)
    assert Unit.objects.get(name="朔州市第一职业中学").parent == shuozhou


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig", "utf-8"])
def test_csv_imports_in_chinese_excel_encodings(tree, campaign, encoding):
    result = import_roster(
        file_name="名单.csv", data=roster_files.roster_csv(encoding), campaign=campaign
    )

    assert result.created_units == ("大同市第三职业中学",)
    assert result.unchanged_units == 1
    assert Liaison.objects.get(name="张三").position == "主任"
    assert Unit.objects.get(name="大同市第三职业中学").parent == tree.datong


def test_fake_xlsx_is_rejected_naming_the_file(tree, campaign):
    with pytest.raises(RosterFileError) as raised:
        import_roster(file_name="名单.xlsx", data=b"%PDF-1.7\n%...", campaign=campaign)

    assert "名单.xlsx" in raised.value.message
    assert "not a real Excel workbook" in raised.value.message


def test_old_xls_is_rejected_with_advice(tree, campaign):
    with pytest.raises(RosterFileError) as raised:
        import_roster(
            file_name="名单.xlsx",
            data=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
            campaign=campaign,
        )

    assert ".xlsx" in raised.value.message


@override_settings(VOCWEEK_IMPORT_MAX_BYTES=100_000)
def test_zip_bomb_is_rejected_before_it_is_unpacked(tree, campaign):
    data = roster_files.zip_bomb(unpacked_bytes=5_000_000)
    assert len(data) < 100_000

    with pytest.raises(RosterFileError) as raised:
        import_roster(file_name="炸弹.xlsx", data=data, campaign=campaign)

    assert "炸弹.xlsx" in raised.value.message
    assert "unpack" in raised.value.message


@override_settings(VOCWEEK_IMPORT_MAX_BYTES=1000)
def test_file_over_the_size_limit_is_rejected(tree, campaign):
    with pytest.raises(RosterFileError) as raised:
        import_messy(campaign)

    assert "2021年参与单位名单.xlsx" in raised.value.message


@override_settings(VOCWEEK_IMPORT_MAX_ROWS=3)
def test_file_over_the_row_limit_is_rejected(tree, campaign):
    with pytest.raises(RosterFileError) as raised:
        import_messy(campaign)

    assert "at most 3" in raised.value.message


def test_file_without_header_row_is_rejected(tree, campaign):
    data = roster_files.simple_roster([["a", "b"]], header=["甲", "乙"])

    with pytest.raises(RosterFileError) as raised:
        import_roster(file_name="名单.xlsx", data=data, campaign=campaign)

    assert "单位名称" in raised.value.message


def test_import_needs_the_province_at_the_root(db):
    data = roster_files.simple_roster([["太原市教育局", "市教育局", "", "", "", ""]])

    with pytest.raises(RosterError) as raised:
        import_roster(file_name="名单.xlsx", data=data, campaign=None)

    assert "provincial education department" in raised.value.message
    assert Unit.objects.count() == 0


def test_code_of_another_unit_is_a_row_error(tree):
    data = roster_files.simple_roster(
        [["太原市第九职业中学", tree.taiyuan_school.code, "中职", "太原"]],
        header=["单位名称", "单位代码", "单位类型", "所属市"],
    )

    with pytest.raises(RosterInvalid) as raised:
        import_roster(file_name="名单.xlsx", data=data, campaign=None)

    assert tree.taiyuan_school.name in raised.value.errors[0].message


def test_existing_account_is_reused_and_kept_in_its_unit(tree, campaign):
    make_unit("大同市第五职业中学", UnitKind.CITY_SECONDARY, tree.datong)
    organiser = User.objects.create(username="13812345678", full_name="张三")
    Membership.objects.create(user=organiser, unit=tree.province, role=Role.ORGANISER_ADMIN)

    result = import_messy(campaign)

    assert Liaison.objects.get(name="张三").user == organiser
    organiser.membership.refresh_from_db()
    assert organiser.membership.role == Role.ORGANISER_ADMIN
    assert result.accounts_created == 7
    assert any("13812345678" in warning for warning in result.warnings)


def test_preview_lists_errors_and_what_the_valid_rows_would_do(tree, campaign):
    before = written_state()

    preview = preview_import(
        file_name="名单.xlsx",
        data=roster_files.messy_roster({6: {"电子邮箱": "not-an-address"}}),
        campaign=campaign,
    )

    assert written_state() == before
    assert preview.header_row == 4
    assert preview.rows == 8
    assert preview.units == 6
    assert [error.row for error in preview.errors] == [6]
    assert not preview.can_import_all
    assert preview.can_import_valid
    assert sorted(preview.outcome.created_units) == sorted(NEW_UNITS)
    assert ("单位名称", "学校名称") in preview.columns
    assert ("手机", "联系电话") in preview.columns


def test_the_province_itself_in_the_roster_is_a_row_error(tree):
    data = roster_files.simple_roster([["山西省教育厅", "协办单位", "", "", "", ""]])

    with pytest.raises(RosterInvalid) as raised:
        import_roster(file_name="名单.xlsx", data=data, campaign=None)

    assert raised.value.errors[0].row == 2
    assert tree.province.kind == UnitKind.PROVINCE


def test_mobile_written_with_country_code_and_dashes_is_read(tree, campaign):
    data = roster_files.simple_roster(
        [
            ["山西省总工会", "协办单位", "", "孙八", "+86 135-1234-5678", ""],
            ["大同市教育局", "市教育局", "", "钱七", 8613612345678, ""],
        ]
    )

    import_roster(file_name="名单.xlsx", data=data, campaign=campaign)

    assert sorted(Liaison.objects.values_list("mobile", flat=True)) == [
        "13512345678",
        "13612345678",
    ]
