"""The pledge's public pages and the console's counts and export, through the views."""

import io

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from vocweek.campaigns.services import enrol_unit
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.pledges.tests.factories import make_pledge


@pytest.fixture
def schools(campaign, tree):
    for school in (tree.taiyuan_school, tree.datong_school, tree.college):
        enrol_unit(
            campaign=campaign,
            unit=school,
            owes_plan=False,
            owes_daily_reports=False,
            owes_statistics=False,
        )
    return tree


@pytest.fixture
def pledge(campaign, schools):
    cache.clear()  # the rate limit counts in the cache
    return make_pledge(campaign)


def sign(client, pledge, school, identifier, name="李小明", kind="student_number"):
    return client.post(
        reverse("pledges:sign", args=[pledge.pk]),
        {"name": name, "school": school.pk, "kind": kind, "identifier": identifier},
    )


def test_signing_shows_the_certificate_with_the_signers_number(client, pledge, schools):
    sign(client, pledge, schools.taiyuan_school, "2021001", name="王芳")
    response = sign(client, pledge, schools.datong_school, "2021001")

    assert response.status_code == 303
    page = client.get(response["Location"])
    text = page.content.decode()
    number = _("Signer No. %(number)s") % {"number": 2}
    assert "李小明" in text and number in text and schools.datong_school.name in text
    assert "private" in page["Cache-Control"] and page["X-Robots-Tag"] == "noindex"
    assert "<svg" in text  # the QR code


def test_signing_again_lands_on_the_same_certificate_and_counts_once(client, pledge, schools):
    first = sign(client, pledge, schools.taiyuan_school, "2021001")
    again = sign(client, pledge, schools.taiyuan_school, " 2021001 ", name="李小明")

    assert again["Location"].split("?")[0] == first["Location"]
    already = _("You had already signed this pledge: here is your certificate.")
    assert already in client.get(again["Location"]).content.decode()
    assert already not in client.get(first["Location"]).content.decode()
    counts = client.get(reverse("pledges:counts", args=[pledge.pk])).json()
    assert counts["total"] == 1


def test_the_counts_give_the_total_and_each_city(client, pledge, schools):
    sign(client, pledge, schools.taiyuan_school, "1")
    sign(client, pledge, schools.college, "1")  # a province school located in Taiyuan
    sign(client, pledge, schools.datong_school, "13812345678", kind="mobile")

    response = client.get(reverse("pledges:counts", args=[pledge.pk]))

    counts = response.json()
    assert counts["total"] == 3
    by_city = {city["id"]: city["signers"] for city in counts["cities"]}
    assert by_city == {schools.taiyuan.pk: 2, schools.datong.pk: 1}
    assert counts["updated_at"]
    assert response["Cache-Control"] == "public, max-age=2"


def test_the_wall_shows_masked_names(client, pledge, schools):
    sign(client, pledge, schools.taiyuan_school, "1", name="李小明")
    sign(client, pledge, schools.taiyuan_school, "2", name="王芳")

    text = client.get(reverse("pledges:pledge", args=[pledge.pk])).content.decode()

    assert "李*明" in text and "王*" in text
    wall = text.split('id="wall-heading"')[1]
    assert "李小明" not in wall and "王芳" not in wall


def test_the_sign_form_lists_the_participating_schools_by_city(client, pledge, schools):
    text = client.get(reverse("pledges:pledge", args=[pledge.pk])).content.decode()

    assert '<optgroup label="太原市教育局">' in text
    assert schools.college.name in text and schools.qingxu_school.name not in text


def test_a_draft_pledge_is_not_found(client, campaign, schools):
    draft = make_pledge(campaign, open_it=False)

    assert client.get(reverse("pledges:pledge", args=[draft.pk])).status_code == 404
    assert client.get(reverse("pledges:counts", args=[draft.pk])).status_code == 404
    assert sign(client, draft, schools.taiyuan_school, "1").status_code == 404


def test_signing_without_the_csrf_token_is_refused(pledge, schools):
    client = Client(enforce_csrf_checks=True)

    response = sign(client, pledge, schools.taiyuan_school, "1")

    assert response.status_code == 403
    pledge.refresh_from_db()
    assert pledge.signers == 0


def test_a_bad_student_number_names_the_field(client, pledge, schools):
    response = sign(client, pledge, schools.taiyuan_school, "20-21")

    assert response.status_code == 400
    assert (
        _("Student number: letters and digits only, at most %(length)d.") % {"length": 30}
        in response.content.decode()
    )


@pytest.mark.usefixtures("ratelimit_window_held")
def test_too_many_signatures_from_one_address_are_refused(client, pledge, schools):
    for number in range(20):
        assert sign(client, pledge, schools.taiyuan_school, str(number)).status_code == 303

    response = sign(client, pledge, schools.taiyuan_school, "21")

    assert response.status_code == 429
    refused = _(
        "Too many signatures from your network in a short time. Please wait a minute and try again."
    )
    assert refused in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.signers == 20


def export_url(pledge, school):
    return reverse("pledges_manage:signers_xlsx", args=[pledge.pk, school.pk])


def test_a_school_exports_only_its_own_signers(client, pledge, schools):
    sign(client, pledge, schools.taiyuan_school, "1", name="李小明")
    sign(client, pledge, schools.datong_school, "1", name="赵强")
    sign(client, pledge, schools.taiyuan_school, "2", name="王芳")
    staff = make_member(schools.taiyuan_school, Role.UNIT_REPORTER)
    client.force_login(staff)

    counts_page = client.get(reverse("pledges_manage:counts")).content.decode()
    response = client.get(export_url(pledge, schools.taiyuan_school))

    assert (
        schools.taiyuan_school.name in counts_page and schools.datong_school.name not in counts_page
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(min_row=6, values_only=True)]
    assert [(number, name) for number, name, _at in rows] == [(1, "李小明"), (3, "王芳")]
    assert "赵强" not in str(list(sheet.values))


def test_another_schools_staff_cannot_open_the_export(client, pledge, schools):
    client.force_login(make_member(schools.datong_school, Role.UNIT_MANAGER))

    assert client.get(export_url(pledge, schools.taiyuan_school)).status_code == 404
    assert client.get(export_url(pledge, schools.datong_school)).status_code == 200


def test_a_city_reviewer_sees_its_schools_counts(client, pledge, schools):
    sign(client, pledge, schools.taiyuan_school, "1")
    sign(client, pledge, schools.datong_school, "1")
    client.force_login(make_member(schools.taiyuan, Role.CITY_REVIEWER))

    page = client.get(reverse("pledges_manage:counts")).content.decode()

    assert schools.taiyuan_school.name in page and schools.datong_school.name not in page
    assert client.get(export_url(pledge, schools.taiyuan_school)).status_code == 404


def test_the_organiser_opens_and_closes_a_pledge(client, campaign, schools):
    admin = make_member(schools.province, Role.ORGANISER_ADMIN)
    client.force_login(admin)
    created = client.post(
        reverse("pledges_manage:new"), {"title": "技能成才承诺书", "text": "第一段\n第二段"}
    )
    pk = int(created["Location"].rstrip("/").split("/")[-1])

    client.post(reverse("pledges_manage:open", args=[pk]))
    assert client.get(reverse("pledges:pledge", args=[pk])).status_code == 200
    client.post(reverse("pledges_manage:close", args=[pk]))
    page = client.get(reverse("pledges:pledge", args=[pk])).content.decode()
    assert "第二段" in page and 'name="identifier"' not in page
    client.force_login(make_member(schools.taiyuan_school, Role.UNIT_MANAGER))
    assert client.get(reverse("pledges_manage:edit", args=[pk])).status_code == 404


def test_the_organiser_changes_a_draft_but_not_an_open_pledge(client, campaign, schools):
    client.force_login(make_member(schools.province, Role.ORGANISER_ADMIN))
    draft = make_pledge(campaign, open_it=False)
    edit = reverse("pledges_manage:edit", args=[draft.pk])

    client.post(edit, {"title": "技能成才承诺书（修订）", "text": "新的第一段\n新的第二段"})
    draft.refresh_from_db()
    assert (draft.title, draft.text) == ("技能成才承诺书（修订）", "新的第一段\n新的第二段")

    client.post(reverse("pledges_manage:open", args=[draft.pk]))
    assert 'name="text"' not in client.get(edit).content.decode()  # no form once open
    assert client.post(edit, {"title": "改", "text": "改"}).status_code == 404
    draft.refresh_from_db()
    assert draft.text == "新的第一段\n新的第二段"


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"school": "999999"}, "School: choose your school from the list."),
        ({"school": "abc"}, "School: choose your school from the list."),
        ({"name": "  "}, "Name: enter your name."),
        ({"name": "名" * 31}, "Name: at most 30 characters."),
        ({"kind": "passport"}, None),
        ({"identifier": ""}, None),
    ],
)
def test_a_signature_with_a_field_to_correct_is_refused_at_that_field(
    client, pledge, schools, changes, field_message
):
    fields = {
        "name": "李小明",
        "school": schools.taiyuan_school.pk,
        "kind": "student_number",
        "identifier": "2021001",
    } | changes

    response = client.post(reverse("pledges:sign", args=[pledge.pk]), fields)

    assert response.status_code == 400
    page = response.content.decode()
    assert "has-error" in page or "message-error" in page
    if field_message:
        assert _(field_message) in page
    pledge.refresh_from_db()
    assert pledge.signers == 0
