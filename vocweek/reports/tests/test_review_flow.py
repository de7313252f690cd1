"""The report state machine: filing, withdrawing, city review, adoption, featuring, conflicts."""

from datetime import date, time

import pytest

from vocweek.campaigns.services import enrol_unit
from vocweek.core.models import AuditEntry
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.reports import services
from vocweek.reports.enums import AdoptionLevel, Category, State
from vocweek.reports.models import Report

DAY_THREE = "2021-05-24T15:00+08:00"


@pytest.fixture
def people(tree, campaign, clock_at):
    clock_at(DAY_THREE)
    for unit in (tree.qingxu_school, tree.college):
        enrol_unit(
            campaign=campaign,
            unit=unit,
            owes_plan=False,
            owes_daily_reports=True,
            owes_statistics=True,
        )
    return {
        "school": make_member(tree.qingxu_school, Role.UNIT_MANAGER),
        "college": make_member(tree.college, Role.UNIT_REPORTER),
        "city": make_member(tree.taiyuan, Role.CITY_REVIEWER),
        "province": make_member(tree.province, Role.PROVINCE_REVIEWER),
        "other_province": make_member(tree.province, Role.ORGANISER_ADMIN),
    }


def draft(campaign, unit, author, title="开放校园迎来八方来客"):
    content = services.ReportContent(
        title=title,
        body='<p onclick="steal()">师生向社区居民展示<script>alert(1)</script>数控技能。</p>',
        category=Category.NEWS,
    )
    return services.create_report(campaign=campaign, unit=unit, author=author, content=content)


def test_draft_body_is_sanitised_and_private_to_its_unit(tree, campaign, people):
    report = draft(campaign, tree.qingxu_school, people["school"])
    assert report.body == "<p>师生向社区居民展示数控技能。</p>"
    assert list(Report.objects.visible_to(people["school"])) == [report]
    assert not Report.objects.visible_to(people["province"]).exists()
    assert not people["province"].has_perm("reports.view_report", report)


def test_submission_counts_for_today_in_beijing_and_can_be_withdrawn_until_reviewed(
    tree, campaign, people
):
    report = draft(campaign, tree.qingxu_school, people["school"])
    report = services.submit_report(report=report, actor=people["school"], version=report.version)
    assert (report.state, report.day, report.is_late) == (State.SUBMITTED, date(2021, 5, 24), False)
    assert people["province"].has_perm("reports.view_report", report)

    report = services.withdraw_report(report=report, actor=people["school"], version=report.version)
    assert (report.state, report.day) == (State.DRAFT, None)


def test_late_report_for_an_earlier_day_is_marked_late(tree, campaign, people):
    report = draft(campaign, tree.college, people["college"])
    report = services.submit_report(
        report=report, actor=people["college"], version=report.version, for_day=date(2021, 5, 22)
    )
    assert (report.day, report.is_late) == (date(2021, 5, 22), True)


def test_a_report_cannot_be_filed_for_tomorrow(tree, campaign, people):
    report = draft(campaign, tree.college, people["college"])
    with pytest.raises(services.ReportError):
        services.submit_report(
            report=report,
            actor=people["college"],
            version=report.version,
            for_day=date(2021, 5, 25),
        )
    report.refresh_from_db()
    assert report.state == State.DRAFT


def test_returned_report_is_fixed_resubmitted_adopted_and_featured(tree, campaign, people):
    report = draft(campaign, tree.college, people["college"])
    report = services.submit_report(report=report, actor=people["college"], version=report.version)
    assert people["province"].has_perm("reports.review_report", report)

    report = services.return_report(
        report=report,
        actor=people["province"],
        version=report.version,
        note="请补充活动照片的说明。",
    )
    assert report.state == State.RETURNED and report.return_note == "请补充活动照片的说明。"
    assert people["college"].has_perm("reports.change_report", report)

    content = services.ReportContent(
        title="开放校园：八方来客看技能", body="<p>补充了说明。</p>", category=Category.NEWS
    )
    report = services.update_report(
        report=report, actor=people["college"], content=content, version=report.version
    )
    report = services.submit_report(report=report, actor=people["college"], version=report.version)
    assert report.day == date(2021, 5, 24)

    report = services.adopt_report(
        report=report,
        actor=people["province"],
        version=report.version,
        level=AdoptionLevel.PROVINCIAL_MEDIA,
        outlet="山西日报",
    )
    report = services.feature_report(
        report=report, actor=people["province"], version=report.version
    )
    assert report.state == State.FEATURED and report.featured_order == 1
    assert list(Report.objects.published()) == [report]
    assert [event.action for event in report.events.all()] == [
        "submit",
        "return",
        "submit",
        "adopt",
        "feature",
    ]
    assert AuditEntry.objects.filter(action="report.feature", object_id=str(report.pk)).exists()


def test_second_reviewer_gets_a_clear_conflict_instead_of_overwriting(tree, campaign, people):
    report = draft(campaign, tree.college, people["college"])
    report = services.submit_report(report=report, actor=people["college"], version=report.version)
    seen_by_both = report.version
    services.adopt_report(
        report=Report.objects.get(pk=report.pk), actor=people["province"], version=seen_by_both
    )

    with pytest.raises(services.ReportConflict) as raised:
        services.return_report(
            report=Report.objects.get(pk=report.pk),
            actor=people["other_province"],
            version=seen_by_both,
            note="重写",
        )

    assert "已采用" in str(raised.value) or "adopted" in str(raised.value)
    assert Report.objects.get(pk=report.pk).state == State.ADOPTED


def test_city_review_comes_first_for_city_schools_when_the_campaign_turns_it_on(
    tree, campaign, people
):
    rules = services.rules_for(campaign)
    rules.city_review = True
    rules.save()
    city_school = draft(campaign, tree.qingxu_school, people["school"])
    city_school = services.submit_report(
        report=city_school, actor=people["school"], version=city_school.version
    )
    college = draft(campaign, tree.college, people["college"])
    college = services.submit_report(
        report=college, actor=people["college"], version=college.version
    )

    assert not people["province"].has_perm("reports.review_report", city_school)
    assert people["city"].has_perm("reports.city_review_report", city_school)
    assert people["province"].has_perm("reports.review_report", college)
    assert not people["city"].has_perm("reports.city_review_report", college)

    city_school = services.city_approve_report(
        report=city_school, actor=people["city"], version=city_school.version
    )
    assert people["province"].has_perm("reports.review_report", city_school)
    assert not people["school"].has_perm("reports.withdraw_report", city_school)


@pytest.mark.parametrize(
    ("moment", "cutoff", "day"),
    [
        ("2021-05-22T23:59:30+08:00", None, date(2021, 5, 22)),
        ("2021-05-23T00:00:10+08:00", None, date(2021, 5, 23)),
        ("2021-05-22T15:59:30Z", None, date(2021, 5, 22)),  # 23:59:30 in Beijing, 15:59 UTC
        ("2021-05-22T15:59:59+08:00", time(16, 0), date(2021, 5, 22)),
        ("2021-05-22T16:00:01+08:00", time(16, 0), date(2021, 5, 23)),
    ],
)
def test_submission_day_follows_beijing_time_and_the_cutoff(
    tree, campaign, people, clock_at, moment, cutoff, day
):
    if cutoff:
        campaign.daily_cutoff = cutoff
        campaign.save()
    clock_at(moment)
    report = draft(campaign, tree.college, people["college"])
    report = services.submit_report(report=report, actor=people["college"], version=report.version)
    assert report.day == day
    assert not report.is_late
