"""The activity calendar's console: a unit writes and submits activities, the organiser approves
or returns them, registrations are listed (mobiles masked for all but the holder) and exported,
visitors are checked in by code, and the coverage grid counts activities by city and day."""

import io

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from vocweek.activities import services
from vocweek.activities.enums import ActivityState
from vocweek.activities.models import Activity, Registration
from vocweek.activities.tests.factories import make_activity, make_content, mobile
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member

MOBILE = mobile(1234)  # 13800001234
MASKED = "138****1234"


@pytest.fixture
def people(tree, campaign, clock_at):
    clock_at("2021-05-20T10:00+08:00")
    return {
        "school": make_member(tree.taiyuan_school, Role.UNIT_REPORTER),
        "other_school": make_member(tree.datong_school, Role.UNIT_REPORTER),
        "organiser": make_member(tree.province, Role.ORGANISER_ADMIN),
        "province": make_member(tree.province, Role.PROVINCE_REVIEWER),
    }


def form_data(**changes) -> dict[str, str]:
    """What a unit types for an on-site open day on 5/24, 9:00–11:30 Beijing time."""
    data = {
        "title": "校园开放日",
        "description": "参观实训基地，体验专业课程。",
        "kind": "open_campus",
        "service_type": "",
        "mode": "offline",
        "level": "school",
        "audience": "pupils_parents",
        "starts_at": "2021-05-24T09:00",
        "ends_at": "2021-05-24T11:30",
        "venue": "实训楼一层",
        "address": "太原市迎泽区示例路1号",
        "online_url": "",
        "livestream_url": "",
        "livestream_platform": "",
        "registration_required": "on",
        "capacity": "20",
        "max_party_size": "2",
        "contact_name": "王老师",
        "contact_phone": "0351-1234567",
        "version": "",
    }
    data.update(changes)
    return data


def errors_at_top(response) -> str:
    page = response.content.decode()
    assert 'class="form-errors"' in page
    return page.split('class="form-errors"')[1].split("</div>")[0]


def create_through_form(client, user, **changes) -> Activity:
    client.force_login(user)
    response = client.post(reverse("activities_manage:new"), form_data(**changes))
    assert response.status_code == 302, response.content.decode()
    return Activity.objects.latest("pk")


def test_school_creates_and_submits_an_activity_published_at_once(client, tree, people):
    activity = create_through_form(client, people["school"])
    assert activity.state == ActivityState.DRAFT
    assert activity.unit == tree.taiyuan_school
    assert activity.starts_at.isoformat() == "2021-05-24T01:00:00+00:00"

    response = client.post(
        reverse("activities_manage:submit", args=[activity.pk]),
        {"version": activity.version},
        follow=True,
    )

    activity.refresh_from_db()
    assert activity.state == ActivityState.PUBLISHED
    published = _("“%(title)s” is published on the activity calendar.") % {"title": "校园开放日"}
    assert published in response.content.decode()
    listing = client.get(reverse("activities_manage:mine")).content.decode()
    assert "校园开放日" in listing
    assert "0/20" in listing


def test_form_names_the_field_and_shows_the_service_rule_at_the_top(client, people):
    client.force_login(people["school"])

    missing = client.post(reverse("activities_manage:new"), form_data(title=""))
    no_venue = client.post(reverse("activities_manage:new"), form_data(venue=""))

    assert Activity.objects.count() == 0
    assert "标题" in errors_at_top(missing)  # the message names the title field
    assert _("Venue and address: an on-site activity needs both.") in errors_at_top(no_venue)


def test_with_approval_on_a_submitted_activity_waits_and_the_organiser_approves_it(
    client, tree, campaign, people
):
    services.set_calendar_rules(
        campaign=campaign, actor=people["organiser"], approval_required=True
    )
    activity = create_through_form(client, people["school"], then="submit")
    assert activity.state == ActivityState.PENDING

    client.force_login(people["organiser"])
    queue = client.get(reverse("activities_manage:review")).content.decode()
    assert queue.count('class="activity-queue-item"') == 1 and "校园开放日" in queue
    after = client.post(
        reverse("activities_manage:decide", args=[activity.pk]),
        {"action": "approve", "version": activity.version, "note": ""},
        follow=True,
    ).content.decode()

    activity.refresh_from_db()
    assert activity.state == ActivityState.PUBLISHED
    assert after.count('class="activity-queue-item"') == 0


def test_organiser_returns_an_activity_with_a_note_the_school_then_reads(client, campaign, people):
    services.set_calendar_rules(
        campaign=campaign, actor=people["organiser"], approval_required=True
    )
    activity = create_through_form(client, people["school"], then="submit")
    client.force_login(people["organiser"])

    client.post(
        reverse("activities_manage:decide", args=[activity.pk]),
        {"action": "return", "version": activity.version, "note": "请补充活动地点的交通指引。"},
    )

    activity.refresh_from_db()
    assert activity.state == ActivityState.RETURNED
    client.force_login(people["school"])
    page = client.get(reverse("activities_manage:edit", args=[activity.pk])).content.decode()
    assert "请补充活动地点的交通指引。" in page


def test_organiser_switches_approval_on_from_the_review_page(client, campaign, people):
    client.force_login(people["organiser"])

    client.post(reverse("activities_manage:review"), {"approval_required": "on"})

    assert services.calendar_rules(campaign).approval_required is True
    client.force_login(people["province"])
    client.post(reverse("activities_manage:review"), {})  # a reviewer may not switch it
    assert services.calendar_rules(campaign).approval_required is True


def test_another_school_can_neither_see_nor_change_an_activity(client, tree, campaign, people):
    activity = make_activity(campaign, tree.taiyuan_school)
    client.force_login(people["other_school"])

    for name in ("edit", "registrations", "registrations_xlsx", "check_in"):
        assert (
            client.get(reverse(f"activities_manage:{name}", args=[activity.pk])).status_code == 404
        )
    changed = client.post(
        reverse("activities_manage:edit", args=[activity.pk]), form_data(title="改掉")
    )
    cancelled = client.post(
        reverse("activities_manage:cancel", args=[activity.pk]), {"version": activity.version}
    )

    assert changed.status_code == cancelled.status_code == 404
    activity.refresh_from_db()
    assert (activity.title, activity.state) == ("校园开放日", ActivityState.PUBLISHED)
    assert "校园开放日" not in client.get(reverse("activities_manage:mine")).content.decode()


def test_school_cancels_its_activity(client, tree, campaign, people):
    activity = make_activity(campaign, tree.taiyuan_school)
    client.force_login(people["school"])

    client.post(
        reverse("activities_manage:cancel", args=[activity.pk]), {"version": activity.version}
    )

    activity.refresh_from_db()
    assert activity.state == ActivityState.CANCELLED


def test_check_in_by_typed_code_counts_once_and_says_already_the_second_time(
    client, tree, campaign, people
):
    activity = make_activity(campaign, tree.taiyuan_school)
    registration = services.register(
        activity_id=activity.pk, name="李明", mobile=MOBILE, party_size=1
    ).registration
    client.force_login(people["school"])
    url = reverse("activities_manage:check_in", args=[activity.pk])
    typed = f"{registration.code[:4].lower()}-{registration.code[4:].lower()}"

    first = client.post(url, {"code": typed}, headers={"HX-Request": "true"})
    second = client.post(url, {"code": registration.code}, headers={"HX-Request": "true"})

    first_page, second_page = first.content.decode(), second.content.decode()
    assert 'data-outcome="done"' in first_page and "李明" in first_page
    assert "<html" not in first_page  # htmx gets the outcome alone
    registration.refresh_from_db()
    checked_in_at = registration.checked_in_at.astimezone(campaign.zone)
    assert 'data-outcome="already"' in second_page
    assert f"{checked_in_at:%H:%M}" in second_page
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 1
    assert '<span class="activity-checked-in">1</span>' in second_page


def test_check_in_with_an_unknown_code_says_so(client, tree, campaign, people):
    activity = make_activity(campaign, tree.taiyuan_school)
    client.force_login(people["school"])

    response = client.post(
        reverse("activities_manage:check_in", args=[activity.pk]), {"code": "ACDEFGHJ"}
    )

    page = response.content.decode()
    assert 'data-outcome="error"' in page
    assert "ACDEFGHJ" in page
    assert "<html" in page  # without htmx, the whole page


def test_province_reviewer_sees_masked_mobiles_the_school_full_ones(client, tree, campaign, people):
    activity = make_activity(campaign, tree.taiyuan_school)
    services.register(activity_id=activity.pk, name="李明", mobile=MOBILE)
    url = reverse("activities_manage:registrations", args=[activity.pk])

    client.force_login(people["province"])
    reviewer_page = client.get(url).content.decode()
    client.force_login(people["school"])
    school_page = client.get(url).content.decode()

    assert MASKED in reviewer_page and MOBILE not in reviewer_page
    assert MOBILE in school_page
    assert "李明" in reviewer_page and "李明" in school_page


def test_registrations_workbook_holds_the_rows_masked_unless_the_holder_exports(
    client, tree, campaign, people
):
    activity = make_activity(campaign, tree.taiyuan_school)
    registration = services.register(
        activity_id=activity.pk, name="李明", mobile=MOBILE, party_size=1
    ).registration
    services.register(activity_id=activity.pk, name="赵红", mobile=mobile(5678))
    services.check_in(activity=activity, code=registration.code, actor=people["school"])
    url = reverse("activities_manage:registrations_xlsx", args=[activity.pk])

    def rows(user) -> list[tuple]:
        client.force_login(user)
        response = client.get(url)
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(io.BytesIO(response.content)).active
        return [row for row in sheet.iter_rows(min_row=6, values_only=True) if row[0]]

    school_rows = rows(people["school"])
    reviewer_rows = rows(people["province"])

    assert [(row[1], row[2]) for row in school_rows] == [("李明", MOBILE), ("赵红", mobile(5678))]
    assert [row[2] for row in reviewer_rows] == [MASKED, "138****5678"]
    assert school_rows[0][6] and not school_rows[1][6]  # checked in: only 李明


def test_coverage_counts_a_published_activity_in_its_city_and_day(client, tree, campaign, people):
    make_activity(campaign, tree.taiyuan_school)  # 5/24, 太原
    make_activity(campaign, tree.datong_school, submit=False)  # a draft, 大同
    client.force_login(people["organiser"])

    page = client.get(reverse("activities_manage:coverage")).content.decode()
    with_drafts = client.get(
        reverse("activities_manage:coverage"), {"include_drafts": "on"}
    ).content.decode()

    taiyuan = page.split(f'data-city="{tree.taiyuan.pk}"')[1].split("</tr>")[0]
    datong = page.split(f'data-city="{tree.datong.pk}"')[1].split("</tr>")[0]
    cells = taiyuan.split('class="cell coverage-cell')[1:]
    assert len(cells) == 7
    assert 'data-count="1"' in cells[2]  # 5/24 is the third day
    assert all("coverage-empty" in cell for index, cell in enumerate(cells) if index != 2)
    assert datong.count("coverage-empty") == 7
    datong_with_drafts = with_drafts.split(f'data-city="{tree.datong.pk}"')[1].split("</tr>")[0]
    assert datong_with_drafts.count("coverage-empty") == 6
    assert 'data-kind="open_campus"' in page


def test_coverage_is_not_for_a_school(client, people):
    client.force_login(people["school"])

    assert client.get(reverse("activities_manage:coverage")).status_code == 404


def test_a_school_cannot_approve_or_open_the_review_queue(client, tree, campaign, people):
    services.set_calendar_rules(
        campaign=campaign, actor=people["organiser"], approval_required=True
    )
    activity = make_activity(campaign, tree.taiyuan_school)
    assert activity.state == ActivityState.PENDING
    client.force_login(people["school"])

    queue = client.get(reverse("activities_manage:review"))
    decided = client.post(
        reverse("activities_manage:decide", args=[activity.pk]),
        {"action": "approve", "version": activity.version},
    )

    assert queue.status_code == decided.status_code == 404
    activity.refresh_from_db()
    assert activity.state == ActivityState.PENDING


def test_saving_over_a_change_made_meanwhile_is_refused_and_keeps_the_other_change(
    client, tree, campaign, people
):
    activity = make_activity(campaign, tree.taiyuan_school)
    opened_version = activity.version
    services.update_activity(
        activity=activity,
        actor=people["school"],
        content=make_content(title="校园开放日（上午场）"),
        version=opened_version,
    )
    client.force_login(people["school"])

    response = client.post(
        reverse("activities_manage:edit", args=[activity.pk]),
        form_data(title="校园开放日（改）", version=str(opened_version)),
    )

    assert response.status_code == 409
    assert "校园开放日（上午场）" in errors_at_top(response)
    activity.refresh_from_db()
    assert activity.title == "校园开放日（上午场）"


def test_a_decision_on_an_activity_decided_meanwhile_says_so(client, tree, campaign, people):
    services.set_calendar_rules(
        campaign=campaign, actor=people["organiser"], approval_required=True
    )
    activity = make_activity(campaign, tree.taiyuan_school)
    services.approve_activity(activity=activity, actor=people["province"], version=activity.version)
    client.force_login(people["organiser"])

    response = client.post(
        reverse("activities_manage:decide", args=[activity.pk]),
        {"action": "return", "version": activity.version, "note": "请修改"},
        follow=True,
    )

    changed = _("“%(title)s” was changed meanwhile; reload it and try again.") % {
        "title": "校园开放日"
    }
    assert changed in response.content.decode()
    activity.refresh_from_db()
    assert activity.state == ActivityState.PUBLISHED


def test_only_the_holding_unit_checks_visitors_in(client, tree, campaign, people):
    activity = make_activity(campaign, tree.taiyuan_school)
    registration = services.register(
        activity_id=activity.pk, name="李明", mobile=MOBILE
    ).registration
    client.force_login(people["province"])

    response = client.post(
        reverse("activities_manage:check_in", args=[activity.pk]), {"code": registration.code}
    )

    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.checked_in_at is None
