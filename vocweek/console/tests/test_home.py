import re

import pytest
from django.urls import reverse

from vocweek.campaigns.services import enrol_unit
from vocweek.orgs.enums import Role, UnitKind
from vocweek.orgs.tests.factories import UserFactory, make_member, make_unit

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def enrol(campaign, *units):
    for unit in units:
        enrol_unit(
            campaign=campaign,
            unit=unit,
            owes_plan=True,
            owes_daily_reports=unit.is_school,
            owes_statistics=True,
        )


@pytest.fixture
def school_manager(tree, campaign, client):
    enrol(campaign, tree.taiyuan_school)
    user = make_member(tree.taiyuan_school, Role.UNIT_MANAGER)
    client.force_login(user)
    return user


def test_home_lists_school_tasks_with_deadlines_written_as_24_00(client, school_manager, clock_at):
    clock_at("2021-05-10T09:00+08:00")

    page = client.get(reverse("console:home"), **CHINESE).content.decode()

    tasks = re.findall(r'<li class="task [^"]*">.*?</li>', page, re.S)
    assert len(tasks) == 1 + 7 + 1
    assert "2021年5月15日 24:00" in tasks[0]
    assert "2021年5月22日 24:00" in tasks[1]
    assert "2021年6月4日 24:00" in tasks[-1]


def test_home_names_each_task_and_its_state(client, school_manager, clock_at):
    clock_at("2021-05-10T09:00+08:00")

    page = client.get(reverse("console:home"), **ENGLISH).content.decode()

    plan = re.findall(r'<li class="task [^"]*">.*?</li>', page, re.S)[0]
    assert "Activity plan, topic website and liaison" in plan
    assert "May 15, 2021 24:00" in plan
    assert ">open</span>" in plan
    assert "太原市第一职业中学" in page
    assert "unit manager" in page


def test_home_highlights_todays_daily_report_during_the_week(client, school_manager, clock_at):
    clock_at("2021-05-24T15:00+08:00")

    page = client.get(reverse("console:home"), **ENGLISH).content.decode()

    today = re.findall(r'<li class="task [^"]*task-today">.*?</li>', page, re.S)
    assert len(today) == 1
    assert "Information reports for day 3" in today[0]
    assert "due today" in today[0]
    assert "activity week</span>" in page


def test_city_reviewer_sees_its_schools_but_not_another_citys(client, tree, campaign):
    enrol(
        campaign,
        tree.taiyuan,
        tree.taiyuan_school,
        tree.qingxu_school,
        tree.datong_school,
        tree.college,
    )
    client.force_login(make_member(tree.taiyuan, Role.CITY_REVIEWER))

    for url in (reverse("console:home"), reverse("console:units")):
        page = client.get(url, **ENGLISH).content.decode()
        units = page.split("<table", 1)[1]
        assert "太原市第一职业中学" in units
        assert "清徐县职业中学" in units
        assert "大同市第二职业中学" not in units
        assert "山西职业技术学院" not in units
        assert "2 units" in page


def test_units_filter_by_city_and_kind(client, tree, campaign):
    enrol(
        campaign, tree.taiyuan, tree.datong, tree.taiyuan_school, tree.datong_school, tree.college
    )
    client.force_login(make_member(tree.province, Role.PROVINCE_REVIEWER))

    by_city = client.get(reverse("console:units"), {"city": tree.datong.pk}, **ENGLISH)
    by_kind = client.get(reverse("console:units"), {"kind": UnitKind.HIGHER_VOCATIONAL}, **ENGLISH)

    city_rows = by_city.content.decode().split("<tbody>")[1]
    assert "大同市第二职业中学" in city_rows and "大同市教育局" in city_rows
    assert "太原市第一职业中学" not in city_rows
    kind_rows = by_kind.content.decode().split("<tbody>")[1]
    assert "山西职业技术学院" in kind_rows
    assert "大同市第二职业中学" not in kind_rows


def test_units_are_paginated_fifty_a_page_and_home_shows_twenty(client, tree, campaign):
    schools = [
        make_unit(f"太原技工学校{number:02d}", UnitKind.TECHNICAL, tree.taiyuan)
        for number in range(55)
    ]
    enrol(campaign, *schools)
    client.force_login(make_member(tree.taiyuan, Role.CITY_REVIEWER))

    first = client.get(reverse("console:units"), **ENGLISH).content.decode()
    second = client.get(reverse("console:units"), {"page": 2}, **ENGLISH).content.decode()
    home = client.get(reverse("console:home"), **ENGLISH).content.decode()

    assert first.split("<tbody>")[1].count("<tr>") == 50
    assert second.split("<tbody>")[1].count("<tr>") == 5
    assert "Page 2 of 2" in second
    assert home.split("<tbody>")[1].count("<tr>") == 20
    assert "Show all 55 units" in home


def test_units_are_offered_to_reviewers_only_and_hidden_from_schools(client, tree, school_manager):
    units_link = f'href="{reverse("console:units")}"'
    school_page = client.get(reverse("console:home")).content.decode()
    school_units = client.get(reverse("console:units"))
    client.force_login(make_member(tree.taiyuan, Role.CITY_REVIEWER))
    reviewer_page = client.get(reverse("console:home")).content.decode()

    assert f'href="{reverse("console:home")}" aria-current="page"' in school_page
    assert units_link not in school_page
    assert units_link in reviewer_page
    assert school_units.status_code == 404


def test_home_sends_anonymous_visitors_to_log_in(client, db):
    response = client.get(reverse("console:home"))

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={reverse('console:home')}"


def test_home_explains_when_the_account_belongs_to_no_unit(client, campaign):
    client.force_login(UserFactory())

    page = client.get(reverse("console:home"), **ENGLISH).content.decode()

    assert "Your account does not belong to a unit yet" in page
    assert '<li class="task' not in page


def test_home_says_when_the_unit_takes_no_part(client, tree, campaign):
    client.force_login(make_member(tree.datong_school, Role.UNIT_MANAGER))

    page = client.get(reverse("console:home"), **ENGLISH).content.decode()

    assert "大同市第二职业中学 does not take part in 山西省2021年职业教育活动周." in page


def test_top_bar_shows_unit_role_and_a_log_out_form(client, school_manager):
    page = client.get(reverse("console:home"), **ENGLISH).content.decode()

    assert '<span class="who-unit">太原市第一职业中学</span>' in page
    assert '<span class="who-role">unit manager</span>' in page
    assert re.search(
        rf'<form class="logout" action="{reverse("accounts:logout")}" method="post">', page
    )
    assert f'href="{reverse("switch_language", args=["zh-hans"])}?next=' in page


def test_units_filter_answers_htmx_with_the_list_alone(client, tree, campaign):
    enrol(campaign, tree.taiyuan_school, tree.datong_school)
    client.force_login(make_member(tree.province, Role.PROVINCE_REVIEWER))

    page = client.get(
        reverse("console:units"), {"city": tree.datong.pk}, HTTP_HX_REQUEST="true", **ENGLISH
    ).content.decode()

    assert page.lstrip().startswith('<div id="unit-list">')
    assert "<html" not in page
    assert "大同市第二职业中学" in page and "太原市第一职业中学" not in page


def test_organiser_navigation_leads_to_roster_import_and_export(client, tree, campaign):
    client.force_login(make_member(tree.province, Role.ORGANISER_ADMIN))

    page = client.get(reverse("console:home"), **ENGLISH).content.decode()

    nav = page.split('<nav class="console-nav"', 1)[1].split("</nav>", 1)[0]
    assert f'href="{reverse("campaigns:roster_import")}">Import units</a>' in nav
    assert f'href="{reverse("campaigns:roster_export")}">Export units</a>' in nav


def test_home_says_which_days_the_school_has_filed_and_links_today_to_reporting(
    client, school_manager, campaign, tree, clock_at
):
    from vocweek.reports import services as reports

    clock_at("2021-05-24T15:00+08:00")
    content = reports.ReportContent(
        title="开放校园日", body="<p>师生展示技能。</p>", category="news"
    )
    report = reports.create_report(
        campaign=campaign, unit=tree.taiyuan_school, author=school_manager, content=content
    )
    reports.submit_report(report=report, actor=school_manager, version=report.version)

    page = client.get(reverse("console:home"), **ENGLISH).content.decode()

    tasks = re.findall(r'<li class="task [^"]*">.*?</li>', page, re.S)
    day_two, day_three, day_four = tasks[2], tasks[3], tasks[4]
    assert "Nothing filed" in day_two
    assert "1 report filed" in day_three
    assert reverse("reports:my_reports") in day_three
    assert "filed" not in day_four.replace("task-filed", "")


def _complete_figures(definition) -> dict[str, str]:
    """Zeros in every typed number, names in the texts: a return that passes every check."""
    return {
        item.key: ("0" if item.is_numeric else "某某")
        for item in definition.fields
        if item.is_typed
    }


def test_home_shows_where_the_schools_statistics_table_stands_after_the_week(
    client, tree, campaign, school_manager, clock_at
):
    from vocweek.stats import services as stats_services
    from vocweek.stats.definition import load_form
    from vocweek.stats.demo import build_demo_form

    definition = load_form(build_demo_form(campaign=campaign))
    clock_at("2021-05-30T10:00+08:00")

    page = client.get(reverse("console:home"), **CHINESE).content.decode()
    statistics = re.findall(r'<li class="task [^"]*">.*?</li>', page, re.S)[-1]
    assert "尚未填写" in statistics
    assert reverse("stats:mine") in statistics

    stats_services.submit_return(
        campaign=campaign,
        unit=tree.taiyuan_school,
        actor=school_manager,
        raw=_complete_figures(definition),
    )
    page = client.get(reverse("console:home"), **CHINESE).content.decode()
    statistics = re.findall(r'<li class="task [^"]*">.*?</li>', page, re.S)[-1]
    assert "已报送" in statistics and "is-met" in statistics


def test_city_reviewer_home_counts_the_statistics_tables_below_it_after_the_week(
    client, tree, campaign, clock_at
):
    from vocweek.stats import services as stats_services
    from vocweek.stats.definition import load_form
    from vocweek.stats.demo import build_demo_form

    enrol(campaign, tree.taiyuan, tree.taiyuan_school, tree.qingxu_school, tree.datong_school)
    definition = load_form(build_demo_form(campaign=campaign))
    reviewer = make_member(tree.taiyuan, Role.CITY_REVIEWER)
    client.force_login(reviewer)

    clock_at("2021-05-26T10:00+08:00")
    assert "returns-heading" not in client.get(reverse("console:home"), **CHINESE).content.decode()

    clock_at("2021-05-30T10:00+08:00")
    stats_services.submit_return(
        campaign=campaign,
        unit=tree.taiyuan_school,
        actor=make_member(tree.taiyuan_school, Role.UNIT_MANAGER),
        raw=_complete_figures(definition),
    )
    page = client.get(reverse("console:home"), **ENGLISH).content.decode()

    card = re.search(r'aria-labelledby="returns-heading">.*?</section>', page, re.S).group(0)
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", card))
    # Taiyuan's owing units below the bureau: its school and the Qingxu county school.
    assert figures == {
        "Owed": "2",
        "Awaiting confirmation": "1",
        "Confirmed": "0",
        "Not submitted": "1",
    }
    assert reverse("stats:returns") in card
