"""The statistics table in the console: a unit fills in its return (in the browser or through the
Excel template) and submits it; reviewers see who has filed, confirm or send returns back, and a
city bureau submits its city's statistics to the province.

Returns are fetched through `StatReturn.objects.visible_to(user)`; a return or page the user may
not have answers 404. The window, the versions and the checks are the services' to enforce: the
pages show what the services would allow and say why when they refuse.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.forms import BoundField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from vocweek.campaigns.enums import Phase
from vocweek.campaigns.models import Campaign, Participation
from vocweek.campaigns.queries import current_campaign, participation_of
from vocweek.core import clock
from vocweek.core.views import StaffPermissionMixin, deny
from vocweek.orgs.models import Membership, Unit, membership_of
from vocweek.stats import queries, services
from vocweek.stats.definition import FieldDefinition, FormDefinition, form_of
from vocweek.stats.enums import ReturnState
from vocweek.stats.forms import (
    SUBMIT,
    ReturnForm,
    ReviewForm,
    SendBackForm,
    UploadForm,
    return_initial,
)
from vocweek.stats.models import StatReturn
from vocweek.stats.validation import from_json, validate_values
from vocweek.stats.xlsx import CellError, errors_by_cell, read_return, return_template

FILE_RETURNS = "stats.file_returns"
FILE_RETURN = "stats.file_return"
VIEW_RETURN = "stats.view_return"
VIEW_RETURNS = "stats.view_returns"
REVIEW_RETURN = "stats.review_return"
SUBMIT_CITY = "stats.submit_city"

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONFIRM = "confirm"
SEND_BACK = "send_back"
MISSING = "missing"
# Forms copied from the paper table often word their parts "其中：…" already, in any language.
LABELS_SAYING_OF_WHICH = ("其中",)


# ---------------------------------------------------------------------------------------------
# The table laid out for a page


@dataclass(frozen=True)
class ItemRow:
    """One item as the page shows it: its input (typed items being edited) or its value."""

    item: FieldDefinition
    field: BoundField | None
    value: object
    first_part: bool

    @property
    def is_part(self) -> bool:
        return bool(self.item.parent)

    @property
    def part_lead(self) -> str:
        """ "of which:" before the first part of a total, unless its label already says so."""
        if not self.first_part:
            return ""
        lead = (_("of which: %(item)s") % {"item": ""}).strip()  # as the Excel template says it
        prefixes = (lead.rstrip(":："), *LABELS_SAYING_OF_WHICH)
        return "" if self.item.label.startswith(prefixes) else lead

    @property
    def is_blank(self) -> bool:
        return self.value is None or self.value == ""


@dataclass(frozen=True)
class SectionRows:
    number: str
    title: str
    rows: list[ItemRow]


def table_rows(
    definition: FormDefinition,
    *,
    values: Mapping[str, object],
    derived: Mapping[str, int],
    form: ReturnForm | None = None,
) -> list[SectionRows]:
    """The form's sections and items in order; platform-filled items carry their live figure."""
    introduced: set[str] = set()
    sections = []
    for section in definition.sections:
        rows = []
        for item in section.fields:
            first_part = bool(item.parent) and item.parent not in introduced
            introduced.add(item.parent)
            editable = form is not None and item.is_typed
            rows.append(
                ItemRow(
                    item=item,
                    field=form[item.key] if editable else None,
                    value=derived.get(item.key) if item.source else values.get(item.key),
                    first_part=first_part,
                )
            )
        sections.append(SectionRows(number=section.number, title=section.title, rows=rows))
    return sections


def _derived(definition: FormDefinition, campaign: Campaign, unit: Unit) -> dict[str, int]:
    figures = queries.derived_figures(campaign, [unit.pk]).get(unit.pk, {})
    return queries.derived_by_key(definition, figures)


# ---------------------------------------------------------------------------------------------
# The unit's own return


@dataclass(frozen=True)
class Situation:
    """Where the unit's return stands now: what the page shows and the form may do."""

    campaign: Campaign
    definition: FormDefinition | None
    participation: Participation | None
    stat_return: StatReturn | None
    now: datetime

    @property
    def owes_statistics(self) -> bool:
        return self.participation is not None and self.participation.owes_statistics

    @property
    def phase(self) -> str:
        return self.campaign.phase_at(self.now)

    @property
    def not_open_yet(self) -> bool:
        return self.phase not in (Phase.STATISTICS_WINDOW, Phase.ARCHIVED)

    @property
    def closed(self) -> bool:
        return self.phase == Phase.ARCHIVED

    @property
    def can_edit(self) -> bool:
        if self.definition is None or not self.owes_statistics:
            return False
        if self.phase != Phase.STATISTICS_WINDOW:
            return False
        return self.stat_return is None or self.stat_return.state in services.EDITABLE_STATES


class _OwnReturn(StaffPermissionMixin, View):
    """The user's unit, checked for `stats.file_return`."""

    permission_required = FILE_RETURN

    def get_permission_object(self) -> object | None:
        self.membership: Membership | None = membership_of(self.request.user)
        return self.membership.unit if self.membership else None

    @property
    def unit(self) -> Unit:
        return self.membership.unit

    def situation(self, campaign: Campaign) -> Situation:
        return Situation(
            campaign=campaign,
            definition=form_of(campaign),
            participation=participation_of(campaign, self.unit),
            stat_return=StatReturn.objects.visible_to(self.request.user)
            .filter(campaign=campaign, unit=self.unit)
            .first(),
            now=clock.now(),
        )

    def render_page(
        self,
        request: HttpRequest,
        situation: Situation | None,
        *,
        form: ReturnForm | None = None,
        cell_errors: list[CellError] | None = None,
        upload_name: str = "",
        status: int = 200,
    ) -> HttpResponse:
        context: dict[str, object] = {"unit": self.unit, "situation": situation}
        definition = situation.definition if situation else None
        if situation is not None and definition is not None and situation.owes_statistics:
            stat_return = situation.stat_return
            stored = from_json(definition, stat_return.values or {}) if stat_return else {}
            if form is None and situation.can_edit:
                version = stat_return.version if stat_return else None
                form = ReturnForm(definition, initial=return_initial(definition, stored, version))
            context.update(
                definition=definition,
                stat_return=stat_return,
                form=form if situation.can_edit else None,
                sections=table_rows(
                    definition,
                    values=stored,
                    derived=_derived(definition, situation.campaign, self.unit),
                    form=form if situation.can_edit else None,
                ),
                upload_form=UploadForm() if situation.can_edit else None,
                cell_errors=cell_errors or [],
                upload_name=upload_name,
            )
        if situation is not None:
            context["campaign"] = situation.campaign
        return render(request, "stats/manage/mine.html", context, status=status)


class MyReturnView(_OwnReturn):
    """情况统计表: the unit saves its figures as a draft and submits them for review."""

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign = current_campaign()
        return self.render_page(request, self.situation(campaign) if campaign else None)

    def post(self, request: HttpRequest) -> HttpResponse:
        campaign = current_campaign()
        if campaign is None:
            deny()
        situation = self.situation(campaign)
        if situation.definition is None:
            deny()
        form = ReturnForm(situation.definition, request.POST)
        submitting = request.POST.get("action") == SUBMIT
        action = services.submit_return if submitting else services.save_return
        try:
            stat_return = action(
                campaign=campaign,
                unit=self.unit,
                raw=form.raw(),
                actor=request.user,
                version=form.version_seen(),
            )
        except services.StatsInvalid as invalid:
            form.show_errors(invalid.errors, summary=str(invalid))
            return self.render_page(request, situation, form=form)
        except services.StatsConflict as conflict:
            if not situation.can_edit:  # submitted meanwhile (another tab): nothing to retype
                messages.error(request, str(conflict))
                return redirect("stats:mine")
            # Shown with the figures as typed and the version as it is now: sending again wins.
            data = request.POST.copy()
            data["version"] = situation.stat_return.version if situation.stat_return else ""
            form = ReturnForm(situation.definition, data)
            form.show_errors({}, summary=str(conflict))
            return self.render_page(request, situation, form=form, status=409)
        except services.StatsError as error:
            messages.error(request, str(error))
            return redirect("stats:mine")
        if stat_return.state == ReturnState.SUBMITTED:
            messages.success(
                request,
                _("The statistics table of %(unit)s is submitted for review.")
                % {"unit": self.unit.name},
            )
        else:
            messages.success(request, _("Draft saved. Submit it when every figure is in."))
        return redirect("stats:mine")


class TemplateView(_OwnReturn):
    """The table as an Excel template for this unit, prefilled with its saved figures."""

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign = current_campaign()
        if campaign is None:
            deny()
        situation = self.situation(campaign)
        definition = situation.definition
        if definition is None or not situation.owes_statistics:
            deny()
        stat_return = situation.stat_return
        values: dict[str, object] = dict(stat_return.values or {}) if stat_return else {}
        values.update(_derived(definition, campaign, self.unit))
        content = return_template(
            definition, unit_name=self.unit.name, campaign_title=campaign.title, values=values
        )
        response = HttpResponse(content, content_type=XLSX)
        file_name = _("%(unit)s statistics table") % {"unit": self.unit.name}
        response["Content-Disposition"] = content_disposition_header(True, f"{file_name}.xlsx")
        response["X-Content-Type-Options"] = "nosniff"
        return response


class UploadView(_OwnReturn):
    """A filled template read back: all its figures saved as a draft, or none and the errors
    shown at their cells."""

    def post(self, request: HttpRequest) -> HttpResponse:
        campaign = current_campaign()
        if campaign is None:
            deny()
        situation = self.situation(campaign)
        definition = situation.definition
        if definition is None or not situation.can_edit:
            messages.error(request, _("The statistics table cannot be changed now."))
            return redirect("stats:mine")
        upload = UploadForm(request.POST, request.FILES)
        if not upload.is_valid():
            messages.error(request, _("Choose the filled-in Excel template to upload."))
            return redirect("stats:mine")
        workbook = upload.cleaned_data["workbook"]
        name = workbook.name or ""
        result = read_return(definition, workbook, name=name)
        if result.refused:
            messages.error(request, result.errors[0].message)
            return redirect("stats:mine")
        validated = validate_values(
            definition, result.raw, derived=_derived(definition, campaign, self.unit)
        )
        cell_errors = errors_by_cell(result, validated.errors)
        if cell_errors:
            return self.render_page(
                request, situation, cell_errors=cell_errors, upload_name=name, status=200
            )
        stat_return = situation.stat_return
        try:
            services.save_return(
                campaign=campaign,
                unit=self.unit,
                raw=result.raw,
                actor=request.user,
                version=stat_return.version if stat_return else None,
            )
        except services.StatsInvalid as invalid:
            errors = [CellError(cell="", key=key, message=m) for key, m in invalid.errors.items()]
            return self.render_page(request, situation, cell_errors=errors, upload_name=name)
        except services.StatsError as error:
            messages.error(request, str(error))
            return redirect("stats:mine")
        messages.success(
            request,
            _("The figures from %(file)s are saved as a draft; check them and submit.")
            % {"file": name},
        )
        return redirect("stats:mine")


# ---------------------------------------------------------------------------------------------
# Reviewers


@dataclass(frozen=True)
class ReturnLine:
    """One owing unit of the list: its row, the state shown, and whether the viewer reviews it."""

    unit_name: str
    state: str
    state_label: str
    return_id: int | None
    submitted_at: datetime | None
    can_open: bool
    can_review: bool


def _state_label(state: str) -> str:
    if state == MISSING:
        return _("not started")
    return str(ReturnState(state).label)


class ReturnsView(StaffPermissionMixin, View):
    """情况统计表填报情况: the owing units below the reviewer and where their returns stand."""

    permission_required = VIEW_RETURNS

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign = current_campaign()
        membership = membership_of(request.user)
        context: dict[str, object] = {"campaign": campaign, "unit": membership.unit}
        if campaign is not None:
            rows = queries.returns_below(campaign, membership.unit)
            visible = {
                stat_return.pk: stat_return
                for stat_return in StatReturn.objects.visible_to(request.user)
                .filter(pk__in=[row.return_id for row in rows if row.return_id])
                .select_related("unit")
            }
            lines = []
            for row in rows:
                stat_return = visible.get(row.return_id) if row.return_id else None
                state = row.state or MISSING
                lines.append(
                    ReturnLine(
                        unit_name=row.unit_name,
                        state=state,
                        state_label=_state_label(state),
                        return_id=row.return_id,
                        submitted_at=row.submitted_at,
                        can_open=stat_return is not None,
                        can_review=stat_return is not None
                        and stat_return.state == ReturnState.SUBMITTED
                        and request.user.has_perm(REVIEW_RETURN, stat_return),
                    )
                )
            counts = {state: 0 for state in [*ReturnState.values, MISSING]}
            for line in lines:
                counts[line.state] += 1
            context.update(
                definition=form_of(campaign),
                lines=lines,
                counts=[(state, _state_label(state), counts[state]) for state in counts],
                owing=len(lines),
                can_submit_city=request.user.has_perm(SUBMIT_CITY, membership.unit),
                city_submission=queries.city_submission(campaign, membership.unit),
            )
        return render(request, "stats/manage/returns.html", context)


class ReturnView(StaffPermissionMixin, View):
    """One unit's return, read-only, with confirm and send back for its reviewer."""

    permission_required = VIEW_RETURN

    def get_permission_object(self) -> object | None:
        self.stat_return = (
            StatReturn.objects.visible_to(self.request.user)
            .select_related("campaign", "unit")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if self.stat_return is None:
            deny()
        return self.stat_return

    def render_page(
        self, request: HttpRequest, *, send_back_form: SendBackForm | None = None, status=200
    ) -> HttpResponse:
        stat_return = self.stat_return
        campaign = stat_return.campaign
        definition = form_of(campaign)
        can_review = request.user.has_perm(REVIEW_RETURN, stat_return)
        context: dict[str, object] = {
            "campaign": campaign,
            "stat_return": stat_return,
            "definition": definition,
            "can_confirm": can_review and stat_return.state == ReturnState.SUBMITTED,
            "can_send_back": can_review
            and stat_return.state in (ReturnState.SUBMITTED, ReturnState.CONFIRMED),
        }
        if definition is not None:
            context["sections"] = table_rows(
                definition,
                values=from_json(definition, stat_return.values or {}),
                derived=_derived(definition, campaign, stat_return.unit),
            )
        if context["can_confirm"]:
            context["confirm_form"] = ReviewForm(initial={"version": stat_return.version})
        if context["can_send_back"]:
            context["send_back_form"] = send_back_form or SendBackForm(
                initial={"version": stat_return.version}
            )
        return render(request, "stats/manage/return.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_page(request)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        stat_return = self.stat_return
        if not request.user.has_perm(REVIEW_RETURN, stat_return):
            deny()
        action = request.POST.get("action")
        try:
            if action == CONFIRM:
                form = ReviewForm(request.POST)
                if not form.is_valid():
                    deny()
                services.confirm_return(
                    stat_return=stat_return,
                    actor=request.user,
                    version=form.cleaned_data["version"],
                )
                messages.success(
                    request,
                    _("The return of %(unit)s is confirmed.") % {"unit": stat_return.unit.name},
                )
                return redirect("stats:returns")
            if action == SEND_BACK:
                form = SendBackForm(request.POST)
                if not form.is_valid():
                    return self.render_page(request, send_back_form=form)
                services.send_back_return(
                    stat_return=stat_return,
                    actor=request.user,
                    version=form.cleaned_data["version"],
                    note=form.cleaned_data["note"],
                )
                messages.success(
                    request,
                    _("The return of %(unit)s is sent back for changes.")
                    % {"unit": stat_return.unit.name},
                )
                return redirect("stats:returns")
        except services.StatsError as error:
            messages.error(request, str(error))
            return redirect("stats:return", pk=stat_return.pk)
        deny()


class SubmitCityView(StaffPermissionMixin, View):
    """The city bureau sends its city's statistics to the province."""

    permission_required = SUBMIT_CITY

    def get_permission_object(self) -> object | None:
        membership = membership_of(self.request.user)
        return membership.unit if membership else None

    def post(self, request: HttpRequest) -> HttpResponse:
        campaign = current_campaign()
        if campaign is None:
            deny()
        city = self.permission_object
        try:
            services.submit_city(campaign=campaign, city=city, actor=request.user)
        except services.StatsError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("The statistics of %(city)s are submitted to the province.")
                % {"city": city.name},
            )
        return redirect("stats:returns")
