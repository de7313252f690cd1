"""The roster pages of the staff console: upload → preview → import → result, and the export."""

import io

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from vocweek.campaigns.models import Participation
from vocweek.campaigns.roster.uploads import imports_storage
from vocweek.campaigns.tests import roster_files
from vocweek.orgs.enums import Role
from vocweek.orgs.models import Unit
from vocweek.orgs.tests.factories import make_member

ROSTER_URLS = [
    "campaigns:roster_import",
    "campaigns:roster_preview",
    "campaigns:roster_result",
    "campaigns:roster_export",
    "campaigns:roster_download",
]


@pytest.fixture(autouse=True)
def private_var(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = settings.STORAGES | {
        "imports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "imports"},
        }
    }


def kept_files() -> list[str]:
    """The rosters waiting between preview and import."""
    try:
        return imports_storage().listdir("")[1]
    except FileNotFoundError:
        return []


def console_client(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def organiser(client, tree):
    return console_client(client, make_member(tree.province, Role.ORGANISER_ADMIN))


def upload(client, campaign, data: bytes, name: str = "名单.xlsx"):
    return client.post(
        reverse("campaigns:roster_import"),
        {"file": SimpleUploadedFile(name, data), "campaign": campaign.pk},
    )


def test_organiser_imports_a_roster_after_seeing_the_preview(
    organiser, campaign, django_capture_on_commit_callbacks
):
    page = organiser.get(reverse("campaigns:roster_import"))
    assert 'type="file"' in page.content.decode()

    uploaded = upload(organiser, campaign, roster_files.messy_roster())
    assert uploaded.url == reverse("campaigns:roster_preview")
    assert len(kept_files()) == 1

    preview = organiser.get(uploaded.url).content.decode()
    assert "阳曲县教育局" in preview and "太原市技师学院" in preview
    assert 'name="rows" value="all"' in preview
    assert 'value="valid"' not in preview
    assert not Unit.objects.filter(name="太原市技师学院").exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = organiser.post(reverse("campaigns:roster_run"), {"rows": "all"})
    assert done.url == reverse("campaigns:roster_result")
    assert kept_files() == []
    assert Participation.objects.filter(campaign=campaign).count() == 7

    result = organiser.get(done.url).content.decode()
    assert result.count("http://testserver/accounts/activate/") == 8 * 2  # text and href
    assert "13812345678" in result
    assert len(mail.outbox) == 3


def test_preview_lists_each_invalid_row_and_offers_only_the_valid_rows(organiser, campaign):
    data = roster_files.messy_roster({7: {"联系电话": "1381234"}, 11: {"地市": "雄安"}})
    upload(organiser, campaign, data)

    preview = organiser.get(reverse("campaigns:roster_preview")).content.decode()

    assert "Row 7: 联系电话 “1381234” is not an 11-digit mobile number." in preview
    assert "雄安" in preview
    assert 'name="rows" value="all"' not in preview
    assert 'name="rows" value="valid"' in preview


def test_import_of_a_roster_with_errors_writes_nothing_unless_asked(organiser, campaign):
    upload(organiser, campaign, roster_files.messy_roster({7: {"联系电话": "1381234"}}))

    refused = organiser.post(reverse("campaigns:roster_run"), {"rows": "all"})

    assert refused.url == reverse("campaigns:roster_preview")
    assert Participation.objects.count() == 0
    organiser.post(reverse("campaigns:roster_run"), {"rows": "valid"})
    assert Participation.objects.count() == 6
    assert not Participation.objects.filter(unit__name="清徐县职业中学").exists()


def test_preview_of_a_fake_workbook_says_what_is_wrong_with_the_file(organiser, campaign):
    upload(organiser, campaign, b"%PDF-1.4 ...", name="名单.xlsx")

    preview = organiser.get(reverse("campaigns:roster_preview")).content.decode()

    assert "“名单.xlsx” is not a real Excel workbook" in preview
    assert kept_files() == []


def test_upload_of_a_wrong_file_type_is_refused_on_the_form(organiser, campaign):
    response = upload(organiser, campaign, b"hello", name="名单.pdf")

    assert response.status_code == 200
    assert "neither an Excel workbook" in response.content.decode()
    assert kept_files() == []


def test_running_without_an_upload_sends_back_to_the_form(organiser, campaign):
    response = organiser.post(reverse("campaigns:roster_run"), {"rows": "all"})

    assert response.url == reverse("campaigns:roster_import")


def test_organiser_downloads_the_roster_as_a_workbook(organiser, campaign):
    upload(organiser, campaign, roster_files.messy_roster())
    organiser.post(reverse("campaigns:roster_run"), {"rows": "all"})

    response = organiser.get(reverse("campaigns:roster_download"), {"campaign": campaign.pk})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1 + 8
    assert [cell.value for cell in sheet[1]][:3] == ["单位名称", "单位代码", "单位类型"]


def test_export_page_offers_the_campaigns_and_the_download(organiser, campaign):
    page = organiser.get(reverse("campaigns:roster_export")).content.decode()

    assert reverse("campaigns:roster_download") in page
    assert campaign.title in page


@pytest.mark.parametrize("url_name", ROSTER_URLS)
def test_school_reporter_gets_404_on_roster_pages(client, tree, campaign, url_name):
    console_client(client, make_member(tree.taiyuan_school, Role.UNIT_REPORTER))

    assert client.get(reverse(url_name)).status_code == 404


def test_school_reporter_cannot_run_an_import(client, tree, campaign):
    console_client(client, make_member(tree.taiyuan_school, Role.UNIT_MANAGER))

    response = client.post(reverse("campaigns:roster_run"), {"rows": "all"})

    assert response.status_code == 404
    assert Participation.objects.count() == 0


def test_rosters_of_abandoned_previews_are_deleted_a_day_later(organiser, campaign):
    import os
    import time

    upload(organiser, campaign, roster_files.messy_roster())
    [abandoned] = kept_files()
    day_old = time.time() - 24 * 3600 - 60
    os.utime(imports_storage().path(abandoned), (day_old, day_old))

    upload(organiser, campaign, roster_files.messy_roster())

    assert abandoned not in kept_files()
    assert len(kept_files()) == 1
