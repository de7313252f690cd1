"""The activity calendar in the console: a unit writes, submits and cancels its activities, sees
who registered and checks visitors in; the organiser approves activities (when the calendar asks
for it) and watches coverage, cities × days.

Activities are fetched through `Activity.objects.visible_to(user)`; an activity or page the user
may not have answers 404. Mobiles are masked unless the viewer holds the activity
(`activities.manage_registrations`).
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from vocweek.activities import queries, services
from vocweek.activities.enums import ActivityState
from vocweek.activities.forms import (
    APPROVE,
    SUBMIT,
    ActivityForm,
    CalendarRulesForm,
    CoverageForm,
    DecisionForm,
    activity_initial,
)
from vocweek.activities.models import Activity
from vocweek.campaigns.models import Campaign
from vocweek.campaigns.queries import current_campaign
from vocweek.core import clock
from vocweek.core.views import StaffPermissionMixin, deny
from vocweek.orgs.models import Membership, membership_of

HOLD_ACTIVITIES = "activities.hold_activities"
HOLD_FOR_UNIT = "activities.hold_for_unit"
VIEW_ACTIVITY = "activities.view_activity"
CHANGE_ACTIVITY = "activities.change_activity"
CANCEL_ACTIVITY = "activities.cancel_activity"
REVIEW_ACTIVITY = "activities.review_activity"
REVIEW_ACTIVITIES = "activities.review_activities"
MANAGE_REGISTRATIONS = "activities.manage_registrations"
VIEW_COVERAGE = "activities.view_coverage"
CHANGE_CALENDAR_RULES = "activities.change_calendar_rules"

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUBMITTABLE = (ActivityState.DRAFT, ActivityState.RETURNED)
# Only a published activity takes registrations; a cancelled one keeps its list.
WITH_REGISTRATIONS = (ActivityState.PUBLISHED, ActivityState.CANCELLED)


def visible_activity(request: HttpRequest, pk: int, permission: str) -> Activity:
    """The activity if the user may see it and holds `permission` on it; otherwise 404."""
    activity = (
        Activity.objects.visible_to(request.user)
        .select_related("campaign", "unit", "unit__city")
        .filter(pk=pk)
        .first()
    )
    if activity is None or not request.user.has_perm(permission, activity):
        deny()
    return activity


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0  # never a version: the service answers that the activity changed meanwhile


def _back(request: HttpRequest, default: str) -> str:
    """Where a POST came from (`next`, on this site only), else `default`."""
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return default


def _activity_form(campaign: Campaign, *args, **kwargs) -> ActivityForm:
    return ActivityForm(*args, zone=campaign.zone, zone_label=campaign.zone_label, **kwargs)


def is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )


# ---------------------------------------------------------------------------------------------
# The unit's activities


class MineView(StaffPermissionMixin, View):
    """活动日历: the unit's activities of the current week with their state and places."""

    permission_required = HOLD_ACTIVITIES

    def get(self, request: HttpRequest) -> HttpResponse:
        membership: Membership = membership_of(request.user)
        campaign = current_campaign()
        context: dict[str, object] = {"campaign": campaign, "unit": membership.unit}
        if campaign is not None:
            activities = (
                Activity.objects.visible_to(request.user)
                .filter(campaign=campaign, unit=membership.unit)
                .order_by("starts_at", "pk")
            )
            context.update(
                activities=activities,
                may_create=request.user.has_perm(HOLD_FOR_UNIT, membership.unit),
                rules=services.calendar_rules(campaign),
                submittable=SUBMITTABLE,
                registration_states=WITH_REGISTRATIONS,
            )
        return render(request, "activities/manage/mine.html", context)


class NewView(StaffPermissionMixin, View):
    """A new activity of the user's unit, saved as a draft or submitted at once."""

    permission_required = HOLD_FOR_UNIT

    def get_permission_object(self) -> object | None:
        self.membership: Membership | None = membership_of(self.request.user)
        self.campaign = current_campaign()
        if self.campaign is None or self.membership is None:
            return None
        return self.membership.unit

    def render_page(self, request: HttpRequest, form: ActivityForm) -> HttpResponse:
        context = {
            "campaign": self.campaign,
            "unit": self.membership.unit,
            "form": form,
            "rules": services.calendar_rules(self.campaign),
        }
        return render(request, "activities/manage/edit.html", context)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_page(request, _activity_form(self.campaign))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = _activity_form(self.campaign, request.POST)
        if not form.is_valid():
            return self.render_page(request, form)
        try:
            activity = services.create_activity(
                campaign=self.campaign,
                unit=self.membership.unit,
                actor=request.user,
                content=form.content(),
            )
        except services.ActivityError as error:
            form.add_error(None, str(error))
            return self.render_page(request, form)
        if request.POST.get("then") == SUBMIT:
            return _submit(request, activity)
        messages.success(
            request,
            _("“%(title)s” is saved as a draft; submit it when it is ready.")
            % {"title": activity.title},
        )
        return redirect("activities_manage:edit", activity.pk)


def _submitted_message(activity: Activity) -> str:
    if activity.state == ActivityState.PENDING:
        return _("“%(title)s” is submitted and awaits the organiser's approval.") % {
            "title": activity.title
        }
    return _("“%(title)s” is published on the activity calendar.") % {"title": activity.title}


def _submit(request: HttpRequest, activity: Activity) -> HttpResponse:
    try:
        activity = services.submit_activity(
            activity=activity, actor=request.user, version=activity.version
        )
    except services.ActivityError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _submitted_message(activity))
    return redirect("activities_manage:edit", activity.pk)


class EditView(StaffPermissionMixin, View):
    """One activity: the form while it can change, its facts otherwise, the organiser's note
    when it came back, and the organiser's decision while it awaits approval."""

    permission_required = VIEW_ACTIVITY

    def get_permission_object(self) -> object | None:
        self.activity = visible_activity(self.request, self.kwargs["pk"], VIEW_ACTIVITY)
        return self.activity

    def render_page(
        self, request: HttpRequest, form: ActivityForm | None = None, status: int = 200
    ) -> HttpResponse:
        activity = self.activity
        campaign = activity.campaign
        user = request.user
        may_change = user.has_perm(CHANGE_ACTIVITY, activity)
        if form is None and may_change:
            form = _activity_form(campaign, initial=activity_initial(activity))
        context = {
            "campaign": campaign,
            "unit": activity.unit,
            "activity": activity,
            "form": form if may_change else None,
            "may_submit": may_change and activity.state in SUBMITTABLE,
            "may_cancel": user.has_perm(CANCEL_ACTIVITY, activity),
            "may_review": user.has_perm(REVIEW_ACTIVITY, activity),
            "may_manage": user.has_perm(MANAGE_REGISTRATIONS, activity),
            "decision_form": DecisionForm(initial={"version": activity.version}),
            "rules": services.calendar_rules(campaign),
            "registration_states": WITH_REGISTRATIONS,
        }
        return render(request, "activities/manage/edit.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_page(request)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        activity = self.activity
        if not request.user.has_perm(CHANGE_ACTIVITY, activity):
            deny()
        form = _activity_form(activity.campaign, request.POST)
        if not form.is_valid():
            return self.render_page(request, form)
        try:
            activity = services.update_activity(
                activity=activity,
                actor=request.user,
                content=form.content(),
                version=form.cleaned_data["version"] or 0,
            )
        except services.ActivityConflict as conflict:
            # Shown over the activity as it is now; saving again overwrites that on purpose.
            self.activity.refresh_from_db()
            data = request.POST.copy()
            data["version"] = self.activity.version
            form = _activity_form(activity.campaign, data)
            form.is_valid()
            form.add_error(None, str(conflict))
            return self.render_page(request, form, status=409)
        except services.ActivityError as error:
            form.add_error(None, str(error))
            return self.render_page(request, form)
        if request.POST.get("then") == SUBMIT and activity.state in SUBMITTABLE:
            return _submit(request, activity)
        messages.success(request, _("“%(title)s” is saved.") % {"title": activity.title})
        return redirect("activities_manage:edit", activity.pk)


class SubmitView(StaffPermissionMixin, View):
    """Submit a draft or returned activity as it is (POST)."""

    permission_required = CHANGE_ACTIVITY

    def get_permission_object(self) -> object | None:
        self.activity = visible_activity(self.request, self.kwargs["pk"], CHANGE_ACTIVITY)
        return self.activity

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        default = reverse("activities_manage:edit", args=[pk])
        try:
            activity = services.submit_activity(
                activity=self.activity, actor=request.user, version=_version(request)
            )
        except services.ActivityError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _submitted_message(activity))
        return redirect(_back(request, default))


class CancelView(StaffPermissionMixin, View):
    """Call an activity off (POST); everyone registered is told."""

    permission_required = CANCEL_ACTIVITY

    def get_permission_object(self) -> object | None:
        self.activity = visible_activity(self.request, self.kwargs["pk"], CANCEL_ACTIVITY)
        return self.activity

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            activity = services.cancel_activity(
                activity=self.activity, actor=request.user, version=_version(request)
            )
        except services.ActivityError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("“%(title)s” is cancelled.") % {"title": activity.title})
        return redirect("activities_manage:edit", pk)


# ---------------------------------------------------------------------------------------------
# The organiser's approval


class ReviewView(StaffPermissionMixin, View):
    """活动审核: activities awaiting approval, oldest first, and the switch that asks for it."""

    permission_required = REVIEW_ACTIVITIES

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_page(request, current_campaign())

    def render_page(self, request: HttpRequest, campaign: Campaign | None) -> HttpResponse:
        context: dict[str, object] = {"campaign": campaign}
        if campaign is not None:
            rules = services.calendar_rules(campaign)
            pending = (
                Activity.objects.visible_to(request.user)
                .filter(campaign=campaign, state=ActivityState.PENDING)
                .select_related("unit", "unit__city")
                .order_by("updated_at", "pk")
            )
            context.update(
                rules=rules,
                pending=[
                    (activity, DecisionForm(initial={"version": activity.version}))
                    for activity in pending
                ],
                rules_form=(
                    CalendarRulesForm(initial={"approval_required": rules.approval_required})
                    if request.user.has_perm(CHANGE_CALENDAR_RULES)
                    else None
                ),
            )
        return render(request, "activities/manage/review.html", context)

    def post(self, request: HttpRequest) -> HttpResponse:
        """Switch approval on or off (the organiser's administrators only)."""
        campaign = current_campaign()
        if campaign is None or not request.user.has_perm(CHANGE_CALENDAR_RULES):
            deny()
        form = CalendarRulesForm(request.POST)
        form.is_valid()
        required = bool(form.cleaned_data.get("approval_required"))
        services.set_calendar_rules(
            campaign=campaign, actor=request.user, approval_required=required
        )
        if required:
            text = _("From now on, activities are public only once approved.")
        else:
            text = _("From now on, activities are public as soon as they are submitted.")
        messages.success(request, text)
        return redirect("activities_manage:review")


class DecideView(StaffPermissionMixin, View):
    """Approve an activity awaiting approval, or return it with a note (POST). One that another
    reviewer decided meanwhile gets the service's answer, not a 404."""

    permission_required = REVIEW_ACTIVITIES

    def get_permission_object(self) -> object | None:
        self.activity = visible_activity(self.request, self.kwargs["pk"], VIEW_ACTIVITY)
        return self.activity

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        activity = self.activity
        if activity.state == ActivityState.PENDING and not request.user.has_perm(
            REVIEW_ACTIVITY, activity
        ):
            deny()
        back = _back(request, reverse("activities_manage:review"))
        form = DecisionForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, _("%(title)s: choose to approve or to return.") % {"title": activity.title}
            )
            return redirect(back)
        data = form.cleaned_data
        try:
            if data["action"] == APPROVE:
                services.approve_activity(
                    activity=activity, actor=request.user, version=data["version"]
                )
                text = _("“%(title)s” is approved and published.")
            else:
                services.return_activity(
                    activity=activity,
                    actor=request.user,
                    version=data["version"],
                    note=data["note"],
                )
                text = _("“%(title)s” is returned to %(unit)s.")
        except services.ActivityError as error:
            messages.error(
                request, _("%(title)s: %(problem)s") % {"title": activity.title, "problem": error}
            )
            return redirect(back)
        messages.success(request, text % {"title": activity.title, "unit": activity.unit.name})
        return redirect(back)


# ---------------------------------------------------------------------------------------------
# Coverage


class CoverageView(StaffPermissionMixin, View):
    """活动覆盖: how many activities each city holds on each day, empty cells marked, and by kind."""

    permission_required = VIEW_COVERAGE

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign = current_campaign()
        form = CoverageForm(request.GET or None)
        include_drafts = bool(form.is_valid() and form.cleaned_data["include_drafts"])
        context: dict[str, object] = {"campaign": campaign, "form": form}
        if campaign is not None:
            coverage = queries.coverage(campaign, include_drafts=include_drafts)
            day_totals = [
                sum(column) for column in zip(*(row.counts for row in coverage.rows), strict=True)
            ]
            context.update(
                coverage=coverage,
                day_totals=day_totals,
                include_drafts=include_drafts,
                kinds_total=sum(count for _key, _label, count in coverage.by_kind),
                today=clock.now().astimezone(campaign.zone).date(),
            )
        return render(request, "activities/manage/coverage.html", context)
