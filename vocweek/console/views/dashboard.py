"""The data dashboard (数据大屏): a full-screen page that fetches its figures again as JSON.

The staff page needs `console.view_dashboard`; the public variant needs nothing, shows only public
figures and may be framed by other sites (a city's topic website embeds it).
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views import View
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from vocweek.campaigns.queries import current_campaign, public_current_campaign
from vocweek.console.dashboard import cached_figures, public_dashboard, staff_dashboard
from vocweek.core import clock
from vocweek.core.views import StaffPermissionMixin

DASHBOARD_PERMISSION = "console.view_dashboard"


class DashboardView(StaffPermissionMixin, View):
    """数据大屏 for the organiser and the co-organising departments."""

    permission_required = DASHBOARD_PERMISSION

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign = current_campaign()
        context: dict[str, object] = {"campaign": campaign, "public": False, "now": clock.now()}
        if campaign is not None:
            context["figures"] = cached_figures(campaign, staff_dashboard, "staff")
            context["data_url"] = reverse("console:dashboard_data")
            context["public_url"] = request.build_absolute_uri(reverse("dashboard:index"))
        return render(request, "console/dashboard.html", context)


class DashboardDataView(StaffPermissionMixin, View):
    """The staff dashboard's figures as JSON, for the page to refresh itself."""

    permission_required = DASHBOARD_PERMISSION

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign = current_campaign()
        figures = cached_figures(campaign, staff_dashboard, "staff") if campaign else None
        response = JsonResponse({"figures": figures})
        patch_cache_control(response, private=True, no_cache=True)
        return response


@require_safe
@xframe_options_exempt
def public_page(request: HttpRequest) -> HttpResponse:
    """The public dashboard: only what the portal publishes; other sites may frame it."""
    campaign = public_current_campaign()
    context: dict[str, object] = {"campaign": campaign, "public": True, "now": clock.now()}
    if campaign is not None:
        context["figures"] = cached_figures(campaign, public_dashboard, "public")
        context["data_url"] = reverse("dashboard:data")
    return render(request, "console/dashboard.html", context)


@require_safe
def public_data(request: HttpRequest) -> HttpResponse:
    """The public dashboard's figures as JSON; shared caches may keep them as long as we do."""
    campaign = public_current_campaign()
    figures = cached_figures(campaign, public_dashboard, "public") if campaign else None
    response = JsonResponse({"figures": figures})
    patch_cache_control(response, public=True, max_age=settings.VOCWEEK_DASHBOARD_SECONDS)
    return response
