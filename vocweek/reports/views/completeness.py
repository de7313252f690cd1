"""Completeness (报送完成情况) and ranking (信息报送排名) pages and their Excel exports.

Reviewers only (`reports.view_completeness`, 404 otherwise); each sees the units of their own
subtree (`Unit.objects.visible_to`), filtered by city and kind. The figures come from
`reports.queries`; the definitions are in that module's docstring.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from vocweek.campaigns.models import Campaign
from vocweek.campaigns.queries import current_campaign
from vocweek.core import clock
from vocweek.core.views import StaffPermissionMixin, deny
from vocweek.orgs.models import Unit, UnitQuerySet, membership_of
from vocweek.reports import exports
from vocweek.reports.completeness_forms import CompletenessFilterForm
from vocweek.reports.enums import AdoptionLevel
from vocweek.reports.queries import (
    CELL_LABELS,
    LEVEL_ORDER,
    completeness_matrix,
    reporting_ranking,
)

PERMISSION = "reports.view_completeness"
ROWS_PER_PAGE = 100
UNREPORTED_SHOWN = 300
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True, slots=True)
class CellLook:
    """How a cell state is shown: its symbol and its words (for the legend and screen readers)."""

    state: str
    symbol: str
    label: str


def cell_looks() -> dict[str, CellLook]:
    symbols = exports.cell_symbols()
    return {
        state: CellLook(state, symbols[state], str(label)) for state, label in CELL_LABELS.items()
    }


class _Scoped(StaffPermissionMixin, View):
    """The current campaign, the units the reviewer may see and the chosen filters."""

    permission_required = PERMISSION

    def scope(
        self, request: HttpRequest
    ) -> tuple[Campaign | None, UnitQuerySet, CompletenessFilterForm, str, str]:
        campaign = current_campaign()
        units = Unit.objects.visible_to(request.user)
        form = CompletenessFilterForm(
            request.GET or None, units=units, own_unit=membership_of(request.user).unit
        )
        group, kind = form.chosen()
        return campaign, units, form, group, kind

    @staticmethod
    def moment(campaign: Campaign) -> datetime:
        return clock.now().astimezone(campaign.zone)


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class CompletenessView(_Scoped):
    """报送完成情况: units × days of the week, the groups on top, the province total first."""

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign, units, form, group, kind = self.scope(request)
        context: dict[str, object] = {"campaign": campaign, "filter_form": form}
        if campaign is not None:
            moment = self.moment(campaign)
            matrix = completeness_matrix(campaign, units, group=group, kind=kind, moment=moment)
            page = Paginator(matrix.rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
            looks = cell_looks()
            days = [column.day.isoformat() for column in matrix.days]
            context.update(
                matrix=matrix,
                moment=moment,
                page=page,
                looks=looks.values(),
                lines=[
                    (row, [(day, looks[state]) for day, state in zip(days, row.cells, strict=True)])
                    for row in page
                ],
            )
        return render(request, "reports/manage/completeness.html", context)


class CompletenessExportView(_Scoped):
    """The matrix and the group summary as an Excel workbook, with the page's filters."""

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign, units, _form, group, kind = self.scope(request)
        if campaign is None:
            deny()
        moment = self.moment(campaign)
        matrix = completeness_matrix(campaign, units, group=group, kind=kind, moment=moment)
        content = exports.completeness_workbook(matrix, title=campaign.title, as_of=moment)
        return _xlsx(content, f"completeness-{campaign.slug}-{moment:%Y%m%d-%H%M}.xlsx")


class RankingView(_Scoped):
    """信息报送排名: points from the campaign's scoring table, and the units without a report."""

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign, units, form, group, kind = self.scope(request)
        context: dict[str, object] = {"campaign": campaign, "filter_form": form}
        if campaign is not None:
            moment = self.moment(campaign)
            ranking = reporting_ranking(campaign, units, group=group, kind=kind, moment=moment)
            page = Paginator(ranking.rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
            levels = [(level, AdoptionLevel(level).label) for level in LEVEL_ORDER]
            context.update(
                ranking=ranking,
                moment=moment,
                page=page,
                levels=levels,
                level_points=[
                    (label, ranking.rules.points_for_level(level)) for level, label in levels
                ],
                lines=[
                    (row, [row.adopted_by_level[level] for level in LEVEL_ORDER]) for row in page
                ],
                unreported_shown=ranking.unreported[:UNREPORTED_SHOWN],
            )
        return render(request, "reports/manage/ranking.html", context)


class RankingExportView(_Scoped):
    """The ranking and the units without a report as an Excel workbook."""

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign, units, _form, group, kind = self.scope(request)
        if campaign is None:
            deny()
        moment = self.moment(campaign)
        ranking = reporting_ranking(campaign, units, group=group, kind=kind, moment=moment)
        content = exports.ranking_workbook(ranking, title=campaign.title, as_of=moment)
        return _xlsx(content, f"ranking-{campaign.slug}-{moment:%Y%m%d-%H%M}.xlsx")
