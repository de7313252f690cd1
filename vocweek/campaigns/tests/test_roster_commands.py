"""`vocweek import_units` and `vocweek export_units` as an operator runs them."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import translation
from openpyxl import load_workbook

from vocweek.accounts.models import User
from vocweek.campaigns.models import Participation
from vocweek.campaigns.tests import roster_files
from vocweek.campaigns.tests.factories import make_campaign
from vocweek.orgs.models import Unit


@pytest.fixture(autouse=True)
def english(settings):
    """Commands speak the platform's language; these tests read their English source text."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def messy_file(tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(roster_files.messy_roster())
    return path


def run(*args: str) -> tuple[str, str]:
    """Run a command as if it ran on its own: on-commit work (queued e-mails) runs when it ends."""
    out, err = io.StringIO(), io.StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_command_prints_activation_links_not_passwords(tree, campaign, messy_file):
    out, _err = run("import_units", str(messy_file), "--base-url", "https://vocweek.example.org/")

    users = User.objects.filter(liaison_roles__isnull=False).distinct()
    assert users.count() == 8
    for user in users:
        assert not user.has_usable_password()
        assert user.username in out
    links = [
        line
        for line in out.splitlines()
        if "https://vocweek.example.org/accounts/activate/" in line
    ]
    assert len(links) == 8
    assert "password" not in out.lower().replace("until a password is set", "")
    assert sorted(message.to[0] for message in mail.outbox) == [
        "qianqi@example.org",
        "wangwu@example.org",
        "zhangsan@example.org",
    ]
    assert "https://vocweek.example.org/accounts/activate/" in mail.outbox[0].body


def test_import_command_again_prints_nothing_changed_and_no_links(tree, campaign, messy_file):
    run("import_units", str(messy_file))
    mail.outbox.clear()

    out, _err = run("import_units", str(messy_file))

    assert "Nothing changed" in out
    assert "/accounts/activate/" not in out
    assert mail.outbox == []


def test_import_command_dry_run_keeps_nothing(tree, campaign, messy_file):
    units = Unit.objects.count()

    out, _err = run("import_units", str(messy_file), "--dry-run")

    assert "Dry run" in out
    assert "Units: 3 created" in out
    assert Unit.objects.count() == units
    assert Participation.objects.count() == 0
    assert mail.outbox == []


def test_import_command_with_an_invalid_row_fails_and_lists_it(tree, campaign, tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(roster_files.messy_roster({7: {"联系电话": "1381234"}}))
    err = io.StringIO()

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_units", str(path), stdout=io.StringIO(), stderr=err)

    assert "Row 7: 联系电话 “1381234” is not an 11-digit mobile number." in err.getvalue()
    assert not Unit.objects.filter(name="太原市技师学院").exists()


def test_import_command_skip_invalid_imports_the_other_rows(tree, campaign, tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(roster_files.messy_roster({7: {"联系电话": "1381234"}}))

    out, err = run("import_units", str(path), "--skip-invalid")

    assert "Row 7" in err
    assert "Rows skipped: 1" in out
    assert Unit.objects.filter(name="太原市技师学院").exists()
    assert not Participation.objects.filter(unit=tree.qingxu_school).exists()


def test_import_command_imports_into_the_named_campaign(tree, campaign, messy_file):
    other = make_campaign(tree.province, year=2022, is_current=False)

    run("import_units", str(messy_file), "--campaign", "2022")

    assert Participation.objects.filter(campaign=other).count() == 7
    assert not Participation.objects.filter(campaign=campaign).exists()


def test_import_command_without_any_campaign_imports_units_only(tree, messy_file):
    out, _err = run("import_units", str(messy_file))

    assert "units only" in out
    assert Unit.objects.filter(name="阳曲县职业中学").exists()
    assert User.objects.count() == 0


def test_import_command_rejects_a_fake_workbook_naming_it(tree, tmp_path):
    path = tmp_path / "假的.xlsx"
    path.write_bytes(b"%PDF-1.4 not a workbook")

    with pytest.raises(CommandError, match=r"假的\.xlsx"):
        run("import_units", str(path))


def test_export_command_writes_a_workbook_the_import_reads_back(
    tree, campaign, messy_file, tmp_path
):
    run("import_units", str(messy_file))
    exported = tmp_path / "导出.xlsx"

    out, _err = run("export_units", str(exported))

    assert "8 rows written" in out
    sheet = load_workbook(exported).active
    assert sheet["A1"].value == "单位名称"
    again, _err = run("import_units", str(exported))
    assert "Nothing changed" in again
