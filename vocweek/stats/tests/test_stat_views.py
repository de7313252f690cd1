"""The statistics table in the console, through the Django client: a unit fills in its return in
the browser or with the Excel template, its city bureau confirms it and submits the city."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vocweek.campaigns.services import enrol_unit
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.stats.definition import load_form
from vocweek.stats.demo import build_demo_form
from vocweek.stats.enums import ReturnState
from vocweek.stats.models import CitySubmission, StatReturn

IN_THE_WINDOW = "2021-05-30T10:00+08:00"
DURING_THE_WEEK = "2021-05-24T10:00+08:00"
VALUE_COLUMN = 3
KEY_COLUMN = 5


@pytest.fixture
def filing(tree, campaign, clock_at):
    """The window is open; the demo table; Taiyuan's school and Datong's owe it."""
    clock_at(IN_THE_WINDOW)
    definition = load_form(build_demo_form(campaign=campaign))
    for unit in (tree.taiyuan_school, tree.datong_school):
        enrol_unit(
            campaign=campaign,
            unit=unit,
            owes_plan=False,
            owes_daily_reports=False,
            owes_statistics=True,
        )
    people = {
        "school": make_member(tree.taiyuan_school, Role.UNIT_REPORTER),
        "datong_school": make_member(tree.datong_school, Role.UNIT_REPORTER),
        "city": make_member(tree.taiyuan, Role.CITY_REVIEWER),
    }
    return definition, people


def complete(definition, **overrides) -> dict[str, str]:
    """Every typed item filled in: numbers 0, texts a name."""
    values = {
        item.key: ("0" if item.is_numeric else "王老师")
        for item in definition.fields
        if item.is_typed
    }
    values.update(overrides)
    return values


def item_block(html: str, key: str) -> str:
    """The markup of one item of the table (its <li>)."""
    match = re.search(rf'<li class="[^"]*" data-key="{key}">(.*?)</li>', html, re.S)
    assert match, f"no item {key}"
    return match.group(1)


def message(response, kind: str) -> str:
    """The text of the page's messages of `kind` (success, error)."""
    found = re.findall(rf'<li class="message message-{kind}">(.*?)</li>', response.content.decode())
    assert found, f"no {kind} message"
    return " ".join(found)


def the_return(campaign, unit) -> StatReturn | None:
    return StatReturn.objects.filter(campaign=campaign, unit=unit).first()


def test_unit_fixes_a_broken_rule_then_submits_and_the_city_confirms_and_submits(
    client, tree, campaign, filing
):
    definition, people = filing
    client.force_login(people["school"])
    mine = reverse("stats:mine")

    page = client.get(mine).content.decode()
    assert "活动总场次" in page
    assert 'inputmode="numeric"' in page
    assert 'value="save"' in page and 'value="submit"' in page

    broken = complete(definition, activities="6", activities_offline="3", activities_online="2")
    response = client.post(mine, {**broken, "version": "", "action": "submit"})

    html = response.content.decode()
    assert response.status_code == 200
    offline = item_block(html, "activities_offline")
    assert "errorlist" in offline
    assert "活动总场次" in offline  # the message names the total it must add up to
    assert 'role="alert"' in html  # and the summary above the form
    assert the_return(campaign, tree.taiyuan_school) is None  # nothing saved
    assert 'value="3"' in offline  # the figures typed are kept

    fixed = {**broken, "activities": "5", "version": "", "action": "submit"}
    response = client.post(mine, fixed, follow=True)

    stat_return = the_return(campaign, tree.taiyuan_school)
    assert stat_return.state == ReturnState.SUBMITTED
    assert stat_return.values["activities"] == 5
    html = response.content.decode()
    assert 'name="action"' not in html  # read-only once submitted
    assert 'class="badge stat-state stat-state-submitted"' in html

    client.force_login(people["city"])
    returns = client.get(reverse("stats:returns")).content.decode()
    assert tree.taiyuan_school.name in returns
    assert reverse("stats:return", args=[stat_return.pk]) in returns
    assert tree.datong_school.name not in returns  # another city's unit

    response = client.post(
        reverse("stats:return", args=[stat_return.pk]),
        {"action": "confirm", "version": stat_return.version},
    )
    assert response.status_code == 302
    stat_return.refresh_from_db()
    assert stat_return.state == ReturnState.CONFIRMED

    returns = client.get(reverse("stats:returns")).content.decode()
    assert reverse("stats:submit_city") in returns
    response = client.post(reverse("stats:submit_city"), follow=True)
    assert CitySubmission.objects.filter(campaign=campaign, city=tree.taiyuan).exists()
    assert tree.taiyuan.name in message(response, "success")
    returns = client.get(reverse("stats:returns"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    returns = returns.content.decode()
    assert "本市已于" in returns  # the city sees it has submitted …
    assert reverse("stats:submit_city") not in returns  # … and is not offered to do it again


def test_city_cannot_submit_while_a_unit_is_unconfirmed(client, tree, campaign, filing):
    _definition, people = filing
    client.force_login(people["city"])

    response = client.post(reverse("stats:submit_city"), follow=True)

    assert not CitySubmission.objects.exists()
    refusal = message(response, "error")
    assert tree.taiyuan_school.name in refusal  # named as missing


def test_send_back_needs_a_note_and_the_unit_sees_it(client, tree, campaign, filing):
    definition, people = filing
    client.force_login(people["school"])
    client.post(reverse("stats:mine"), {**complete(definition), "action": "submit"})
    stat_return = the_return(campaign, tree.taiyuan_school)
    client.force_login(people["city"])
    url = reverse("stats:return", args=[stat_return.pk])

    response = client.post(url, {"action": "send_back", "version": stat_return.version})
    assert 'class="errorlist' in response.content.decode()
    stat_return.refresh_from_db()
    assert stat_return.state == ReturnState.SUBMITTED

    client.post(
        url, {"action": "send_back", "version": stat_return.version, "note": "请核对线上场次"}
    )
    stat_return.refresh_from_db()
    assert stat_return.state == ReturnState.RETURNED

    client.force_login(people["school"])
    page = client.get(reverse("stats:mine")).content.decode()
    assert "请核对线上场次" in page
    assert 'name="action"' in page  # editable again


def test_a_draft_keeps_incomplete_figures_and_the_version_guards_it(client, tree, campaign, filing):
    _definition, people = filing
    client.force_login(people["school"])
    mine = reverse("stats:mine")

    client.post(mine, {"activities": "７", "version": "", "action": "save"})
    stat_return = the_return(campaign, tree.taiyuan_school)
    assert stat_return.state == ReturnState.DRAFT
    assert stat_return.values["activities"] == 7

    stale = client.post(mine, {"activities": "8", "version": "", "action": "save"})
    assert stale.status_code == 409
    stat_return.refresh_from_db()
    assert stat_return.values["activities"] == 7
    assert f'name="version" value="{stat_return.version}"' in stale.content.decode()


def test_platform_figures_are_shown_read_only(client, tree, campaign, filing):
    definition, people = filing
    client.force_login(people["school"])

    html = client.get(reverse("stats:mine")).content.decode()

    source = next(item for item in definition.fields if item.source)
    block = item_block(html, source.key)
    assert "<input" not in block
    assert "0" in block


def test_the_table_is_not_open_during_the_week(client, tree, campaign, filing, clock_at):
    _definition, people = filing
    clock_at(DURING_THE_WEEK)
    client.force_login(people["school"])

    html = client.get(reverse("stats:mine")).content.decode()

    assert 'name="action"' not in html
    assert "2021" in html  # says when it opens


def test_a_unit_that_owes_no_table_is_told_so(client, tree, campaign, filing):
    client.force_login(make_member(tree.qingxu_school, Role.UNIT_REPORTER))

    html = client.get(reverse("stats:mine")).content.decode()

    assert tree.qingxu_school.name in html
    assert 'name="action"' not in html


def test_another_units_return_answers_404(client, tree, campaign, filing):
    definition, people = filing
    client.force_login(people["datong_school"])
    client.post(reverse("stats:mine"), {**complete(definition), "action": "submit"})
    datong_return = the_return(campaign, tree.datong_school)

    client.force_login(people["school"])
    response = client.get(reverse("stats:return", args=[datong_return.pk]))
    assert response.status_code == 404
    client.force_login(people["city"])  # Taiyuan's bureau does not review Datong
    response = client.get(reverse("stats:return", args=[datong_return.pk]))
    assert response.status_code == 404


def test_a_school_cannot_see_the_returns_list(client, tree, campaign, filing):
    _definition, people = filing
    client.force_login(people["school"])

    assert client.get(reverse("stats:returns")).status_code == 404
    assert client.post(reverse("stats:submit_city")).status_code == 404
    menu = client.get(reverse("stats:mine")).content.decode()
    assert reverse("stats:mine") in menu
    assert f'href="{reverse("stats:returns")}"' not in menu


def download_template(client) -> bytes:
    response = client.get(reverse("stats:template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return response.content


def fill(data: bytes, entries: dict[str, object]) -> tuple[bytes, dict[str, str]]:
    """The template with `entries` typed into their value cells, and each key's cell address."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    cells = {}
    for (key_cell,) in sheet.iter_rows(min_col=KEY_COLUMN, max_col=KEY_COLUMN):
        if key_cell.value in entries:
            sheet.cell(key_cell.row, VALUE_COLUMN, entries[key_cell.value])
        if isinstance(key_cell.value, str):
            cells[key_cell.value] = f"C{key_cell.row}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), cells


def upload(client, data: bytes, name: str = "统计表.xlsx"):
    return client.post(
        reverse("stats:upload"), {"workbook": SimpleUploadedFile(name, data)}, follow=True
    )


def test_the_template_opens_in_excel_with_the_unit_and_its_draft(client, tree, campaign, filing):
    _definition, people = filing
    client.force_login(people["school"])
    client.post(reverse("stats:mine"), {"activities": "12", "version": "", "action": "save"})

    data = download_template(client)

    workbook = openpyxl.load_workbook(io.BytesIO(data))
    texts = [cell.value for row in workbook.worksheets[0].iter_rows() for cell in row]
    assert any(isinstance(text, str) and tree.taiyuan_school.name in text for text in texts)
    _data, cells = fill(data, {})
    assert workbook.worksheets[0][cells["activities"]].value == 12


def test_an_upload_with_a_wrong_cell_names_it_and_saves_nothing(client, tree, campaign, filing):
    definition, people = filing
    client.force_login(people["school"])
    data, cells = fill(
        download_template(client),
        {**complete(definition), "activities": 5, "activities_offline": 9},
    )

    response = upload(client, data)

    html = response.content.decode()
    assert cells["activities_offline"] in html
    assert "统计表.xlsx" in html
    assert the_return(campaign, tree.taiyuan_school) is None


def test_a_good_upload_saves_a_draft_with_its_figures(client, tree, campaign, filing):
    definition, people = filing
    client.force_login(people["school"])
    entries = {
        key: (int(value) if value == "0" else value) for key, value in complete(definition).items()
    }
    data, _cells = fill(
        download_template(client),
        {**entries, "activities": 5, "activities_offline": 3, "activities_online": 2},
    )

    response = upload(client, data)

    stat_return = the_return(campaign, tree.taiyuan_school)
    assert stat_return.state == ReturnState.DRAFT
    assert stat_return.values["activities_offline"] == 3
    assert stat_return.values["filled_by"] == "王老师"
    assert "统计表.xlsx" in message(response, "success")


def test_an_upload_that_is_no_workbook_is_refused_by_name(client, tree, campaign, filing):
    _definition, people = filing
    client.force_login(people["school"])

    response = upload(client, b"not a workbook", name="figures.xlsx")

    assert "figures.xlsx" in message(response, "error")
    assert the_return(campaign, tree.taiyuan_school) is None


def test_saving_a_return_submitted_in_another_tab_says_so(client, tree, campaign, filing):
    definition, people = filing
    client.force_login(people["school"])
    mine = reverse("stats:mine")
    client.post(mine, {**complete(definition), "action": "submit"})
    stat_return = the_return(campaign, tree.taiyuan_school)

    response = client.post(
        mine, {"activities": "9", "version": stat_return.version, "action": "save"}, follow=True
    )

    stat_return.refresh_from_db()
    assert stat_return.state == ReturnState.SUBMITTED
    assert stat_return.values["activities"] == 0
    assert stat_return.get_state_display() in message(response, "error")


def test_the_province_downloads_the_summary_with_the_figures_a_school_submitted(
    client, tree, campaign, filing
):
    definition, people = filing
    client.force_login(people["school"])
    figures = complete(definition, activities="7", activities_offline="4", activities_online="3")
    client.post(reverse("stats:mine"), {**figures, "version": "", "action": "submit"})
    assert client.get(reverse("stats:export")).status_code == 404  # schools get no summary

    client.force_login(make_member(tree.province, Role.ORGANISER_ADMIN))
    assert reverse("stats:export") in client.get(reverse("stats:returns")).content.decode()
    response = client.get(reverse("stats:export"))

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    summary = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = {row[0]: row for row in summary.iter_rows(values_only=True) if row and row[0]}
    label = definition.field("activities").label
    total = next(row for key, row in rows.items() if str(key).strip() == label)
    assert total[-1] == 7  # the province total of 活动总场次
