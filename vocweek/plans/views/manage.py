"""Activity plans in the console: the unit files and replaces its plan; reviewers see who has
filed, who is late and who is missing, download the documents and the list of topic websites.

Plans are fetched through `ActivityPlan.objects.visible_to(user)`; a plan, page or download the
user may not have answers 404. The deadline and the lock after it are the service's to enforce:
the page only shows what the service would allow, and says why when it refuses.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from vocweek.campaigns.models import Campaign, Liaison, Participation
from vocweek.campaigns.queries import current_campaign, participation_of
from vocweek.core import clock
from vocweek.core.documents import ACCEPTED
from vocweek.core.uploads import UploadRejected
from vocweek.core.views import StaffPermissionMixin, deny
from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import Membership, membership_of
from vocweek.plans import exports, services
from vocweek.plans.forms import OverviewFilterForm, PlanForm, ReopenForm, plan_initial
from vocweek.plans.models import ActivityPlan
from vocweek.plans.queries import PlanRow, current_liaison, plan_counts, plan_of, plan_rows

FILE_PLAN = "plans.file_plan"
VIEW_PLAN = "plans.view_plan"
VIEW_OVERVIEW = "plans.view_overview"
REOPEN_PLAN = "plans.reopen_plan"

ROWS_PER_PAGE = 100
REOPEN_DAYS = 3
CLOSE_ACTION = "close"
CONTENT_TYPES = {document_type.suffix: document_type.content_type for document_type in ACCEPTED}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _visible_plan(request: HttpRequest, pk: int) -> ActivityPlan:
    """The plan if the user may see it (with campaign and unit); otherwise 404."""
    plan = (
        ActivityPlan.objects.visible_to(request.user)
        .select_related("campaign", "unit")
        .filter(pk=pk)
        .first()
    )
    if plan is None or not request.user.has_perm(VIEW_PLAN, plan):
        deny()
    return plan


def _attachment(response: HttpResponse, file_name: str) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------------------------------------
# The unit's own plan


@dataclass(frozen=True)
class Situation:
    """Where the unit's plan stands now: what the page shows and the form may do."""

    campaign: Campaign
    participation: Participation | None
    plan: ActivityPlan | None
    now: datetime

    @property
    def owes_plan(self) -> bool:
        return self.participation is not None and self.participation.owes_plan

    @property
    def not_open_yet(self) -> bool:
        return self.now < self.campaign.opens_at

    @property
    def past_deadline(self) -> bool:
        return self.now >= self.campaign.plan_deadline

    @property
    def reopened_until(self) -> datetime | None:
        """Until when the organiser reopened the filed plan, while that lasts."""
        until = self.plan.reopened_until if self.plan else None
        return until if until and self.now < until and self.past_deadline else None

    @property
    def can_file(self) -> bool:
        """A first filing (late after the deadline) or a replacement while the plan is open."""
        if not self.owes_plan or self.not_open_yet:
            return False
        return self.plan is None or services.is_open_for_changes(self.plan, self.now)


class MyPlanView(StaffPermissionMixin, View):
    """活动方案: the unit files its plan, topic website and liaison, and replaces them until the
    deadline (or while the organiser reopened them)."""

    permission_required = FILE_PLAN
    template_name = "plans/manage/mine.html"

    def get_permission_object(self) -> object | None:
        self.membership: Membership | None = membership_of(self.request.user)
        return self.membership.unit if self.membership else None

    def situation(self, campaign: Campaign) -> Situation:
        unit = self.membership.unit
        return Situation(
            campaign=campaign,
            participation=participation_of(campaign, unit),
            plan=plan_of(campaign, unit),
            now=clock.now(),
        )

    def render_page(
        self,
        request: HttpRequest,
        situation: Situation | None,
        form: PlanForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        context: dict[str, object] = {
            "unit": self.membership.unit,
            "situation": situation,
            "max_document_bytes": settings.VOCWEEK_MAX_DOCUMENT_BYTES,
        }
        if situation is not None:
            plan = situation.plan
            if form is None and situation.can_file:
                liaison = current_liaison(situation.campaign, self.membership.unit)
                form = PlanForm(document_required=plan is None, initial=plan_initial(plan, liaison))
            context.update(campaign=situation.campaign, plan=plan, form=form)
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign = current_campaign()
        return self.render_page(request, self.situation(campaign) if campaign else None)

    def post(self, request: HttpRequest) -> HttpResponse:
        campaign = current_campaign()
        if campaign is None:
            deny()
        situation = self.situation(campaign)
        form = PlanForm(request.POST, request.FILES, document_required=situation.plan is None)
        if not form.is_valid():
            self._document_lost(request, form)
            return self.render_page(request, situation, form)
        document: UploadedFile | None = form.cleaned_data["document"]
        try:
            plan = services.file_plan(
                campaign=campaign,
                unit=self.membership.unit,
                content=form.content(),
                document=document,
                liaison=form.liaison(),
                actor=request.user,
                version=form.cleaned_data["version"],
            )
        except UploadRejected as rejected:
            form.add_error("document", rejected.message)
            return self.render_page(request, situation, form)
        except services.PlanConflict as conflict:
            # Shown with the plan as it is now; sending the form again replaces that on purpose.
            data = request.POST.copy()
            data["version"] = situation.plan.version if situation.plan else ""
            form = PlanForm(data, document_required=situation.plan is None)
            form.is_valid()
            form.add_error(None, str(conflict))
            self._document_lost(request, form, document)
            return self.render_page(request, situation, form, status=409)
        except services.PlanError as error:
            messages.error(request, str(error))
            return redirect("plans:mine")
        messages.success(request, self._filed_message(plan, replaced=situation.plan is not None))
        return redirect("plans:mine")

    @staticmethod
    def _filed_message(plan: ActivityPlan, *, replaced: bool) -> str:
        if replaced:
            return _("The activity plan of %(unit)s is replaced.") % {"unit": plan.unit.name}
        if plan.is_late:
            return _(
                "The activity plan of %(unit)s is filed, after the deadline: it counts as late."
            ) % {"unit": plan.unit.name}
        return _("The activity plan of %(unit)s is filed on time.") % {"unit": plan.unit.name}

    @staticmethod
    def _document_lost(
        request: HttpRequest, form: PlanForm, document: UploadedFile | None = None
    ) -> None:
        chosen = document or request.FILES.get("document")
        if chosen is not None and not form.has_error("document"):
            messages.warning(
                request,
                _("The document you chose was not saved; choose it again before sending the form."),
            )


class DocumentView(StaffPermissionMixin, View):
    """A plan's document, as an attachment named after its unit, never shown inline."""

    permission_required = VIEW_PLAN

    def get_permission_object(self) -> object | None:
        self.plan = _visible_plan(self.request, self.kwargs["pk"])
        return self.plan

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = self.plan
        content_type = CONTENT_TYPES.get(plan.document_suffix)
        if not plan.document.name or content_type is None:
            deny()
        try:
            stored = plan.document.storage.open(plan.document.name, "rb")
        except OSError:
            deny()
        response = FileResponse(stored, content_type=content_type)
        return _attachment(response, exports.document_file_name(plan.unit, plan.document_suffix))


# ---------------------------------------------------------------------------------------------
# Reviewers: the overview and the downloads


@dataclass(frozen=True)
class OverviewLine:
    """One unit of the overview: its row, group, latest liaison and what the viewer may do."""

    row: PlanRow
    city_name: str
    liaison: Liaison | None
    reopen_form: ReopenForm | None
    reopened_until: datetime | None


class _Scoped(StaffPermissionMixin, View):
    """The current campaign and the plan rows below the reviewer, with the chosen filters."""

    permission_required = VIEW_OVERVIEW

    def scope(
        self, request: HttpRequest
    ) -> tuple[Campaign | None, list[PlanRow], list[PlanRow], OverviewFilterForm | None]:
        """(campaign, rows of the chosen city, rows also of the chosen standing, filter form)."""
        campaign = current_campaign()
        if campaign is None:
            return None, [], [], None
        own_unit = membership_of(request.user).unit
        rows = plan_rows(campaign, below=own_unit)
        cities = exports.city_choices(rows) if own_unit.kind != UnitKind.CITY else None
        form = OverviewFilterForm(request.GET or None, cities=cities)
        standing, city = form.chosen()
        if city:
            rows = [row for row in rows if row.city.key == city]
        shown = [row for row in rows if row.standing == standing] if standing else rows
        return campaign, rows, shown, form


class OverviewView(_Scoped):
    """活动方案报送情况: owed, on time, late and missing, then a unit a row."""

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign, rows, shown, form = self.scope(request)
        context: dict[str, object] = {"campaign": campaign, "filter_form": form}
        if campaign is not None:
            now = clock.now()
            page = Paginator(shown, ROWS_PER_PAGE).get_page(request.GET.get("page"))
            context.update(
                counts=plan_counts(rows),
                page=page,
                lines=[self._line(request, campaign, row, now) for row in page],
                now=now,
                past_deadline=now >= campaign.plan_deadline,
            )
        return render(request, "plans/manage/overview.html", context)

    @staticmethod
    def _line(
        request: HttpRequest, campaign: Campaign, row: PlanRow, now: datetime
    ) -> OverviewLine:
        plan = row.plan
        reopen_form = None
        reopened_until = None
        if (
            plan is not None
            and now >= campaign.plan_deadline
            and request.user.has_perm(REOPEN_PLAN, plan)
        ):
            if plan.reopened_until and plan.reopened_until > now:
                reopened_until = plan.reopened_until
            else:
                default = (now + timedelta(days=REOPEN_DAYS)).astimezone(campaign.zone)
                reopen_form = ReopenForm(
                    zone=campaign.zone,
                    zone_label=campaign.zone_label,
                    initial={"until": default.replace(second=0, microsecond=0)},
                    auto_id=f"id_reopen_{plan.pk}_%s",
                )
        return OverviewLine(
            row=row,
            city_name=row.city.name,
            liaison=exports.latest_liaison(row),
            reopen_form=reopen_form,
            reopened_until=reopened_until,
        )


class ReopenView(StaffPermissionMixin, View):
    """重新开放: let a unit replace its filed plan after the deadline until a moment; or close it
    again (POST only)."""

    permission_required = REOPEN_PLAN

    def get_permission_object(self) -> object | None:
        self.plan = _visible_plan(self.request, self.kwargs["pk"])
        return self.plan

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = self.plan
        campaign = plan.campaign
        until = None
        if request.POST.get("action") != CLOSE_ACTION:
            form = ReopenForm(request.POST, zone=campaign.zone, zone_label=campaign.zone_label)
            if not form.is_valid():
                messages.error(
                    request,
                    _("%(unit)s: enter the moment until which the plan is reopened.")
                    % {"unit": plan.unit.name},
                )
                return redirect(self._back(request))
            until = form.cleaned_data["until"]
        try:
            services.reopen_plan(plan=plan, until=until, actor=request.user)
        except services.PlanError as error:
            messages.error(
                request, _("%(unit)s: %(problem)s") % {"unit": plan.unit.name, "problem": error}
            )
            return redirect(self._back(request))
        if until is None:
            text = _("The plan of %(unit)s is closed again.") % {"unit": plan.unit.name}
        else:
            text = _("%(unit)s may replace its plan until %(moment)s (%(zone)s).") % {
                "unit": plan.unit.name,
                "moment": f"{until.astimezone(campaign.zone):%Y-%m-%d %H:%M}",
                "zone": campaign.zone_label,
            }
        messages.success(request, text)
        return redirect(self._back(request))

    @staticmethod
    def _back(request: HttpRequest) -> str:
        """The overview as it was (its filters and page), never another site."""
        back = request.POST.get("next", "")
        overview = reverse("plans:overview")
        if back.startswith(overview) and url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return back
        return overview


def _export_name(campaign: Campaign, what: str, suffix: str) -> str:
    moment = clock.now().astimezone(campaign.zone)
    return f"{what}-{campaign.slug}-{moment:%Y%m%d-%H%M}{suffix}"


class ZipView(_Scoped):
    """Every filed plan document below the reviewer (with the page's filters) in one ZIP."""

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign, _rows, shown, _form = self.scope(request)
        if campaign is None:
            deny()
        entries = exports.zip_entries(shown, campaign.zone)
        response = StreamingHttpResponse(
            exports.stream_zip(entries), content_type="application/zip"
        )
        return _attachment(response, _export_name(campaign, "plans", ".zip"))


class WorkbookView(_Scoped):
    """The topic websites and liaisons below the reviewer (with the page's filters) in Excel."""

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign, _rows, shown, _form = self.scope(request)
        if campaign is None:
            deny()
        content = exports.plans_workbook(
            shown,
            title=campaign.title,
            as_of=clock.now(),
            zone=campaign.zone,
            zone_label=campaign.zone_label,
        )
        response = HttpResponse(content, content_type=XLSX)
        return _attachment(response, _export_name(campaign, "topic-websites", ".xlsx"))
