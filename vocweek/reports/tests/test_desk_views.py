"""The review desk: the queue and its filters, bulk actions, conflicts, the review page, the column."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vocweek.campaigns.services import enrol_unit
from vocweek.core.models import AuditEntry
from vocweek.orgs.enums import Role, UnitKind
from vocweek.orgs.tests.factories import make_member, make_unit
from vocweek.reports import services
from vocweek.reports.enums import AdoptionLevel, Category, MediaKind, MediaStatus, State
from vocweek.reports.models import Adoption, Report, ReportMedia

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
DAY_THREE = "2021-05-24T15:00+08:00"


@pytest.fixture
def people(tree, campaign, clock_at):
    clock_at(DAY_THREE)
    for unit in (tree.taiyuan_school, tree.qingxu_school, tree.datong_school, tree.college):
        enrol_unit(
            campaign=campaign,
            unit=unit,
            owes_plan=False,
            owes_daily_reports=True,
            owes_statistics=True,
        )
    return {
        "taiyuan_school": make_member(tree.taiyuan_school, Role.UNIT_MANAGER),
        "qingxu_school": make_member(tree.qingxu_school, Role.UNIT_REPORTER),
        "datong_school": make_member(tree.datong_school, Role.UNIT_REPORTER),
        "college": make_member(tree.college, Role.UNIT_REPORTER),
        "city": make_member(tree.taiyuan, Role.CITY_REVIEWER),
        "province": make_member(tree.province, Role.PROVINCE_REVIEWER, full_name="李晓梅"),
        "organiser": make_member(tree.province, Role.ORGANISER_ADMIN, full_name="王建国"),
    }


def filed(campaign, unit, author, title, *, category=Category.NEWS, for_day=None) -> Report:
    content = services.ReportContent(
        title=title, body="<p>师生向社区居民展示数控技能。</p>", category=category
    )
    report = services.create_report(campaign=campaign, unit=unit, author=author, content=content)
    return services.submit_report(
        report=report, actor=author, version=report.version, for_day=for_day
    )


def desk_titles(page: str) -> list[str]:
    """The report titles of the queue's rows, top first."""
    rows = re.findall(r'<tr class="desk-row[^"]*".*?</tr>', page, re.S)
    return [
        re.search(r'<th scope="row"[^>]*>\s*<a [^>]*>([^<]*)</a>', row).group(1) for row in rows
    ]


def messages_of(page: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", text).strip()
        for text in re.findall(r'<li class="message[^"]*">(.*?)</li>', page, re.S)
    ]


def column_titles(client) -> list[str]:
    page = client.get(reverse("reports:column_order"), **ENGLISH).content.decode()
    return re.findall(r'<li class="desk-column-item".*?<a href="[^"]*">([^<]*)</a>', page, re.S)


def bulk(client, action: str, reports: list[Report], **fields):
    data = {"action": action, "report": [report.pk for report in reports], **fields}
    for report in reports:
        data[f"version-{report.pk}"] = report.version
    return client.post(reverse("reports:desk_bulk"), data, follow=True, **ENGLISH)


def test_province_desk_lists_filed_reports_below_not_drafts_nor_another_provinces(
    client, tree, campaign, people
):
    college = filed(campaign, tree.college, people["college"], "开放校园迎来八方来客")
    school = filed(campaign, tree.datong_school, people["datong_school"], "大同职中技能展示")
    services.create_report(
        campaign=campaign,
        unit=tree.taiyuan_school,
        author=people["taiyuan_school"],
        content=services.ReportContent(title="还没写完的草稿", body="", category=Category.NEWS),
    )
    hebei = make_unit("河北省教育厅", UnitKind.PROVINCE)
    hebei_school = make_unit("石家庄职业中学", UnitKind.CITY_SECONDARY, hebei)
    filed(campaign, hebei_school, make_member(hebei_school), "别省的报道")
    client.force_login(people["province"])

    page = client.get(reverse("reports:desk"), **ENGLISH).content.decode()

    assert desk_titles(page) == [school.title, college.title]
    assert "还没写完的草稿" not in page and "别省的报道" not in page
    assert "2 reports · awaiting your action" in page
    assert f'name="version-{college.pk}" value="{college.version}"' in page
    assert "Day 3" in page and "5/24 15:00" in page


def test_desk_filters_by_day_city_category_state_and_unit(client, tree, campaign, people):
    late = filed(
        campaign,
        tree.college,
        people["college"],
        "补报：开幕式",
        category=Category.CASE,
        for_day=date(2021, 5, 22),
    )
    taiyuan = filed(campaign, tree.taiyuan_school, people["taiyuan_school"], "太原职中开放日")
    datong = filed(campaign, tree.datong_school, people["datong_school"], "大同职中技能展示")
    adopted = filed(campaign, tree.qingxu_school, people["qingxu_school"], "清徐职中走进社区")
    services.adopt_report(report=adopted, actor=people["province"], version=adopted.version)
    client.force_login(people["province"])

    def titles(**query) -> list[str]:
        response = client.get(reverse("reports:desk"), query, **ENGLISH)
        return desk_titles(response.content.decode())

    assert titles() == [datong.title, taiyuan.title, late.title]
    assert titles(day="2021-05-22") == [late.title]
    assert titles(city=tree.taiyuan.pk) == [taiyuan.title, late.title]
    assert titles(category=Category.CASE) == [late.title]
    assert titles(state=State.ADOPTED) == [adopted.title]
    assert titles(state="all", city=tree.taiyuan.pk) == [adopted.title, taiyuan.title, late.title]
    assert titles(unit="大同") == [datong.title]
    assert titles(day="not a day", category="nonsense") == [datong.title, taiyuan.title, late.title]
    late_row = client.get(reverse("reports:desk"), {"day": "2021-05-22"}, **ENGLISH)
    assert "Day 1" in late_row.content.decode() and "filed late" in late_row.content.decode()


def test_filter_change_through_htmx_answers_only_the_list(client, tree, campaign, people):
    filed(campaign, tree.college, people["college"], "开放校园迎来八方来客")
    client.force_login(people["province"])

    response = client.get(
        reverse("reports:desk"), {"category": Category.NEWS}, HTTP_HX_REQUEST="true", **ENGLISH
    )

    page = response.content.decode()
    assert page.lstrip().startswith('<div id="desk-list"')
    assert desk_titles(page) == ["开放校园迎来八方来客"]
    assert '<input type="hidden" name="next" value="category=news">' in page


def test_bulk_adopt_records_the_level_for_each_report_with_audit(client, tree, campaign, people):
    first = filed(campaign, tree.college, people["college"], "开放校园迎来八方来客")
    second = filed(campaign, tree.datong_school, people["datong_school"], "大同职中技能展示")
    client.force_login(people["province"])

    response = bulk(
        client,
        "adopt",
        [first, second],
        level=AdoptionLevel.PROVINCIAL_MEDIA,
        outlet="山西日报",
        next="category=news",
    )

    assert response.redirect_chain[-1][0] == reverse("reports:desk") + "?category=news"
    assert "2 reports adopted" in messages_of(response.content.decode())
    for report in (first, second):
        report.refresh_from_db()
        assert report.state == State.ADOPTED
        assert report.reviewed_by == people["province"]
        adoption = Adoption.objects.get(report=report)
        assert (adoption.level, adoption.outlet) == (AdoptionLevel.PROVINCIAL_MEDIA, "山西日报")
        assert AuditEntry.objects.filter(action="report.adopt", object_id=str(report.pk)).exists()
        assert AuditEntry.objects.filter(
            action="report.adoption", object_id=str(report.pk)
        ).exists()


def test_bulk_return_without_a_note_is_refused_and_changes_nothing(client, tree, campaign, people):
    report = filed(campaign, tree.college, people["college"], "开放校园迎来八方来客")
    client.force_login(people["province"])

    response = bulk(client, "return", [report], note="   ")

    assert "Say what the unit should change: the note is required." in messages_of(
        response.content.decode()
    )
    report.refresh_from_db()
    assert (report.state, report.version) == (State.SUBMITTED, 2)
    assert not AuditEntry.objects.filter(action="report.return").exists()


def test_bulk_return_with_a_note_tells_the_unit_what_to_change(client, tree, campaign, people):
    report = filed(campaign, tree.college, people["college"], "开放校园迎来八方来客")
    client.force_login(people["province"])

    response = bulk(client, "return", [report], note="请补充照片说明。")

    assert "1 report returned for changes" in messages_of(response.content.decode())
    report.refresh_from_db()
    assert (report.state, report.return_note) == (State.RETURNED, "请补充照片说明。")


def test_second_reviewer_acting_on_an_old_version_gets_a_conflict_naming_the_report(
    client, tree, campaign, people
):
    report = filed(campaign, tree.college, people["college"], "开放校园迎来八方来客")
    other = filed(campaign, tree.datong_school, people["datong_school"], "大同职中技能展示")
    client.force_login(people["province"])
    bulk(client, "adopt", [report], level=AdoptionLevel.PROVINCE_PLATFORM)

    client.force_login(people["organiser"])
    response = bulk(client, "return", [report, other], note="重写")  # versions as first seen

    shown = messages_of(response.content.decode())
    assert (
        "“开放校园迎来八方来客” was changed meanwhile and is now “adopted”; nothing was done."
        in shown
    )
    assert "1 report returned for changes" in shown
    report.refresh_from_db()
    assert report.state == State.ADOPTED
    assert not report.events.filter(action="return").exists()


def test_a_report_the_reviewer_may_not_act_on_is_refused_not_acted_on(
    client, tree, campaign, people
):
    rules = services.rules_for(campaign)
    rules.city_review = True
    rules.save()
    waits_for_city = filed(
        campaign, tree.qingxu_school, people["qingxu_school"], "清徐职中走进社区"
    )
    college = filed(campaign, tree.college, people["college"], "开放校园迎来八方来客")
    client.force_login(people["province"])

    assert desk_titles(client.get(reverse("reports:desk"), **ENGLISH).content.decode()) == [
        college.title
    ]
    response = bulk(client, "adopt", [waits_for_city, college])

    shown = messages_of(response.content.decode())
    assert (
        "“清徐职中走进社区” was not changed: you cannot do this to a report that is “submitted”."
        in shown
    )
    assert "1 report adopted" in shown
    waits_for_city.refresh_from_db()
    assert waits_for_city.state == State.SUBMITTED


def test_city_reviewer_sees_its_schools_reports_and_may_only_pass_or_return(
    client, tree, campaign, people
):
    rules = services.rules_for(campaign)
    rules.city_review = True
    rules.save()
    county = filed(campaign, tree.qingxu_school, people["qingxu_school"], "清徐职中走进社区")
    city = filed(campaign, tree.taiyuan_school, people["taiyuan_school"], "太原职中开放日")
    filed(campaign, tree.college, people["college"], "开放校园迎来八方来客")  # province-direct
    filed(campaign, tree.datong_school, people["datong_school"], "大同职中技能展示")
    client.force_login(people["city"])

    page = client.get(reverse("reports:desk"), **ENGLISH).content.decode()

    assert desk_titles(page) == [city.title, county.title]
    buttons = re.findall(r'<button type="submit" name="action" value="(\w+)"', page)
    assert buttons == ["city_approve", "return"]

    refused = bulk(client, "adopt", [city])
    assert "This action is not open to you." in " ".join(messages_of(refused.content.decode()))
    city.refresh_from_db()
    assert city.state == State.SUBMITTED

    passed = bulk(client, "city_approve", [city, county])
    assert "2 reports passed on to the province" in messages_of(passed.content.decode())
    assert set(
        Report.objects.values_list("state", flat=True).filter(pk__in=[city.pk, county.pk])
    ) == {State.CITY_APPROVED}
    client.force_login(people["province"])
    province_queue = desk_titles(client.get(reverse("reports:desk"), **ENGLISH).content.decode())
    assert city.title in province_queue and county.title in province_queue


def test_school_users_get_404_on_every_desk_page(client, tree, campaign, people):
    report = filed(campaign, tree.college, people["college"], "开放校园迎来八方来客")
    client.force_login(people["college"])

    assert client.get(reverse("reports:desk")).status_code == 404
    assert client.get(reverse("reports:desk_review", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:column_order")).status_code == 404
    response = client.post(
        reverse("reports:desk_bulk"),
        {"action": "adopt", "report": [report.pk], f"version-{report.pk}": report.version},
    )
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.state == State.SUBMITTED


def test_city_reviewer_cannot_open_the_column_order(client, people):
    client.force_login(people["city"])

    assert client.get(reverse("reports:column_order")).status_code == 404


def test_desk_is_in_the_menu_of_reviewers_only(client, tree, campaign, people):
    client.force_login(people["province"])
    assert reverse("reports:desk") in client.get(reverse("console:home")).content.decode()
    client.force_login(people["college"])
    assert reverse("reports:desk") not in client.get(reverse("console:home")).content.decode()


def test_review_page_shows_content_history_and_goes_on_to_the_next_report(
    client, tree, campaign, people
):
    older = filed(campaign, tree.college, people["college"], "开放校园迎来八方来客")
    newer = filed(campaign, tree.datong_school, people["datong_school"], "大同职中技能展示")
    newer = services.return_report(
        report=newer, actor=people["organiser"], version=newer.version, note="请补充照片说明。"
    )
    newer = services.submit_report(
        report=newer, actor=people["datong_school"], version=newer.version
    )
    client.force_login(people["province"])
    url = reverse("reports:desk_review", args=[newer.pk]) + "?category=news"

    page = client.get(url, **ENGLISH).content.decode()
    assert "<p>师生向社区居民展示数控技能。</p>" in page
    assert "请补充照片说明。" in page and "returned for changes" in page
    assert reverse("reports:desk_review", args=[older.pk]) + "?category=news" in page

    response = client.post(
        url,
        {
            "action": "adopt",
            "version": newer.version,
            "level": AdoptionLevel.CENTRAL_MEDIA,
            "outlet": "中国教育报",
            "adopted_on": "2021-05-24",
        },
        **ENGLISH,
    )

    assert response.status_code == 302
    assert (
        response["Location"] == reverse("reports:desk_review", args=[older.pk]) + "?category=news"
    )
    newer.refresh_from_db()
    assert newer.state == State.ADOPTED
    assert newer.adoptions.get().level == AdoptionLevel.CENTRAL_MEDIA


def test_review_page_return_needs_a_note(client, tree, campaign, people):
    report = filed(campaign, tree.college, people["college"], "开放校园迎来八方来客")
    client.force_login(people["province"])

    response = client.post(
        reverse("reports:desk_review", args=[report.pk]),
        {"action": "return", "version": report.version, "note": ""},
        **ENGLISH,
    )

    assert response.status_code == 400
    assert "Say what the unit should change: the note is required." in response.content.decode()
    report.refresh_from_db()
    assert report.state == State.SUBMITTED


def test_last_report_of_the_queue_leads_back_to_the_desk(client, tree, campaign, people):
    report = filed(campaign, tree.college, people["college"], "开放校园迎来八方来客")
    client.force_login(people["province"])

    response = client.post(
        reverse("reports:desk_review", args=[report.pk]),
        {"action": "decline", "version": report.version, "note": ""},
        follow=True,
        **ENGLISH,
    )

    assert response.redirect_chain[-1][0] == reverse("reports:desk")
    shown = messages_of(response.content.decode())
    assert "“开放校园迎来八方来客” is now “not adopted”." in shown
    assert "That was the last report in this queue." in shown


def test_record_another_adoption_level(client, tree, campaign, people):
    report = filed(campaign, tree.college, people["college"], "开放校园迎来八方来客")
    report = services.adopt_report(report=report, actor=people["province"], version=report.version)
    client.force_login(people["province"])

    response = client.post(
        reverse("reports:desk_review", args=[report.pk]),
        {
            "action": "record_adoption",
            "version": report.version,
            "level": AdoptionLevel.PROVINCIAL_MEDIA,
            "outlet": "山西日报",
            "adopted_on": "2021-05-25",
        },
        follow=True,
        **ENGLISH,
    )

    assert "Adoption by provincial media recorded for “开放校园迎来八方来客”." in messages_of(
        response.content.decode()
    )
    assert sorted(report.adoptions.values_list("level", flat=True)) == [
        AdoptionLevel.PROVINCE_PLATFORM,
        AdoptionLevel.PROVINCIAL_MEDIA,
    ]
    assert AuditEntry.objects.filter(action="report.adoption", after__outlet="山西日报").exists()


def _photo(report: Report, position: int, status=MediaStatus.READY) -> ReportMedia:
    return ReportMedia.objects.create(
        report=report,
        kind=MediaKind.PHOTO,
        position=position,
        caption=f"照片{position}",
        original_name=f"photo{position}.jpg",
        suffix=".jpg",
        file=f"reports/{report.campaign_id}/photo{report.pk}-{position}.jpg",
        status=status,
    )


def test_feature_with_a_chosen_cover_and_position(client, tree, campaign, people):
    first = filed(campaign, tree.college, people["college"], "开放校园迎来八方来客")
    first = services.adopt_report(report=first, actor=people["province"], version=first.version)
    first = services.feature_report(report=first, actor=people["province"], version=first.version)
    report = filed(campaign, tree.datong_school, people["datong_school"], "大同职中技能展示")
    report = services.adopt_report(report=report, actor=people["province"], version=report.version)
    _photo(report, 1)
    chosen = _photo(report, 2)
    _photo(report, 3, status=MediaStatus.PENDING)
    client.force_login(people["province"])
    url = reverse("reports:desk_review", args=[report.pk])

    page = client.get(url, **ENGLISH).content.decode()
    assert len(re.findall(r'<input type="radio" name="cover" value="\d+"', page)) == 2

    client.post(
        url,
        {"action": "feature", "version": report.version, "cover": chosen.pk, "position": 2},
        **ENGLISH,
    )

    report.refresh_from_db()
    assert (report.state, report.cover) == (State.FEATURED, chosen)
    assert column_titles(client) == [first.title, report.title]
    assert AuditEntry.objects.filter(action="report.feature", object_id=str(report.pk)).exists()


def test_bulk_feature_takes_the_first_ready_photo_as_cover(client, tree, campaign, people):
    report = filed(campaign, tree.college, people["college"], "开放校园迎来八方来客")
    report = services.adopt_report(report=report, actor=people["province"], version=report.version)
    _photo(report, 2, status=MediaStatus.PENDING)
    cover = _photo(report, 3)
    client.force_login(people["province"])

    bulk(client, "feature", [report])

    report.refresh_from_db()
    assert (report.state, report.cover) == (State.FEATURED, cover)


def test_reorder_the_publicity_column(client, tree, campaign, people):
    titles = ["开放校园迎来八方来客", "大同职中技能展示", "太原职中开放日"]
    units = [tree.college, tree.datong_school, tree.taiyuan_school]
    authors = [people["college"], people["datong_school"], people["taiyuan_school"]]
    featured = []
    for title, unit, author in zip(titles, units, authors, strict=True):
        report = filed(campaign, unit, author, title)
        report = services.adopt_report(
            report=report, actor=people["province"], version=report.version
        )
        featured.append(
            services.feature_report(report=report, actor=people["province"], version=report.version)
        )
    client.force_login(people["organiser"])
    url = reverse("reports:column_order")

    def column() -> list[str]:
        return column_titles(client)

    assert column() == list(reversed(titles))  # newest on top
    seen = ",".join(str(report.pk) for report in reversed(featured))
    client.post(url, {"seen": seen, "report": featured[2].pk, "direction": "down"}, **ENGLISH)

    assert column() == [titles[1], titles[2], titles[0]]
    entry = AuditEntry.objects.get(action="report.reorder_column")
    assert entry.actor == people["organiser"]
    assert entry.after["order"] == [featured[1].pk, featured[2].pk, featured[0].pk]

    stale = client.post(
        url, {"seen": seen, "report": featured[0].pk, "direction": "up"}, follow=True, **ENGLISH
    )
    assert "The publicity column was changed meanwhile; reload it and try again." in messages_of(
        stale.content.decode()
    )
    assert column() == [titles[1], titles[2], titles[0]]


def test_queue_needs_the_same_number_of_queries_for_many_reports(
    client, tree, campaign, people, django_assert_max_num_queries
):
    schools = [tree.college, tree.datong_school, tree.taiyuan_school, tree.qingxu_school]
    authors = ["college", "datong_school", "taiyuan_school", "qingxu_school"]
    for index in range(2):
        report = filed(campaign, schools[index], people[authors[index]], f"报道{index}")
        _photo(report, 1)
    client.force_login(people["province"])
    client.get(reverse("reports:desk"))  # warm the session and the permission caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("reports:desk"))
    for index in range(2, 24):
        report = filed(campaign, schools[index % 4], people[authors[index % 4]], f"报道{index}")
        _photo(report, 1)
        _photo(report, 2)

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("reports:desk"), **ENGLISH).content.decode()

    assert len(desk_titles(page)) == 24
    assert "2 photos" in page
