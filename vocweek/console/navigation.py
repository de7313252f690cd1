"""The console's navigation: one explicit list, each item shown to users who hold its permission.

Items name a URL, not a path, and are reversed when shown: an item whose URL does not exist yet is
skipped, so an app can be listed here before its pages land.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavigationItem:
    """One entry of the console menu: its label, the URL name it opens and who may see it."""

    label: str | Promise
    url_name: str
    permission: str


NAVIGATION: tuple[NavigationItem, ...] = (
    NavigationItem(_("My tasks"), "console:home", "orgs.access_console"),
    NavigationItem(_("Units"), "console:units", "console.view_units"),
    NavigationItem(_("Import units"), "campaigns:roster_import", "campaigns.import_roster"),
    NavigationItem(_("Export units"), "campaigns:roster_export", "campaigns.export_roster"),
    NavigationItem(_("Activity plan"), "plans:mine", "plans.file_plans"),
    NavigationItem(_("Activities"), "activities_manage:mine", "activities.hold_activities"),
    NavigationItem(_("Information reports"), "reports:my_reports", "reports.file_reports"),
    NavigationItem(_("Exhibition hall"), "halls_manage:edit", "reports.edit_own_hall"),
    NavigationItem(_("Statistics table"), "stats:mine", "stats.file_returns"),
    NavigationItem(_("Pledge signers"), "pledges_manage:counts", "pledges.view_school_counts"),
    NavigationItem(
        _("Voting nominations"), "voting_manage:nominations", "voting.nominate_candidates"
    ),
    NavigationItem(_("Works entries"), "works_manage:unit_entries", "voting.submit_entries"),
    NavigationItem(_("Works judging"), "works_manage:judging", "voting.judge_entries"),
    NavigationItem(_("Activity plans"), "plans:overview", "plans.view_overview"),
    NavigationItem(
        _("Activity approval"), "activities_manage:review", "activities.review_activities"
    ),
    NavigationItem(
        _("Activity coverage"), "activities_manage:coverage", "activities.view_coverage"
    ),
    NavigationItem(_("Review desk"), "reports:desk", "reports.view_desk"),
    NavigationItem(_("Student pledges"), "pledges_manage:list", "pledges.manage_pledges"),
    NavigationItem(_("Online voting"), "voting_manage:list", "voting.manage_selections"),
    NavigationItem(_("Works collections"), "works_manage:list", "voting.manage_collections"),
    NavigationItem(_("Interactive topics"), "topics_manage:list", "topics.moderate_topics"),
    NavigationItem(_("Bulletins"), "reports:bulletins", "reports.view_desk"),
    NavigationItem(_("Statistics returns"), "stats:returns", "stats.view_returns"),
    NavigationItem(_("Notices"), "notify:notices", "notify.view_notices"),
    NavigationItem(
        _("Reporting completeness"), "reports:completeness", "reports.view_completeness"
    ),
    NavigationItem(_("Reporting ranking"), "reports:ranking", "reports.view_completeness"),
    NavigationItem(_("Exhibition halls"), "halls_manage:list", "reports.view_halls"),
    NavigationItem(_("Data dashboard"), "console:dashboard", "console.view_dashboard"),
)


@dataclass(frozen=True)
class ShownItem:
    """A navigation item as the user sees it: reversed, and marked when it is the current page."""

    label: str | Promise
    url: str
    is_current: bool


def navigation_for(user, current_url_name: str = "") -> list[ShownItem]:
    """The items `user` may open, in menu order; items whose URL is not (yet) defined are left out."""
    shown: list[ShownItem] = []
    for item in NAVIGATION:
        if not user.has_perm(item.permission):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        shown.append(ShownItem(item.label, url, item.url_name == current_url_name))
    return shown
