"""Schools owing daily reports, their staff, and filing a report as a unit would: shared by the
completeness and ranking tests."""

from datetime import date

from vocweek.campaigns.services import enrol_unit
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.reports import services
from vocweek.reports.enums import Category
from vocweek.reports.models import Report


def enrol(campaign, *units) -> None:
    for unit in units:
        enrol_unit(
            campaign=campaign,
            unit=unit,
            owes_plan=False,
            owes_daily_reports=True,
            owes_statistics=False,
        )


def file(campaign, unit, author, *, for_day: date | None = None, title="开放校园") -> Report:
    """Write and submit a report now (the clock decides its day), or late for `for_day`."""
    content = services.ReportContent(title=title, body="<p>技能展示。</p>", category=Category.NEWS)
    report = services.create_report(campaign=campaign, unit=unit, author=author, content=content)
    return services.submit_report(
        report=report, actor=author, version=report.version, for_day=for_day
    )


def schools_and_staff(tree, campaign) -> dict[str, object]:
    """The four schools owe daily reports (the trade union takes part without); their reporters
    and the reviewers, by short name."""
    enrol(campaign, tree.taiyuan_school, tree.qingxu_school, tree.datong_school, tree.college)
    enrol_unit(
        campaign=campaign,
        unit=tree.union,
        owes_plan=False,
        owes_daily_reports=False,
        owes_statistics=False,
    )
    return {
        "taiyuan": make_member(tree.taiyuan_school, Role.UNIT_REPORTER),
        "qingxu": make_member(tree.qingxu_school, Role.UNIT_REPORTER),
        "datong": make_member(tree.datong_school, Role.UNIT_REPORTER),
        "college": make_member(tree.college, Role.UNIT_REPORTER),
        "city": make_member(tree.taiyuan, Role.CITY_REVIEWER),
        "province": make_member(tree.province, Role.PROVINCE_REVIEWER),
    }
