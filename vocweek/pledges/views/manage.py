"""Pledges in the console: the organiser writes, opens and closes the week's pledges and watches
the counts per city; a school's staff see their school's count and export its signers; a city
bureau's reviewer sees its schools' counts.

A page or pledge the user may not have answers 404 (`core.views.deny`). There is no service yet
to change a draft's text, so a draft's page shows it read-only.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from vocweek.campaigns.queries import campaign_organised_by, current_campaign
from vocweek.core import clock
from vocweek.core.views import StaffPermissionMixin, deny
from vocweek.orgs.models import membership_of
from vocweek.pledges import exports, queries, services
from vocweek.pledges.forms import PledgeForm
from vocweek.pledges.models import Pledge

MANAGE_PLEDGES = "pledges.manage_pledges"
VIEW_PLEDGE = "pledges.view_pledge"
CHANGE_PLEDGE = "pledges.change_pledge"
OPEN_PLEDGE = "pledges.open_pledge"
CLOSE_PLEDGE = "pledges.close_pledge"
VIEW_SCHOOL_COUNTS = "pledges.view_school_counts"
EXPORT_SCHOOL_SIGNERS = "pledges.export_school_signers"

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def managed_pledge(request: HttpRequest, pk: int, permission: str) -> Pledge:
    """The pledge if the user holds `permission` on it; otherwise 404."""
    pledge = Pledge.objects.select_related("campaign", "campaign__organiser").filter(pk=pk).first()
    if pledge is None or not request.user.has_perm(permission, pledge):
        deny()
    return pledge


class ListView(StaffPermissionMixin, View):
    """学生公约: the current week's pledges, drafts included, with their counts."""

    permission_required = MANAGE_PLEDGES

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign = current_campaign()
        pledges = queries.campaign_pledges(campaign) if campaign else []
        return render(
            request,
            "pledges/manage/list.html",
            {"campaign": campaign, "pledges": pledges},
        )


class NewView(StaffPermissionMixin, View):
    """A new pledge of the current week, saved as a draft."""

    permission_required = MANAGE_PLEDGES

    def get_permission_object(self) -> object | None:
        # A pledge belongs to the current week, and only its organiser's staff write one.
        self.campaign = campaign_organised_by(self.request.user)
        if self.campaign is None:
            deny()
        return None

    def render_page(self, request: HttpRequest, form: PledgeForm) -> HttpResponse:
        return render(request, "pledges/manage/new.html", {"campaign": self.campaign, "form": form})

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_page(request, PledgeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PledgeForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, form)
        try:
            pledge = services.create_pledge(
                campaign=self.campaign, actor=request.user, content=form.content()
            )
        except services.PledgeError as error:
            form.add_error(None, str(error))
            return self.render_page(request, form)
        messages.success(
            request,
            _("“%(title)s” is saved as a draft; open it for signing when it is ready.")
            % {"title": pledge.title},
        )
        return redirect("pledges_manage:edit", pledge.pk)


class EditView(StaffPermissionMixin, View):
    """One pledge: its text (a form while it is a draft), its state with the open and close
    buttons, and the counts per city and the top schools."""

    permission_required = VIEW_PLEDGE

    def get_permission_object(self) -> object | None:
        self.pledge = managed_pledge(self.request, self.kwargs["pk"], VIEW_PLEDGE)
        return self.pledge

    def render_page(self, request: HttpRequest, form: PledgeForm | None = None) -> HttpResponse:
        pledge = self.pledge
        user = request.user
        may_change = user.has_perm(CHANGE_PLEDGE, pledge)
        if form is None and may_change:
            form = PledgeForm(initial={"title": pledge.title, "text": pledge.text})
        return render(
            request,
            "pledges/manage/edit.html",
            {
                "campaign": pledge.campaign,
                "pledge": pledge,
                "form": form,
                "paragraphs": [line.strip() for line in pledge.text.splitlines() if line.strip()],
                "may_open": user.has_perm(OPEN_PLEDGE, pledge),
                "may_close": user.has_perm(CLOSE_PLEDGE, pledge),
                "total": queries.pledge_total(pledge.pk),
                "cities": queries.city_totals_for_staff(pledge),
                "schools": queries.top_schools(pledge),
            },
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_page(request)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.has_perm(CHANGE_PLEDGE, self.pledge):
            deny()
        form = PledgeForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, form)
        try:
            self.pledge = services.update_pledge(
                pledge=self.pledge, actor=request.user, content=form.content()
            )
        except services.PledgeError as error:
            form.add_error(None, str(error))
            return self.render_page(request, form)
        messages.success(request, _("“%(title)s” is saved.") % {"title": self.pledge.title})
        return redirect("pledges_manage:edit", self.pledge.pk)


class OpenView(StaffPermissionMixin, View):
    """Open a draft (or reopen a closed pledge) for signing."""

    permission_required = OPEN_PLEDGE
    http_method_names = ["post"]

    def get_permission_object(self) -> object | None:
        self.pledge = managed_pledge(self.request, self.kwargs["pk"], OPEN_PLEDGE)
        return self.pledge

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            pledge = services.open_pledge(pledge=self.pledge, actor=request.user)
        except services.PledgeError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("“%(title)s” is open for signing.") % {"title": pledge.title}
            )
        return redirect("pledges_manage:edit", pk)


class CloseView(StaffPermissionMixin, View):
    """Close an open pledge: its page stays, signing stops."""

    permission_required = CLOSE_PLEDGE
    http_method_names = ["post"]

    def get_permission_object(self) -> object | None:
        self.pledge = managed_pledge(self.request, self.kwargs["pk"], CLOSE_PLEDGE)
        return self.pledge

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            pledge = services.close_pledge(pledge=self.pledge, actor=request.user)
        except services.PledgeError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("“%(title)s” is closed.") % {"title": pledge.title})
        return redirect("pledges_manage:edit", pk)


class CountsView(StaffPermissionMixin, View):
    """签署情况: each public pledge of the week and how many of the user's school (or of the
    city's schools) signed it, with the school's export."""

    permission_required = VIEW_SCHOOL_COUNTS

    def get(self, request: HttpRequest) -> HttpResponse:
        membership = membership_of(request.user)
        campaign = current_campaign()
        context: dict[str, object] = {"campaign": campaign, "unit": membership.unit}
        if campaign is not None:
            pledges = queries.public_pledges(campaign)
            schools = queries.schools_seen_by(request.user, campaign)
            counted = queries.school_counts(pledges, schools)
            exportable = {
                school.pk
                for school in schools
                if request.user.has_perm(EXPORT_SCHOOL_SIGNERS, school)
            }
            sections = [
                {
                    "pledge": pledge,
                    "rows": [
                        {
                            "school": school,
                            "signers": counted.get((pledge.pk, school.pk), 0),
                            "may_export": school.pk in exportable,
                        }
                        for school in schools
                    ],
                    "total": sum(counted.get((pledge.pk, school.pk), 0) for school in schools),
                }
                for pledge in pledges
            ]
            context.update(sections=sections, several=len(schools) > 1)
        return render(request, "pledges/manage/counts.html", context)


class SignersWorkbookView(StaffPermissionMixin, View):
    """A school's signers of a pledge in Excel: number, name and time (nothing else is kept)."""

    permission_required = EXPORT_SCHOOL_SIGNERS

    def get_permission_object(self) -> object | None:
        membership = membership_of(self.request.user)
        self.pledge = queries.public_pledge(self.kwargs["pk"])
        if membership is None or self.pledge is None:
            deny()
        # Only the user's own school: another unit's id answers 404 through the permission.
        self.school = membership.unit if membership.unit_id == self.kwargs["unit_pk"] else None
        return self.school

    def get(self, request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
        pledge, school = self.pledge, self.school
        campaign = pledge.campaign
        now = clock.now()
        content = exports.signers_workbook(
            pledge,
            school,
            queries.signers_of_school(pledge, school),
            as_of=now,
            zone=campaign.zone,
            zone_label=campaign.zone_label,
        )
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(
            True, exports.file_name(pledge, school, now, campaign.zone)
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
