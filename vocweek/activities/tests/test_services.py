"""Calendar activities and registrations as organisers, units and visitors meet them."""

from dataclasses import replace
from datetime import date

import pytest
from django.utils import translation

from vocweek.activities import queries, services
from vocweek.activities.enums import (
    ActivityKind,
    ActivityState,
    Audience,
    Mode,
    RegistrationState,
    ServiceType,
)
from vocweek.activities.models import Activity, CalendarRules, Registration
from vocweek.activities.services import ActivityConflict, ActivityError
from vocweek.activities.tests.factories import beijing, make_activity, make_content, mobile
from vocweek.notify.enums import ChannelName
from vocweek.notify.models import Delivery
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def before_the_week(clock_at):
    clock_at("2021-05-20T10:00+08:00")


@pytest.fixture
def school(tree):
    return tree.taiyuan_school


@pytest.fixture
def teacher(school):
    return make_member(school, Role.UNIT_MANAGER)


@pytest.fixture
def organiser(tree):
    return make_member(tree.province, Role.ORGANISER_ADMIN)


@pytest.fixture
def approval_required(campaign):
    return CalendarRules.objects.create(campaign=campaign, approval_required=True)


def register(activity: Activity, number: int, party_size: int = 1, name: str = "张三"):
    return services.register(
        activity_id=activity.pk, name=name, mobile=mobile(number), party_size=party_size
    )


def message_of(call) -> str:
    """The message of a refused action, in English, so that the named field can be read."""
    with translation.override("en"), pytest.raises(ActivityError) as refused:
        call()
    return str(refused.value)


def counters(activity: Activity) -> tuple[int, int]:
    activity.refresh_from_db()
    return activity.confirmed_places, activity.waiting_places


def states(*registered) -> list[str]:
    return [Registration.objects.get(pk=entry.registration.pk).state for entry in registered]


# --- Writing and publishing activities ---------------------------------------------------------


def test_submitted_activity_is_published_at_once_without_approval(campaign, school, teacher):
    draft = make_activity(campaign, school, actor=teacher, submit=False)
    assert draft.state == ActivityState.DRAFT
    assert queries.public_activity(draft.pk) is None

    published = services.submit_activity(activity=draft, actor=teacher, version=draft.version)

    assert published.state == ActivityState.PUBLISHED
    assert published.published_at is not None
    assert queries.public_activity(draft.pk) == published


def test_submitted_activity_awaits_approval_when_the_calendar_asks_for_it(
    campaign, school, teacher, organiser, approval_required
):
    pending = make_activity(campaign, school, actor=teacher)
    assert pending.state == ActivityState.PENDING
    assert queries.public_activity(pending.pk) is None

    approved = services.approve_activity(activity=pending, actor=organiser, version=pending.version)

    assert approved.state == ActivityState.PUBLISHED
    assert queries.public_activity(pending.pk) == approved


def test_organisers_own_activity_is_published_at_once_even_with_approval(
    tree, campaign, organiser, approval_required
):
    own = make_activity(campaign, tree.province, actor=organiser, title="启动仪式")
    assert own.state == ActivityState.PUBLISHED


def test_returning_an_activity_needs_a_note_and_lets_the_unit_submit_again(
    campaign, school, teacher, organiser, approval_required
):
    pending = make_activity(campaign, school, actor=teacher)

    message = message_of(
        lambda: services.return_activity(
            activity=pending, actor=organiser, version=pending.version, note="  "
        )
    )
    assert message.startswith("Note:")
    pending.refresh_from_db()
    assert pending.state == ActivityState.PENDING

    returned = services.return_activity(
        activity=pending, actor=organiser, version=pending.version, note=" 请补充地址 "
    )
    assert returned.state == ActivityState.RETURNED
    assert returned.review_note == "请补充地址"

    again = services.submit_activity(activity=returned, actor=teacher, version=returned.version)
    assert again.state == ActivityState.PENDING


def test_only_a_pending_activity_can_be_approved(campaign, school, teacher, organiser):
    published = make_activity(campaign, school, actor=teacher)
    with pytest.raises(ActivityError):
        services.approve_activity(activity=published, actor=organiser, version=published.version)


def test_a_change_from_a_stale_form_is_refused(campaign, school, teacher):
    activity = make_activity(campaign, school, actor=teacher)
    opened = activity.version
    services.update_activity(
        activity=activity, actor=teacher, content=make_content(title="新标题"), version=opened
    )

    with pytest.raises(ActivityConflict, match="新标题"):
        services.update_activity(
            activity=activity, actor=teacher, content=make_content(title="旧表单"), version=opened
        )
    with pytest.raises(ActivityConflict):
        services.cancel_activity(activity=activity, actor=teacher, version=opened)
    activity.refresh_from_db()
    assert activity.title == "新标题"
    assert activity.state == ActivityState.PUBLISHED


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_at": beijing(2021, 5, 24, 9, 0)}, "End:"),
        ({"kind": ActivityKind.SKILL_SERVICE}, "Service type:"),
        ({"venue": ""}, "Venue and address:"),
        ({"address": ""}, "Venue and address:"),
        ({"mode": Mode.ONLINE, "venue": "", "address": ""}, "Online link:"),
        ({"mode": Mode.HYBRID}, "Online link:"),
        ({"max_party_size": 11}, "People per registration:"),
    ],
)
def test_bad_content_is_refused_with_the_field_named(campaign, school, teacher, changes, field):
    message = message_of(
        lambda: services.create_activity(
            campaign=campaign, unit=school, actor=teacher, content=make_content(**changes)
        )
    )
    assert message.startswith(field)
    assert not Activity.objects.exists()


def test_well_formed_online_and_skill_service_activities_are_accepted(campaign, school, teacher):
    online = make_activity(
        campaign,
        school,
        actor=teacher,
        mode=Mode.ONLINE,
        venue="",
        address="",
        livestream_url="https://live.example.org/1",
    )
    service = make_activity(
        campaign,
        school,
        actor=teacher,
        kind=ActivityKind.SKILL_SERVICE,
        service_type=ServiceType.APPLIANCES,
    )
    assert online.is_online and not online.is_on_site
    assert service.service_type == ServiceType.APPLIANCES


def test_capacity_cannot_go_below_the_places_taken(campaign, school, teacher):
    activity = make_activity(campaign, school, actor=teacher, capacity=5)
    for number in range(3):
        register(activity, number)
    activity.refresh_from_db()

    message = message_of(
        lambda: services.update_activity(
            activity=activity,
            actor=teacher,
            content=make_content(capacity=2),
            version=activity.version,
        )
    )

    assert message.startswith("Places:")
    assert "3" in message
    activity.refresh_from_db()
    assert activity.capacity == 5


# --- Registering -------------------------------------------------------------------------------


def test_registrations_are_confirmed_while_places_are_left_then_wait(campaign, school, teacher):
    activity = make_activity(campaign, school, actor=teacher, capacity=2)

    registered = [register(activity, number) for number in range(4)]

    assert all(entry.created for entry in registered)
    assert states(*registered) == ["confirmed", "confirmed", "waiting", "waiting"]
    assert counters(activity) == (2, 2)
    assert activity.places_left == 0


def test_without_a_limit_everyone_is_confirmed(campaign, school, teacher):
    activity = make_activity(campaign, school, actor=teacher, capacity=None)
    registered = [register(activity, number) for number in range(30)]
    assert set(states(*registered)) == {RegistrationState.CONFIRMED}
    assert counters(activity) == (30, 0)


def test_party_sizes_count_as_places_and_nobody_jumps_the_queue(campaign, school, teacher):
    activity = make_activity(campaign, school, actor=teacher, capacity=5, max_party_size=4)

    family = register(activity, 1, party_size=3)
    too_big = register(activity, 2, party_size=3)
    would_fit = register(activity, 3, party_size=2)  # 3 + 2 ≤ 5, but a party waits before it

    assert states(family, too_big, would_fit) == ["confirmed", "waiting", "waiting"]
    assert counters(activity) == (3, 5)


def test_a_party_larger_than_allowed_is_refused(campaign, school, teacher):
    activity = make_activity(campaign, school, actor=teacher, max_party_size=3)
    message = message_of(lambda: register(activity, 1, party_size=4))
    assert message.startswith("People:")
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    "typed", ["13812345678", "+86 138-1234-5678", "１３８１２３４５６７８", "86 13812345678"]
)
def test_the_same_mobile_gets_its_registration_back(campaign, school, teacher, typed):
    activity = make_activity(campaign, school, actor=teacher, capacity=1)
    first = services.register(activity_id=activity.pk, name="李四", mobile="13812345678")

    repeat = services.register(activity_id=activity.pk, name="李 四", mobile=typed, party_size=1)

    assert first.created is True
    assert repeat.created is False
    assert repeat.registration.pk == first.registration.pk
    assert Registration.objects.count() == 1
    assert counters(activity) == (1, 0)


def test_a_bad_name_or_mobile_is_refused_with_the_field_named(campaign, school, teacher):
    activity = make_activity(campaign, school, actor=teacher)
    assert message_of(
        lambda: services.register(activity_id=activity.pk, name=" ", mobile=mobile(1))
    ).startswith("Name:")
    assert message_of(
        lambda: services.register(activity_id=activity.pk, name="张三", mobile="0351-1234567")
    ).startswith("Mobile:")
    assert not Registration.objects.exists()


def test_registration_is_refused_once_the_activity_has_started(campaign, school, teacher, clock_at):
    activity = make_activity(campaign, school, actor=teacher)
    clock_at("2021-05-24T09:00+08:00")
    assert "closed" in message_of(lambda: register(activity, 1))
    assert not Registration.objects.exists()


def test_registration_is_refused_for_activities_not_open(campaign, school, teacher):
    draft = make_activity(campaign, school, actor=teacher, submit=False)
    cancelled = make_activity(campaign, school, actor=teacher)
    services.cancel_activity(activity=cancelled, actor=teacher, version=cancelled.version)
    no_registration = make_activity(campaign, school, actor=teacher, registration_required=False)
    CalendarRules.objects.create(campaign=campaign, approval_required=True)
    pending = make_activity(campaign, school, actor=teacher)
    assert pending.state == ActivityState.PENDING

    for closed in (draft, pending, cancelled):
        assert "not open for registration" in message_of(lambda closed=closed: register(closed, 1))
    assert "needs no registration" in message_of(lambda: register(no_registration, 1))
    assert not Registration.objects.exists()


# --- Cancelling and the waiting list ------------------------------------------------------------


def test_cancelling_a_confirmed_place_moves_the_first_waiting_up(campaign, school, teacher):
    activity = make_activity(campaign, school, actor=teacher, capacity=2)
    first, second, third, fourth = (register(activity, number) for number in range(4))

    cancelled = services.cancel_registration(token=first.registration.token)

    assert cancelled.state == RegistrationState.CANCELLED
    assert states(first, second, third, fourth) == [
        "cancelled",
        "confirmed",
        "confirmed",
        "waiting",
    ]
    assert counters(activity) == (2, 1)


def test_the_waiting_list_moves_up_in_strict_order(campaign, school, teacher):
    activity = make_activity(campaign, school, actor=teacher, capacity=5, max_party_size=4)
    three = register(activity, 1, party_size=3)
    two = register(activity, 2, party_size=2)
    waiting_three = register(activity, 3, party_size=3)
    waiting_one = register(activity, 4, party_size=1)

    services.cancel_registration(token=two.registration.token)  # 2 free: the 3 waits, so the 1 too

    assert states(three, waiting_three, waiting_one) == ["confirmed", "waiting", "waiting"]
    assert counters(activity) == (3, 4)

    services.cancel_registration(token=three.registration.token)  # 5 free: both move up

    assert states(waiting_three, waiting_one) == ["confirmed", "confirmed"]
    assert counters(activity) == (4, 0)


def test_cancelling_twice_changes_nothing(campaign, school, teacher):
    activity = make_activity(campaign, school, actor=teacher, capacity=1)
    first, second, third = (register(activity, number) for number in range(3))
    once = services.cancel_registration(token=first.registration.token)

    twice = services.cancel_registration(token=first.registration.token)

    assert twice.state == RegistrationState.CANCELLED
    assert twice.cancelled_at == once.cancelled_at
    assert states(second, third) == ["confirmed", "waiting"]
    assert counters(activity) == (1, 1)


def test_cancelling_a_waiting_registration_shortens_the_list(campaign, school, teacher):
    activity = make_activity(campaign, school, actor=teacher, capacity=1)
    first, second, third = (register(activity, number) for number in range(3))

    services.cancel_registration(token=second.registration.token)

    assert states(first, second, third) == ["confirmed", "cancelled", "waiting"]
    assert counters(activity) == (1, 1)


def test_a_cancelled_mobile_can_register_again_at_the_end_of_the_queue(campaign, school, teacher):
    activity = make_activity(campaign, school, actor=teacher, capacity=1)
    first = register(activity, 1)
    register(activity, 2)
    services.cancel_registration(token=first.registration.token)

    again = register(activity, 1)

    assert again.created is True
    assert again.registration.pk != first.registration.pk
    assert again.registration.state == RegistrationState.WAITING


def test_more_places_move_the_waiting_list_up(campaign, school, teacher):
    activity = make_activity(campaign, school, actor=teacher, capacity=2)
    registered = [register(activity, number) for number in range(5)]
    activity.refresh_from_db()

    services.update_activity(
        activity=activity, actor=teacher, content=make_content(capacity=4), version=activity.version
    )

    assert states(*registered) == ["confirmed"] * 4 + ["waiting"]
    assert counters(activity) == (4, 1)


def test_registration_cannot_be_switched_off_once_people_registered(campaign, school, teacher):
    activity = make_activity(campaign, school, actor=teacher)
    register(activity, 1)
    activity.refresh_from_db()
    message = message_of(
        lambda: services.update_activity(
            activity=activity,
            actor=teacher,
            content=make_content(registration_required=False),
            version=activity.version,
        )
    )
    assert message.startswith("Registration:")


# --- Check-in and attendance -------------------------------------------------------------------


def test_check_in_by_code_in_any_case_and_with_spaces_once(campaign, school, teacher):
    activity = make_activity(campaign, school, actor=teacher)
    registration = register(activity, 1).registration
    typed = " " + " ".join(registration.code.lower()) + " "

    first = services.check_in(activity=activity, code=typed, actor=teacher)
    second = services.check_in(activity=activity, code=registration.code, actor=teacher)

    assert first.already is False and first.registration.pk == registration.pk
    assert second.already is True
    assert second.registration.checked_in_at == first.registration.checked_in_at
    assert second.registration.checked_in_by == teacher


def test_check_in_is_refused_for_waiting_and_cancelled_registrations(campaign, school, teacher):
    activity = make_activity(campaign, school, actor=teacher, capacity=1)
    confirmed, waiting, cancelled = (register(activity, number) for number in range(3))
    services.cancel_registration(token=cancelled.registration.token)

    assert "waiting list" in message_of(
        lambda: services.check_in(activity=activity, code=waiting.registration.code, actor=teacher)
    )
    assert "cancelled" in message_of(
        lambda: services.check_in(
            activity=activity, code=cancelled.registration.code, actor=teacher
        )
    )
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()
    assert confirmed.registration.state == RegistrationState.CONFIRMED


def test_check_in_refuses_the_code_of_another_activity(campaign, school, teacher):
    ours = make_activity(campaign, school, actor=teacher)
    theirs = make_activity(campaign, school, actor=teacher, title="企业开放日")
    elsewhere = register(theirs, 1).registration

    message = message_of(
        lambda: services.check_in(activity=ours, code=elsewhere.code, actor=teacher)
    )

    assert elsewhere.code in message
    assert message_of(
        lambda: services.check_in(activity=ours, code="ABC", actor=teacher)
    ).startswith("Code:")
    elsewhere.refresh_from_db()
    assert elsewhere.checked_in_at is None


def test_attendance_counts_confirmed_registrations_people_and_check_ins(campaign, school, teacher):
    activity = make_activity(campaign, school, actor=teacher, capacity=6, max_party_size=4)
    alone = register(activity, 1)
    family = register(activity, 2, party_size=3)
    pair = register(activity, 3, party_size=2)
    waiting = register(activity, 4, party_size=4)
    gone = register(activity, 5, party_size=2)  # waits behind the four, then cancels
    services.cancel_registration(token=gone.registration.token)
    for entry in (alone, family):
        services.check_in(activity=activity, code=entry.registration.code, actor=teacher)

    assert states(alone, family, pair, waiting) == ["confirmed"] * 3 + ["waiting"]
    assert queries.attendance(activity) == queries.Attendance(
        registrations=3, people=6, checked_in=2, people_checked_in=4
    )


def test_attendance_of_an_activity_nobody_registered_for_is_zero(campaign, school, teacher):
    activity = make_activity(campaign, school, actor=teacher)
    assert queries.attendance(activity) == queries.Attendance(0, 0, 0, 0)


# --- Messages ----------------------------------------------------------------------------------


def test_a_confirmed_registration_is_texted_to_the_mobile(
    campaign, school, teacher, django_capture_on_commit_callbacks
):
    # Under tests the task backend is django-tasks' ImmediateBackend (settings: TESTING), so the
    # task runs inside the on-commit callback; it swallows exceptions, hence the Delivery check.
    activity = make_activity(campaign, school, actor=teacher, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        registered = services.register(
            activity_id=activity.pk, name="王五", mobile="+86 138-1234-5678"
        )

    delivery = Delivery.objects.get()
    assert delivery.channel == ChannelName.SMS
    assert delivery.recipient == "13812345678"
    assert delivery.key == f"activity:registered:{registered.registration.pk}"
    assert activity.title in delivery.subject


def test_a_registration_loaded_without_telling_texts_nobody(
    campaign, school, teacher, django_capture_on_commit_callbacks
):
    activity = make_activity(campaign, school, actor=teacher)
    with django_capture_on_commit_callbacks(execute=True):
        services.register(activity_id=activity.pk, name="王五", mobile=mobile(5), tell=False)

    assert not Delivery.objects.exists()


def test_moving_up_from_the_waiting_list_is_texted(
    campaign, school, teacher, django_capture_on_commit_callbacks
):
    activity = make_activity(campaign, school, actor=teacher, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = register(activity, 1)
        second = register(activity, 2)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(token=first.registration.token)

    keys = set(Delivery.objects.values_list("key", "recipient"))
    assert (f"activity:moved_up:{second.registration.pk}", mobile(2)) in keys
    assert (f"activity:registered:{second.registration.pk}", mobile(2)) in keys


# --- Calendar and coverage ---------------------------------------------------------------------


def test_coverage_counts_an_activity_on_each_day_it_overlaps(tree, campaign, teacher):
    # 5/24 20:00 to 5/26 10:00 overlaps three days; one ending at midnight belongs to its day only.
    make_activity(
        campaign,
        tree.taiyuan_school,
        starts_at=beijing(2021, 5, 24, 20, 0),
        ends_at=beijing(2021, 5, 26, 10, 0),
    )
    make_activity(
        campaign,
        tree.college,
        starts_at=beijing(2021, 5, 22, 18, 0),
        ends_at=beijing(2021, 5, 23, 0, 0),
    )
    make_activity(campaign, tree.union, title="全省职工技能展示")
    make_activity(campaign, tree.datong_school, submit=False)  # a draft: counted only on request

    grid = queries.coverage(campaign)

    assert grid.days == [date(2021, 5, day) for day in range(22, 29)]
    rows = {row.key: row for row in grid.rows}
    assert [row.key for row in grid.rows] == [
        str(tree.taiyuan.pk),
        str(tree.datong.pk),
        queries.PROVINCE_WIDE,
    ]
    assert rows[str(tree.taiyuan.pk)].counts == (1, 0, 1, 1, 1, 0, 0)
    assert rows[str(tree.taiyuan.pk)].total == 2
    assert rows[str(tree.datong.pk)].counts == (0,) * 7
    assert rows[queries.PROVINCE_WIDE].counts == (0, 0, 1, 0, 0, 0, 0)
    assert grid.empty_cells == 3 + 7 + 6
    assert dict((key, count) for key, _label, count in grid.by_kind)["open_campus"] == 3

    with_drafts = queries.coverage(campaign, include_drafts=True)
    assert {row.key: row for row in with_drafts.rows}[str(tree.datong.pk)].counts[2] == 1
    assert with_drafts.empty_cells == grid.empty_cells - 1


def test_calendar_filters_by_day_city_kind_mode_and_audience(tree, campaign):
    on_the_24th = make_activity(campaign, tree.qingxu_school)  # county school: 太原
    online = make_activity(
        campaign,
        tree.datong_school,
        mode=Mode.ONLINE,
        venue="",
        address="",
        online_url="https://meeting.example.org/1",
        kind=ActivityKind.ONLINE_OPEN_DAY,
        starts_at=beijing(2021, 5, 25, 14, 0),
        ends_at=beijing(2021, 5, 25, 16, 0),
    )
    province_wide = make_activity(
        campaign,
        tree.union,
        kind=ActivityKind.SKILL_SERVICE,
        service_type=ServiceType.MIGRANT_WORKERS,
        audience=Audience.EMPLOYEES,
        starts_at=beijing(2021, 5, 25, 23, 0),
        ends_at=beijing(2021, 5, 26, 1, 0),
    )
    make_activity(campaign, tree.taiyuan_school, submit=False)  # never shown: a draft

    def shown(**chosen) -> list[Activity]:
        return list(queries.calendar(campaign, queries.CalendarFilter(**chosen)))

    assert shown() == [on_the_24th, online, province_wide]
    assert shown(day=date(2021, 5, 24)) == [on_the_24th]
    assert shown(day=date(2021, 5, 26)) == [province_wide]
    assert shown(day=date(2021, 5, 25)) == [online, province_wide]
    assert shown(city=str(tree.taiyuan.pk)) == [on_the_24th]
    assert shown(city=queries.PROVINCE_WIDE) == [province_wide]
    assert shown(kind=ActivityKind.ONLINE_OPEN_DAY) == [online]
    assert shown(mode=Mode.OFFLINE) == [on_the_24th, province_wide]
    assert shown(audience=Audience.EMPLOYEES) == [province_wide]
    assert shown(day=date(2021, 5, 25), city=str(tree.datong.pk), mode=Mode.ONLINE) == [online]
    assert shown(day=date(2021, 5, 27)) == []


def test_content_changes_keep_only_what_applies(campaign, school, teacher):
    content = replace(make_content(registration_required=False), capacity=30, max_party_size=4)
    activity = services.create_activity(
        campaign=campaign, unit=school, actor=teacher, content=content
    )
    assert activity.capacity is None and activity.max_party_size == 1


def test_a_place_freed_in_a_cancelled_activity_confirms_nobody(
    campaign, school, teacher, django_capture_on_commit_callbacks
):
    activity = make_activity(campaign, school, actor=teacher, capacity=1)
    confirmed, waiting = register(activity, 1), register(activity, 2)
    activity.refresh_from_db()
    services.cancel_activity(activity=activity, actor=teacher, version=activity.version)

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(token=confirmed.registration.token)

    assert states(waiting) == [RegistrationState.WAITING]
    assert not Delivery.objects.filter(key__startswith="activity:moved_up:").exists()


def test_an_activity_awaiting_approval_can_be_changed_and_keeps_waiting(
    campaign, school, teacher, approval_required
):
    pending = make_activity(campaign, school, actor=teacher)

    changed = services.update_activity(
        activity=pending,
        actor=teacher,
        content=make_content(title="开放校园日（改期）"),
        version=pending.version,
    )

    assert changed.title == "开放校园日（改期）"
    assert changed.state == ActivityState.PENDING
