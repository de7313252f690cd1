"""Who registered for an activity, the Excel list, and the check-in at the entrance.

Registrations are shown to the holding unit and to reviewers above it; mobiles are masked unless
the viewer holds the activity (`activities.manage_registrations`), which check-in needs too.
"""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from vocweek.activities import exports, queries, services
from vocweek.activities.enums import RegistrationState
from vocweek.activities.forms import CheckInForm
from vocweek.activities.models import Activity
from vocweek.activities.views.manage import (
    MANAGE_REGISTRATIONS,
    VIEW_ACTIVITY,
    XLSX,
    is_htmx,
    visible_activity,
)
from vocweek.core import clock
from vocweek.core.phones import mask_mobile
from vocweek.core.views import StaffPermissionMixin


def _lines(activity: Activity, *, full_mobiles: bool) -> list[exports.RegistrationLine]:
    labels = dict(RegistrationState.choices)
    return [
        exports.RegistrationLine(
            pk=registration.pk,
            name=registration.name,
            mobile=registration.mobile if full_mobiles else mask_mobile(registration.mobile),
            party_size=registration.party_size,
            state=registration.state,
            state_label=str(labels.get(registration.state, registration.state)),
            registered_at=registration.created_at,
            checked_in_at=registration.checked_in_at,
        )
        for registration in queries.registrations_of(activity)
    ]


class RegistrationsView(StaffPermissionMixin, View):
    """报名名单: who registered, who is waiting and who was checked in."""

    permission_required = VIEW_ACTIVITY

    def get_permission_object(self) -> object | None:
        self.activity = visible_activity(self.request, self.kwargs["pk"], VIEW_ACTIVITY)
        return self.activity

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        activity = self.activity
        full = request.user.has_perm(MANAGE_REGISTRATIONS, activity)
        context = {
            "campaign": activity.campaign,
            "activity": activity,
            "lines": _lines(activity, full_mobiles=full),
            "attendance": queries.attendance(activity),
            "full_mobiles": full,
        }
        return render(request, "activities/manage/registrations.html", context)


class RegistrationsWorkbookView(StaffPermissionMixin, View):
    """The registrations and attendance in Excel, mobiles masked as on the page."""

    permission_required = VIEW_ACTIVITY

    def get_permission_object(self) -> object | None:
        self.activity = visible_activity(self.request, self.kwargs["pk"], VIEW_ACTIVITY)
        return self.activity

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        activity = self.activity
        campaign = activity.campaign
        full = request.user.has_perm(MANAGE_REGISTRATIONS, activity)
        now = clock.now()
        content = exports.registrations_workbook(
            activity,
            _lines(activity, full_mobiles=full),
            queries.attendance(activity),
            as_of=now,
            zone=campaign.zone,
            zone_label=campaign.zone_label,
        )
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(
            True, exports.file_name(activity, now, campaign.zone)
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


@dataclass(frozen=True)
class CheckInOutcome:
    """What the last code did: `kind` is "done", "already" or "error"."""

    kind: str
    text: str
    name: str = ""
    people: int = 0


class CheckInView(StaffPermissionMixin, View):
    """签到: the holder scans a visitor's QR code or types it; each answer says plainly what
    happened. With htmx only the outcome and the figures are swapped."""

    permission_required = MANAGE_REGISTRATIONS

    def get_permission_object(self) -> object | None:
        self.activity = visible_activity(self.request, self.kwargs["pk"], MANAGE_REGISTRATIONS)
        return self.activity

    def render_page(
        self, request: HttpRequest, outcome: CheckInOutcome | None = None, status: int = 200
    ) -> HttpResponse:
        activity = self.activity
        template = "activities/manage/check_in.html"
        if outcome is not None and is_htmx(request):
            template += "#outcome"
        context = {
            "campaign": activity.campaign,
            "activity": activity,
            "form": CheckInForm(),
            "outcome": outcome,
            "attendance": queries.attendance(activity),
        }
        response = render(request, template, context, status=status)
        patch_vary_headers(response, ["HX-Request"])
        return response

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_page(request)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = CheckInForm(request.POST)
        if not form.is_valid():
            outcome = CheckInOutcome("error", _("Code: type or scan the visitor's check-in code."))
            return self.render_page(request, outcome)
        try:
            done = services.check_in(
                activity=self.activity, code=form.cleaned_data["code"], actor=request.user
            )
        except services.ActivityError as error:
            return self.render_page(request, CheckInOutcome("error", str(error)))
        registration = done.registration
        zone = self.activity.campaign.zone
        if done.already:
            moment = registration.checked_in_at.astimezone(zone)
            text = _("Already checked in at %(time)s.") % {"time": f"{moment:%H:%M}"}
            if moment.date() != clock.now().astimezone(zone).date():
                text = _("Already checked in on %(day)s at %(time)s.") % {
                    "day": f"{moment.month}/{moment.day}",
                    "time": f"{moment:%H:%M}",
                }
            outcome = CheckInOutcome(
                "already", text, name=registration.name, people=registration.party_size
            )
        else:
            outcome = CheckInOutcome(
                "done",
                _("Checked in."),
                name=registration.name,
                people=registration.party_size,
            )
        return self.render_page(request, outcome)
