"""The staff console: the user's tasks in the current campaign and the units under them."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from vocweek.campaigns import queries
from vocweek.campaigns.enums import Obligation, Phase
from vocweek.campaigns.models import Campaign
from vocweek.console.forms import UnitFilterForm
from vocweek.core import clock
from vocweek.core.views import StaffPermissionMixin
from vocweek.orgs.models import Membership, membership_of
from vocweek.plans import queries as plan_queries
from vocweek.reports import unit_queries
from vocweek.stats import queries as stats_queries

HOME_UNITS = 20
UNITS_PER_PAGE = 50
UNITS_PERMISSION = "console.view_units"
PLANS_OVERVIEW_PERMISSION = "plans.view_overview"
RETURNS_PERMISSION = "stats.view_returns"
# Reviewers see the statistics tables below them from the day the week ends.
STATISTICS_PHASES = (Phase.STATISTICS_WINDOW, Phase.ARCHIVED)


def _units_under(
    request: HttpRequest, campaign: Campaign, membership: Membership, per_page: int
) -> tuple[UnitFilterForm, Page]:
    """The filter form and the asked-for page of participations below the user's own unit."""
    form = UnitFilterForm(request.GET or None, user=request.user)
    participations = queries.participations_under(campaign, request.user)
    page = Paginator(form.apply(participations), per_page).get_page(request.GET.get("page"))
    return form, page


class HomeView(LoginRequiredMixin, View):
    """我的任务: what the user's unit owes in the current campaign; reviewers also see their units."""

    def get(self, request: HttpRequest) -> HttpResponse:
        membership = membership_of(request.user)
        campaign = queries.current_campaign()
        context: dict[str, object] = {"membership": membership, "campaign": campaign}
        if membership is None or campaign is None:
            return render(request, "console/home.html", context)
        participation = queries.participation_of(campaign, membership.unit)
        tasks = queries.tasks_for(participation) if participation else []
        filed = unit_queries.filed_per_day(campaign, membership.unit) if tasks else {}
        context.update(
            participation=participation,
            tasks=tasks,
            task_rows=[(task, filed.get(task.day, 0)) for task in tasks],
            today=clock.today(campaign.time_zone),
            daily=Obligation.DAILY_REPORTS,
            plan_obligation=Obligation.PLAN,
            statistics_obligation=Obligation.STATISTICS,
            phase=queries.phase_now(campaign),
        )
        if participation is not None and participation.owes_plan:
            context["plan"] = plan_queries.plan_of(campaign, membership.unit)
        if participation is not None and participation.owes_statistics:
            context["stat_return"] = stats_queries.return_of(campaign, membership.unit)
        if request.user.has_perm(PLANS_OVERVIEW_PERMISSION):
            context["plan_counts"] = plan_queries.count_plans(campaign, below=membership.unit)
        if request.user.has_perm(RETURNS_PERMISSION) and context["phase"] in STATISTICS_PHASES:
            context["return_counts"] = stats_queries.count_returns(campaign, below=membership.unit)
        if request.user.has_perm(UNITS_PERMISSION):
            context["filter_form"], context["units"] = _units_under(
                request, campaign, membership, HOME_UNITS
            )
        return render(request, "console/home.html", context)


class UnitsView(StaffPermissionMixin, View):
    """下级单位: every unit below a reviewer in the current campaign, filtered and paginated."""

    permission_required = UNITS_PERMISSION

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign = queries.current_campaign()
        context: dict[str, object] = {"campaign": campaign}
        if campaign is not None:
            context["filter_form"], context["units"] = _units_under(
                request, campaign, request.user.membership, UNITS_PER_PAGE
            )
        template = "console/units.html"
        if request.headers.get("HX-Request") and campaign is not None:
            template += "#unit-list"
        return render(request, template, context)
