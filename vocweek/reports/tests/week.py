"""A reporting week for reminder, scheduler and bulletin tests: schools owing daily reports,
their staff and liaisons, and a helper that files a report as a unit would."""

from datetime import date

from vocweek.campaigns.models import Campaign, Participation
from vocweek.campaigns.services import enrol_unit, set_liaison
from vocweek.orgs.enums import Role
from vocweek.orgs.models import Unit
from vocweek.orgs.tests.factories import make_member
from vocweek.reports import services
from vocweek.reports.enums import Category
from vocweek.reports.models import Report


def enrol_reporting_schools(tree, campaign: Campaign) -> dict[Unit, Participation]:
    """The four schools of the tree owe daily reports; the trade union takes part without."""
    enrol_unit(
        campaign=campaign,
        unit=tree.union,
        owes_plan=False,
        owes_daily_reports=False,
        owes_statistics=False,
    )
    return {
        unit: enrol_unit(
            campaign=campaign,
            unit=unit,
            owes_plan=False,
            owes_daily_reports=True,
            owes_statistics=True,
        )
        for unit in (tree.taiyuan_school, tree.qingxu_school, tree.datong_school, tree.college)
    }


def staff(tree, participations) -> dict[str, object]:
    """Members of the schools and the reviewers; a liaison with a mobile for 清徐县职业中学."""
    people = {
        "qingxu": make_member(tree.qingxu_school, Role.UNIT_MANAGER, mobile="13800000001"),
        "datong": make_member(tree.datong_school, Role.UNIT_REPORTER, mobile="13800000002"),
        "college": make_member(tree.college, Role.UNIT_REPORTER),
        "city": make_member(tree.taiyuan, Role.CITY_REVIEWER),
        "province": make_member(tree.province, Role.PROVINCE_REVIEWER),
        "admin": make_member(tree.province, Role.ORGANISER_ADMIN),
    }
    set_liaison(
        participation=participations[tree.qingxu_school],
        name="李联络",
        mobile="13912345678",
        email="liaison@qingxu.example.org",
    )
    return people


def file_report(
    campaign: Campaign, unit: Unit, author, title: str, for_day: date | None = None
) -> Report:
    content = services.ReportContent(
        title=title, body="<p>师生开放校园，展示技能。</p>", category=Category.NEWS
    )
    report = services.create_report(campaign=campaign, unit=unit, author=author, content=content)
    return services.submit_report(
        report=report, actor=author, version=report.version, for_day=for_day
    )
