"""The unit's side of information reporting: its reports of the week, the report form, one report.

Reports are always fetched through `Report.objects.visible_to(user)`; a report the user may not
see answers 404. A report the user sees but may no longer change (a reviewer acted first) gets a
message saying so instead. On save the text is kept first, then each file on its own: one
rejected file never loses the report or the other files.
"""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from vocweek.campaigns.models import Campaign
from vocweek.campaigns.queries import current_campaign, participation_of
from vocweek.core.uploads import UploadRejected, display_name
from vocweek.core.views import StaffPermissionMixin, deny
from vocweek.orgs.models import Membership, membership_of
from vocweek.reports import services
from vocweek.reports.enums import MediaKind
from vocweek.reports.forms import MediaEditForm, ReportForm, initial_for
from vocweek.reports.media import add_media, remove_media, update_captions_and_order
from vocweek.reports.models import Report
from vocweek.reports.unit_queries import (
    late_filing_days,
    report_history,
    report_with_media,
    reporting_today,
    unit_reports,
)

FILE_REPORTS = "reports.file_reports"
ADD_REPORT = "reports.add_report"
VIEW_REPORT = "reports.view_report"
CHANGE_REPORT = "reports.change_report"
SUBMIT_REPORT = "reports.submit_report"
WITHDRAW_REPORT = "reports.withdraw_report"

FILE_FIELD = "photos"
SUBMIT_ACTION = "submit"


def _visible_report(request: HttpRequest, pk: int) -> Report:
    """The report if the user may see it, with media and history; otherwise 404."""
    report = report_with_media(Report.objects.visible_to(request.user), pk)
    if report is None or not request.user.has_perm(VIEW_REPORT, report):
        deny()
    return report


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0


class _DayRefused(Exception):
    """The posted late-filing day is not one the unit may still file for."""


def _for_day(request: HttpRequest, report: Report) -> date | None:
    """The late-filing day posted with a first submission; None for today.

    Raises _DayRefused if the day is no longer open (a report for it was filed meanwhile).
    """
    value = request.POST.get("for_day") or ""
    if not value or report.submitted_at is not None:
        return None
    allowed = {day.isoformat(): day for day in late_filing_days(report.campaign, report.unit)}
    if value not in allowed:
        raise _DayRefused
    return allowed[value]


def _refused(request: HttpRequest, report: Report, action: str) -> HttpResponse:
    """The user may see the report but no longer do `action` to it: say why, show the report."""
    sentences = {
        CHANGE_REPORT: _("“%(title)s” is now “%(state)s” and can no longer be changed."),
        SUBMIT_REPORT: _("“%(title)s” is now “%(state)s” and cannot be submitted."),
        WITHDRAW_REPORT: _("“%(title)s” is now “%(state)s” and can no longer be withdrawn."),
    }
    messages.error(
        request,
        sentences[action] % {"title": report.title, "state": report.get_state_display()},
    )
    return redirect("reports:report_detail", pk=report.pk)


def _add_files(request: HttpRequest, report: Report) -> list[str]:
    """Add each uploaded file on its own; return the names of the files that were refused."""
    refused: list[str] = []
    uploads: list[UploadedFile] = request.FILES.getlist(FILE_FIELD)
    for upload in uploads:
        name = display_name(upload.name)
        try:
            add_media(report=report, upload=upload, caption="", actor=request.user)
        except (UploadRejected, services.ReportError) as error:
            refused.append(name)
            message = str(getattr(error, "message", "") or error)
            if name not in message:
                message = _("%(name)s: %(problem)s") % {"name": name, "problem": message}
            messages.error(request, message)
    added = len(uploads) - len(refused)
    if added:
        messages.success(
            request,
            ngettext(
                "%(count)s file added; it appears once it is processed.",
                "%(count)s files added; they appear once they are processed.",
                added,
            )
            % {"count": added},
        )
    return refused


def _finish(
    request: HttpRequest, report: Report, *, submit: bool, for_day: date | None, refused: list[str]
) -> HttpResponse:
    """After the text and files are saved: submit if asked, then show where the report stands."""
    if not submit:
        messages.success(request, _("The draft “%(title)s” is saved.") % {"title": report.title})
        if refused:
            return redirect("reports:report_edit", pk=report.pk)
        return redirect("reports:report_detail", pk=report.pk)
    if refused:
        messages.warning(
            request,
            _(
                "“%(title)s” is saved but not submitted, because a file was refused. Check the "
                "files, then submit again."
            )
            % {"title": report.title},
        )
        return redirect("reports:report_edit", pk=report.pk)
    return _submit(request, report, for_day=for_day, version=None)


def _submit(
    request: HttpRequest, report: Report, *, for_day: date | None, version: int | None
) -> HttpResponse:
    """Submit through the service; its refusal is shown as the message it gives."""
    fresh = Report.objects.visible_to(request.user).get(pk=report.pk)
    try:
        submitted = services.submit_report(
            report=fresh,
            actor=request.user,
            version=fresh.version if version is None else version,
            for_day=for_day,
        )
    except services.ReportError as error:
        messages.error(request, str(error))
        if fresh.is_editable and request.user.has_perm(CHANGE_REPORT, fresh):
            return redirect("reports:report_edit", pk=report.pk)
        return redirect("reports:report_detail", pk=report.pk)
    number = submitted.campaign.day_number(submitted.day) if submitted.day else None
    if number and submitted.is_late:
        text = _("“%(title)s” is submitted late, for day %(number)s of the week.")
    elif number:
        text = _("“%(title)s” is submitted; it counts for day %(number)s of the week.")
    else:
        text = _("“%(title)s” is submitted.")
    messages.success(request, text % {"title": submitted.title, "number": number})
    return redirect("reports:report_detail", pk=report.pk)


class MyReportsView(StaffPermissionMixin, View):
    """信息报送: the unit's reports of the current week, by day, with what today still needs."""

    permission_required = FILE_REPORTS

    def get(self, request: HttpRequest) -> HttpResponse:
        membership = membership_of(request.user)
        campaign = current_campaign()
        context: dict[str, object] = {"campaign": campaign, "membership": membership}
        if campaign is not None and membership is not None:
            participation = participation_of(campaign, membership.unit)
            context.update(
                overview=unit_reports(request.user, campaign, membership.unit),
                owes_daily_reports=bool(participation and participation.owes_daily_reports),
                can_add=request.user.has_perm(ADD_REPORT, membership.unit),
                today=reporting_today(campaign),
            )
        return render(request, "reports/manage/unit_list.html", context)


class _ReportFormMixin:
    """What the new and edit pages share: the forms and the page around them."""

    template_name = "reports/manage/unit_form.html"

    def render_form(
        self,
        request: HttpRequest,
        *,
        campaign: Campaign,
        form: ReportForm,
        report: Report | None = None,
        media_form: MediaEditForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                "campaign": campaign,
                "form": form,
                "report": report,
                "media_form": media_form,
                "file_field": FILE_FIELD,
                "limits": {
                    "photo": settings.VOCWEEK_MAX_PHOTO_BYTES,
                    "video": settings.VOCWEEK_MAX_VIDEO_BYTES,
                },
                "submit_action": SUBMIT_ACTION,
            },
            status=status,
        )

    @staticmethod
    def files_lost(request: HttpRequest) -> None:
        if request.FILES.getlist(FILE_FIELD):
            messages.warning(
                request,
                _("The files you chose were not uploaded; correct the form and add them again."),
            )


class ReportNewView(_ReportFormMixin, StaffPermissionMixin, View):
    """写报送: a new report of the user's unit in the current campaign."""

    permission_required = ADD_REPORT

    def get_permission_object(self) -> object | None:
        self.membership: Membership | None = membership_of(self.request.user)
        return self.membership.unit if self.membership else None

    def dispatch(self, request, *args, **kwargs):
        self.campaign = current_campaign()
        return super().dispatch(request, *args, **kwargs)

    def _form(self, request: HttpRequest, data=None) -> ReportForm:
        late_days = late_filing_days(self.campaign, self.membership.unit)
        initial = {}
        wanted = request.GET.get("for_day", "")
        if wanted in {day.isoformat() for day in late_days}:
            initial["for_day"] = wanted
        return ReportForm(data, campaign=self.campaign, late_days=late_days, initial=initial)

    def get(self, request: HttpRequest) -> HttpResponse:
        if self.campaign is None:
            messages.info(request, _("No activity week has been set up yet."))
            return redirect("reports:my_reports")
        return self.render_form(request, campaign=self.campaign, form=self._form(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        if self.campaign is None:
            deny()
        form = self._form(request, request.POST)
        if not form.is_valid():
            self.files_lost(request)
            return self.render_form(request, campaign=self.campaign, form=form)
        report = services.create_report(
            campaign=self.campaign,
            unit=self.membership.unit,
            author=request.user,
            content=form.content(),
        )
        refused = _add_files(request, report)
        return _finish(
            request,
            report,
            submit=request.POST.get("action") == SUBMIT_ACTION,
            for_day=form.cleaned_data.get("for_day"),
            refused=refused,
        )


class ReportEditView(_ReportFormMixin, StaffPermissionMixin, View):
    """修改报送: change a draft or a returned report, its files, captions and order."""

    permission_required = VIEW_REPORT

    def get_permission_object(self) -> object | None:
        self.report = _visible_report(self.request, self.kwargs["pk"])
        return self.report

    def _forms(self, report: Report, data=None) -> tuple[ReportForm, MediaEditForm]:
        late_days = (
            late_filing_days(report.campaign, report.unit) if not report.submitted_at else []
        )
        form = ReportForm(
            data, campaign=report.campaign, late_days=late_days, initial=initial_for(report)
        )
        media_form = MediaEditForm(data, media=list(report.media.all()))
        return form, media_form

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self.report
        if not request.user.has_perm(CHANGE_REPORT, report):
            return _refused(request, report, CHANGE_REPORT)
        form, media_form = self._forms(report)
        return self.render_form(
            request, campaign=report.campaign, form=form, report=report, media_form=media_form
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self.report
        if not request.user.has_perm(CHANGE_REPORT, report):
            return _refused(request, report, CHANGE_REPORT)
        form, media_form = self._forms(report, request.POST)
        if not (form.is_valid() and media_form.is_valid()):
            self.files_lost(request)
            return self.render_form(
                request, campaign=report.campaign, form=form, report=report, media_form=media_form
            )
        try:
            report = services.update_report(
                report=report,
                actor=request.user,
                content=form.content(),
                version=form.cleaned_data["version"] or 0,
            )
        except services.ReportConflict as conflict:
            messages.error(request, str(conflict))
            self.files_lost(request)
            return self.render_form(
                request,
                campaign=report.campaign,
                form=form,
                report=report,
                media_form=media_form,
                status=409,
            )
        self._change_media(request, report, media_form)
        refused = _add_files(request, report)
        return _finish(
            request,
            report,
            submit=request.POST.get("action") == SUBMIT_ACTION,
            for_day=form.cleaned_data.get("for_day"),
            refused=refused,
        )

    @staticmethod
    def _change_media(request: HttpRequest, report: Report, media_form: MediaEditForm) -> None:
        try:
            for item in media_form.removed():
                remove_media(media=item, actor=request.user)
            if media_form.reorders_or_recaptions():
                update_captions_and_order(
                    report=report,
                    captions=media_form.captions(),
                    order=media_form.order(),
                    actor=request.user,
                )
        except services.ReportError as error:
            messages.error(request, str(error))


class ReportDetailView(StaffPermissionMixin, View):
    """One report as its unit (or a reviewer) sees it: text, media, state, day and history."""

    permission_required = VIEW_REPORT

    def get_permission_object(self) -> object | None:
        self.report = _visible_report(self.request, self.kwargs["pk"])
        return self.report

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self.report
        user = request.user
        can_submit = user.has_perm(SUBMIT_REPORT, report)
        late_days = (
            late_filing_days(report.campaign, report.unit)
            if can_submit and report.submitted_at is None
            else []
        )
        media = list(report.media.all())
        return render(
            request,
            "reports/manage/unit_detail.html",
            {
                "report": report,
                "campaign": report.campaign,
                "day_number": report.campaign.day_number(report.day) if report.day else None,
                "photos": [item for item in media if item.kind == MediaKind.PHOTO],
                "videos": [item for item in media if item.kind == MediaKind.VIDEO],
                "history": report_history(report),
                "can_change": user.has_perm(CHANGE_REPORT, report),
                "can_submit": can_submit,
                "can_withdraw": user.has_perm(WITHDRAW_REPORT, report),
                "late_form": ReportForm(campaign=report.campaign, late_days=late_days)
                if late_days
                else None,
            },
        )


class ReportSubmitView(StaffPermissionMixin, View):
    """报送: file a draft or a corrected returned report (POST only)."""

    permission_required = VIEW_REPORT

    def get_permission_object(self) -> object | None:
        self.report = _visible_report(self.request, self.kwargs["pk"])
        return self.report

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self.report
        if not request.user.has_perm(SUBMIT_REPORT, report):
            return _refused(request, report, SUBMIT_REPORT)
        try:
            for_day = _for_day(request, report)
        except _DayRefused:
            messages.error(
                request,
                _("That day already has a report or cannot be filed for; nothing was submitted."),
            )
            return redirect("reports:report_detail", pk=report.pk)
        return _submit(request, report, for_day=for_day, version=_version(request))


class ReportWithdrawView(StaffPermissionMixin, View):
    """撤回: take back a submitted report no reviewer has acted on (POST only)."""

    permission_required = VIEW_REPORT

    def get_permission_object(self) -> object | None:
        self.report = _visible_report(self.request, self.kwargs["pk"])
        return self.report

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self.report
        if not request.user.has_perm(WITHDRAW_REPORT, report):
            return _refused(request, report, WITHDRAW_REPORT)
        try:
            report = services.withdraw_report(
                report=report, actor=request.user, version=_version(request)
            )
        except services.ReportError as error:
            messages.error(request, str(error))
            return redirect("reports:report_detail", pk=report.pk)
        messages.success(
            request,
            _("“%(title)s” is withdrawn and back to a draft; it counts for no day now.")
            % {"title": report.title},
        )
        return redirect("reports:report_detail", pk=report.pk)
