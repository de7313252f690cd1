"""The province's statistics in one workbook: the form's items by city and in total, and a sheet
per city with a column per unit (stats/exports.py builds it)."""

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from vocweek.campaigns.queries import current_campaign
from vocweek.core import clock
from vocweek.core.views import StaffPermissionMixin, deny
from vocweek.stats import exports, queries
from vocweek.stats.definition import form_of

VIEW_AGGREGATE = "stats.view_aggregate"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ProvinceExportView(StaffPermissionMixin, View):
    """全省汇总: computed from the submitted and confirmed returns at the moment of download."""

    permission_required = VIEW_AGGREGATE

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign = current_campaign()
        definition = form_of(campaign) if campaign is not None else None
        if definition is None:
            deny()
        content = exports.province_workbook(
            definition,
            queries.aggregate_by_city(definition, campaign),
            campaign_title=campaign.title,
            generated_at=clock.now(),
            zone=campaign.zone,
            units=exports.unit_columns(campaign, definition),
        )
        response = HttpResponse(content, content_type=XLSX)
        file_name = _("%(campaign)s statistics by city") % {"campaign": campaign.title}
        response["Content-Disposition"] = content_disposition_header(True, f"{file_name}.xlsx")
        response["X-Content-Type-Options"] = "nosniff"
        return response
