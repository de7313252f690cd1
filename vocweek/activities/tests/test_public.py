"""The public activity calendar as a visitor meets it: the calendar by day and filter, an
activity's page, registering (confirmed, then the waiting list), the personal registration page
and its cancel link, the calendar files, and the brake on too many registrations."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from icalendar import Calendar

from vocweek.activities import services
from vocweek.activities.enums import ActivityKind, Audience, Level, Mode
from vocweek.activities.models import Activity
from vocweek.campaigns.tests.factories import beijing
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member

DURING_THE_WEEK = "2021-05-24T08:00+08:00"


@pytest.fixture(autouse=True)
def in_english(client):
    """Pages in English, so the assertions do not wait for the Chinese catalogue."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture(autouse=True)
def fresh_cache():
    """The rate limit counts in the cache: every test starts with a clean count."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def week(campaign, clock_at):
    clock_at(DURING_THE_WEEK)
    return campaign


def make_activity(
    campaign,
    unit,
    *,
    title: str = "开放校园：数控车间体验",
    kind: str = ActivityKind.OPEN_CAMPUS,
    day: int = 24,
    publish: bool = True,
    **content,
) -> Activity:
    actor = make_member(unit, Role.UNIT_MANAGER)
    fields = {
        "title": title,
        "description": "走进数控车间，体验现代制造。",
        "kind": kind,
        "mode": Mode.OFFLINE,
        "level": Level.SCHOOL,
        "audience": Audience.PUPILS_AND_PARENTS,
        "starts_at": beijing(2021, 5, day, 14, 0),
        "ends_at": beijing(2021, 5, day, 16, 30),
        "contact_name": "王老师",
        "contact_phone": "0351-1234567",
        "venue": "实训楼一层",
        "address": "太原市迎泽区新建南路1号",
        **content,
    }
    activity = services.create_activity(
        campaign=campaign, unit=unit, actor=actor, content=services.ActivityContent(**fields)
    )
    if publish:
        activity = services.submit_activity(
            activity=activity, actor=actor, version=activity.version
        )
    return activity


def register(client, activity, name: str, mobile: str, **extra):
    return client.post(
        reverse("activities:register", args=[activity.pk]),
        {"name": name, "mobile": mobile, **extra},
    )


def text_of(response) -> str:
    """The page's visible words, tags and extra spaces dropped."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_calendar_shows_a_published_activity_on_its_day_and_not_a_draft(client, week, tree):
    make_activity(week, tree.taiyuan_school, title="开放校园：数控车间体验")
    make_activity(week, tree.taiyuan_school, title="尚未发布的草稿活动", publish=False)
    make_activity(week, tree.datong_school, title="走进社区：家电义务维修", day=25)

    today = text_of(client.get(reverse("activities:calendar")))
    other_day = text_of(client.get(reverse("activities:calendar"), {"day": "2021-05-25"}))

    assert "开放校园：数控车间体验" in today
    assert "尚未发布的草稿活动" not in today
    assert "走进社区：家电义务维修" not in today
    assert "走进社区：家电义务维修" in other_day
    assert "开放校园：数控车间体验" not in other_day


def test_calendar_filters_by_city_and_kind_and_ignores_unknown_values(client, week, tree):
    make_activity(week, tree.taiyuan_school, title="太原开放校园")
    make_activity(
        week,
        tree.datong_school,
        title="大同技能服务",
        kind=ActivityKind.SKILL_SERVICE,
        service_type="appliances",
    )
    url = reverse("activities:calendar")

    taiyuan = text_of(client.get(url, {"city": tree.taiyuan.pk}))
    services_only = text_of(client.get(url, {"kind": ActivityKind.SKILL_SERVICE}))
    nonsense = text_of(client.get(url, {"city": "999999", "kind": "nonsense", "day": "x"}))

    assert "太原开放校园" in taiyuan and "大同技能服务" not in taiyuan
    assert "大同技能服务" in services_only and "太原开放校园" not in services_only
    assert "skill service · appliance repair and maintenance" in services_only
    assert "太原开放校园" in nonsense and "大同技能服务" in nonsense


def test_calendar_shows_what_is_live_and_what_starts_soon(client, campaign, clock_at, tree):
    make_activity(campaign, tree.taiyuan_school, title="正在进行的直播")
    make_activity(
        campaign,
        tree.taiyuan_school,
        title="马上开始的开放日",
        starts_at=beijing(2021, 5, 24, 16, 0),
        ends_at=beijing(2021, 5, 24, 17, 0),
    )
    clock_at("2021-05-24T15:00+08:00")

    page = text_of(client.get(reverse("activities:calendar")))

    assert re.search(r"Now live .*正在进行的直播.*Starting soon .*马上开始的开放日", page)


def test_activity_page_shows_places_left_and_map_link(client, week, tree):
    activity = make_activity(week, tree.taiyuan_school, registration_required=True, capacity=30)

    response = client.get(reverse("activities:activity", args=[activity.pk]))
    page = text_of(response)

    assert "30 places left of 30" in page
    assert "https://uri.amap.com/search?keyword=" in response.content.decode()
    assert "王老师" in page and "实训楼一层" in page


def test_activity_page_of_a_draft_is_not_found(client, week, tree):
    draft = make_activity(week, tree.taiyuan_school, publish=False)

    response = client.get(reverse("activities:activity", args=[draft.pk]))

    assert response.status_code == 404


def test_registering_confirms_then_puts_on_the_waiting_list_when_full(client, week, tree):
    activity = make_activity(week, tree.taiyuan_school, registration_required=True, capacity=1)

    first = register(client, activity, "张三", "13800000001")
    second = register(client, activity, "李四", "13800000002")
    page = text_of(client.get(reverse("activities:activity", args=[activity.pk])))

    assert first.status_code == 303 and second.status_code == 303
    assert "Your place is confirmed" in text_of(client.get(first["Location"]))
    assert "On the waiting list: number 1" in text_of(client.get(second["Location"]))
    assert "Full" in page and "Join the waiting list" in page


def test_registering_with_a_bad_mobile_names_the_field(client, week, tree):
    activity = make_activity(week, tree.taiyuan_school, registration_required=True, capacity=5)

    page = text_of(register(client, activity, "张三", "12345"))

    assert "Mobile: enter an 11-digit mainland mobile number." in page
    assert "5 places left of 5" in page


def test_registering_twice_with_the_same_mobile_lands_on_the_same_registration(client, week, tree):
    activity = make_activity(week, tree.taiyuan_school, registration_required=True, capacity=5)

    first = register(client, activity, "张三", "13800000001")
    again = register(client, activity, "张三", "138 0000 0001")
    page = text_of(client.get(again["Location"]))

    assert again["Location"] == first["Location"]
    assert "You had already registered" in page
    assert "4 places left of 5" in text_of(
        client.get(reverse("activities:activity", args=[activity.pk]))
    )


def test_cancelling_with_the_link_moves_the_first_waiting_up(client, week, tree):
    activity = make_activity(week, tree.taiyuan_school, registration_required=True, capacity=1)
    confirmed = register(client, activity, "张三", "13800000001")["Location"]
    waiting = register(client, activity, "李四", "13800000002")["Location"]
    assert "On the waiting list: number 1" in text_of(client.get(waiting))

    cancel_url = reverse("activities:cancel", args=[confirmed.rstrip("/").split("/")[-1]])
    cancelled = client.post(cancel_url, follow=True)

    assert "Your registration is cancelled." in text_of(cancelled)
    assert "Your place is confirmed" in text_of(client.get(waiting))


def test_registration_page_shows_the_check_in_code_and_is_never_cached(client, week, tree):
    activity = make_activity(week, tree.taiyuan_school, registration_required=True, capacity=5)
    location = register(client, activity, "张三", "13800000001")["Location"]

    response = client.get(location)
    code = activity.registrations.get().code

    assert code in text_of(response)
    assert "<svg" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_registration_page_of_an_unknown_link_is_not_found(client, week):
    response = client.get(reverse("activities:registration", args=["not-a-real-token"]))

    assert response.status_code == 404


@pytest.mark.usefixtures("ratelimit_window_held")
def test_too_many_registrations_from_one_address_are_refused(client, week, tree):
    activity = make_activity(week, tree.taiyuan_school, registration_required=True, capacity=50)

    answers = [register(client, activity, "张三", f"139000000{index:02d}") for index in range(11)]

    assert [answer.status_code for answer in answers[:10]] == [303] * 10
    assert answers[10].status_code == 429
    assert "Please wait a minute and try again." in text_of(answers[10])
    assert "40 places left of 50" in text_of(answers[10])


def test_calendar_files_parse_and_hold_the_activity(client, week, tree):
    activity = make_activity(week, tree.taiyuan_school, title="开放校园：数控车间体验")
    make_activity(week, tree.datong_school, title="大同开放企业")

    single = client.get(reverse("activities:activity_ics", args=[activity.pk]))
    city = client.get(reverse("activities:city_feed", args=[tree.taiyuan.pk]))
    unit = client.get(reverse("activities:unit_feed", args=[tree.datong_school.pk]))
    whole = client.get(reverse("activities:feed"))

    def summaries(response) -> list[str]:
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        events = Calendar.from_ical(response.content).walk("VEVENT")
        return [str(event["SUMMARY"]) for event in events]

    assert f'filename="activity-{activity.pk}.ics"' in single["Content-Disposition"]
    assert summaries(single) == ["开放校园：数控车间体验"]
    assert summaries(city) == ["开放校园：数控车间体验"]
    assert summaries(unit) == ["大同开放企业"]
    assert sorted(summaries(whole)) == sorted(["开放校园：数控车间体验", "大同开放企业"])
    event = Calendar.from_ical(single.content).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == beijing(2021, 5, 24, 14, 0)
    assert "实训楼一层" in str(event["LOCATION"])
    assert f"/calendar/{activity.pk}/" in str(event["URL"])


def test_activity_poster_prints_the_title_and_a_qr_code(client, week, tree):
    activity = make_activity(week, tree.taiyuan_school, title="开放校园：数控车间体验")
    page_path = reverse("activities:activity", args=[activity.pk])

    activity_page = client.get(page_path).content.decode()
    poster = client.get(reverse("portal:qr_poster"), {"path": page_path})

    assert f'href="{reverse("portal:qr_poster")}?path={page_path}"' in activity_page
    assert "开放校园：数控车间体验" in text_of(poster)
    assert "<svg" in poster.content.decode()


@pytest.mark.usefixtures("ratelimit_window_held")
def test_behind_a_proxy_each_visitor_has_their_own_registration_limit(client, week, tree, settings):
    settings.VOCWEEK_PROXY_COUNT = 1
    activity = make_activity(week, tree.taiyuan_school, registration_required=True, capacity=50)
    url = reverse("activities:register", args=[activity.pk])

    def post(number: int, visitor: str):
        data = {"name": "张三", "mobile": f"139000001{number:02d}"}
        return client.post(url, data, HTTP_X_FORWARDED_FOR=visitor, REMOTE_ADDR="10.0.0.2")

    first = [post(number, "198.51.100.1") for number in range(11)]
    other = post(20, "198.51.100.2")

    assert first[10].status_code == 429  # the first visitor's eleventh try
    assert other.status_code == 303  # the proxy's address is not everyone's address
