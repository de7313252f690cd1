"""The demo: the 2021 Shanxi week loads completely, only once, and its log-ins work."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.http import HttpRequest

from vocweek.accounts.models import User
from vocweek.campaigns import queries
from vocweek.campaigns.demo import DEMO_PASSWORD, load_demo
from vocweek.campaigns.enums import ActivityLevel, Phase
from vocweek.campaigns.models import Campaign, Liaison, ListedActivity, Participation
from vocweek.campaigns.tests.factories import beijing
from vocweek.core.models import AuditEntry
from vocweek.orgs import queries as org_queries
from vocweek.orgs.enums import Role, UnitKind
from vocweek.orgs.models import Membership, Unit

CITY_ORDER = [
    "太原市教育局",
    "大同市教育局",
    "朔州市教育局",
    "忻州市教育局",
    "阳泉市教育局",
    "吕梁市教育局",
    "晋中市教育局",
    "长治市教育局",
    "晋城市教育局",
    "临汾市教育局",
    "运城市教育局",
]


@pytest.fixture
def demo(db):
    return load_demo()


def test_demo_builds_the_province_with_its_cities_and_departments(demo):
    province = org_queries.province_root()

    assert province.name == "山西省教育厅"
    assert [city.name for city in org_queries.cities()] == CITY_ORDER
    assert set(
        Unit.objects.filter(kind=UnitKind.CO_ORGANISER, parent=province).values_list(
            "name", flat=True
        )
    ) == {
        "中共山西省委宣传部",
        "山西省网信办",
        "山西省人力资源和社会保障厅",
        "山西省工业和信息化厅",
        "山西省农业农村厅",
        "山西省国资委",
        "山西省总工会",
        "共青团山西省委",
        "山西省中华职教社",
    }


def test_demo_schools_cover_every_city_and_every_kind(demo):
    schools = org_queries.schools_under(org_queries.province_root())

    assert schools.count() >= 60
    assert set(schools.values_list("city__name", flat=True)) == set(CITY_ORDER)
    assert set(schools.values_list("kind", flat=True)) == set(UnitKind.schools())
    college = Unit.objects.get(name="山西职业技术学院")
    assert (college.kind, college.parent.name, college.city.name) == (
        UnitKind.HIGHER_VOCATIONAL,
        "山西省教育厅",
        "太原市教育局",
    )
    county_school = Unit.objects.get(name="清徐县职业中学")
    assert (county_school.parent.name, county_school.city.name) == ("清徐县教育局", "太原市教育局")


def test_demo_lists_the_ten_national_items_in_notice_order_with_their_leads(demo):
    national = queries.listed_activities(demo.campaign)[ActivityLevel.NATIONAL]

    assert [(item.position, item.lead) for item in national] == list(
        enumerate(
            [
                "教育部",
                "中央宣传部",
                "中央网信办",
                "人力资源社会保障部",
                "工业和信息化部",
                "农业农村部",
                "国务院国资委",
                "全国总工会",
                "共青团中央",
                "中华职教社",
            ],
            start=1,
        )
    )
    assert national[0].lead_unit.name == "山西省教育厅"
    assert national[3].lead_unit.name == "山西省人力资源和社会保障厅"
    assert national[7].lead_unit.name == "山西省总工会"
    assert all(item.lead_unit is not None for item in national)


def test_demo_lists_the_provincial_activities_led_by_the_department(demo):
    provincial = queries.listed_activities(demo.campaign)[ActivityLevel.PROVINCIAL]
    titles = " ".join(item.title + item.description for item in provincial)

    assert len(provincial) == 4
    assert {item.lead for item in provincial} == {"山西省教育厅"}
    for words in ("启动仪式", "产教融合", "线上展厅", "少年工匠心向党", "中等职业学校学生公约"):
        assert words in titles


def test_demo_campaign_is_current_with_the_notice_dates(demo):
    campaign = queries.current_campaign()

    assert campaign == demo.campaign
    assert campaign.is_current
    assert (campaign.slug, campaign.year, campaign.theme) == ("2021", 2021, "技能：让生活更美好")
    assert campaign.notice_reference == "晋教职成函〔2021〕30号"
    assert campaign.notice_date == date(2021, 5, 6)
    assert campaign.opens_at == beijing(2021, 5, 6, 0, 0)
    assert campaign.days[0] == date(2021, 5, 22)
    assert campaign.days[-1] == date(2021, 5, 28)
    assert campaign.plan_deadline == beijing(2021, 5, 16, 0, 0)
    assert campaign.statistics_deadline == beijing(2021, 6, 5, 0, 0)
    assert campaign.daily_report_quota == 1
    assert "0351-3046534" in campaign.contact


def test_demo_week_is_under_way_on_monday_afternoon_beijing_time(demo):
    assert demo.campaign.phase_at(beijing(2021, 5, 24, 15, 0)) == Phase.WEEK


def test_every_demo_school_takes_part_with_a_liaison(demo):
    schools = org_queries.schools_under(org_queries.province_root())
    participations = Participation.objects.filter(campaign=demo.campaign, unit__in=schools)

    assert participations.count() == schools.count()
    assert all(participation.owes_daily_reports for participation in participations)
    assert not participations.filter(liaisons__isnull=True).exists()
    liaison = Liaison.objects.filter(participation__in=participations).first()
    assert liaison.mobile.startswith("139")
    assert len(liaison.mobile) == 11
    assert liaison.email.endswith("@example.edu.cn")


def test_demo_obligations_follow_the_unit_kind(demo):
    def owes(name):
        participation = Participation.objects.get(campaign=demo.campaign, unit__name=name)
        plan = participation.owes_plan
        return plan, participation.owes_daily_reports, participation.owes_statistics

    assert owes("太原市教育局") == (True, False, True)
    assert owes("山西职业技术学院") == (True, True, True)
    assert owes("山西省贸易学校") == (True, True, True)
    assert owes("清徐县职业中学") == (False, True, True)
    assert owes("太原技师学院") == (False, True, True)
    assert owes("山西省总工会") == (False, False, False)


def test_demo_school_log_in_is_the_colleges_unit_manager(demo, client):
    assert client.login(request=HttpRequest(), username="school", password=DEMO_PASSWORD)

    membership = Membership.objects.get(user__username="school")
    assert (membership.unit.name, membership.role) == ("山西职业技术学院", Role.UNIT_MANAGER)
    liaison = Liaison.objects.get(participation__unit=membership.unit)
    assert liaison.user == membership.user


def test_loading_the_demo_twice_adds_nothing(demo):
    models = (Unit, Campaign, ListedActivity, Participation, Liaison, User, Membership, AuditEntry)
    before = {model: model.objects.count() for model in models}

    load_demo()

    assert {model: model.objects.count() for model in models} == before


def test_demo_command_prints_the_log_ins(db):
    output = StringIO()

    call_command("demo", stdout=output)

    text = output.getvalue()
    assert "山西省2021年职业教育活动周" in text
    assert "11 个市" in text
    for words in ("school", "taiyuan", "organiser", DEMO_PASSWORD, "山西职业技术学院"):
        assert words in text
