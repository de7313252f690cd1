"""Staff pages for the roster: upload → preview → import → result, and the Excel export.

The uploaded file is kept under var/imports by a random token held in the session (never a path
from the client) and deleted once imported. The preview tries the import in a transaction that
is rolled back, so it shows exactly what the import will do.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from vocweek.campaigns.forms import RosterExportForm, RosterUploadForm
from vocweek.campaigns.queries import current_campaign
from vocweek.campaigns.roster.exports import roster_workbook
from vocweek.campaigns.roster.queries import (
    accounts_awaiting_activation,
    campaign_by_pk,
    roster_lines,
)
from vocweek.campaigns.roster.reading import RosterError
from vocweek.campaigns.roster.service import (
    RosterInvalid,
    activation_links,
    import_roster,
    preview_import,
    send_activation_links,
)
from vocweek.campaigns.roster.uploads import (
    KeptUpload,
    discard_upload,
    keep_upload,
    read_upload,
)
from vocweek.core.views import StaffPermissionMixin, deny
from vocweek.orgs.queries import province_root

IMPORT_PERMISSION = "campaigns.import_roster"
EXPORT_PERMISSION = "campaigns.export_roster"
UPLOAD_KEY = "campaigns.roster_upload"
RESULT_KEY = "campaigns.roster_result"
EXPORT_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


class RosterImportView(StaffPermissionMixin, View):
    """导入单位: upload a roster and choose the campaign its units take part in."""

    permission_required = IMPORT_PERMISSION

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign = current_campaign()
        form = RosterUploadForm(initial={"campaign": campaign.pk if campaign else None})
        return render(request, "campaigns/manage/roster_import.html", {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = RosterUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "campaigns/manage/roster_import.html", {"form": form})
        previous = KeptUpload.from_session(request.session.get(UPLOAD_KEY))
        if previous is not None:
            discard_upload(previous)
        campaign = form.cleaned_data["campaign"]
        upload = keep_upload(
            uploaded=form.cleaned_data["file"], campaign_id=campaign.pk if campaign else None
        )
        request.session[UPLOAD_KEY] = upload.as_session()
        return redirect("campaigns:roster_preview")


def _kept_roster(request: HttpRequest) -> tuple[KeptUpload, bytes] | None:
    """The upload this session is working on and its bytes, or None (then say so)."""
    upload = KeptUpload.from_session(request.session.get(UPLOAD_KEY))
    data = read_upload(upload) if upload is not None else None
    if upload is None or data is None:
        request.session.pop(UPLOAD_KEY, None)
        messages.warning(request, _("There is no roster waiting to be imported; upload it again."))
        return None
    return upload, data


class RosterPreviewView(StaffPermissionMixin, View):
    """预览: counts, every row error and what the import would create, before anything is kept."""

    permission_required = IMPORT_PERMISSION

    def get(self, request: HttpRequest) -> HttpResponse:
        kept = _kept_roster(request)
        if kept is None:
            return redirect("campaigns:roster_import")
        upload, data = kept
        campaign = campaign_by_pk(upload.campaign_id)
        context: dict[str, object] = {"upload": upload, "campaign": campaign}
        try:
            context["preview"] = preview_import(
                file_name=upload.file_name, data=data, campaign=campaign
            )
        except RosterError as error:
            discard_upload(upload)
            request.session.pop(UPLOAD_KEY, None)
            context["file_error"] = error.message
        return render(request, "campaigns/manage/roster_preview.html", context)


class RosterRunView(StaffPermissionMixin, View):
    """导入: import the previewed roster — all rows, or on request only the valid ones."""

    permission_required = IMPORT_PERMISSION

    def post(self, request: HttpRequest) -> HttpResponse:
        kept = _kept_roster(request)
        if kept is None:
            return redirect("campaigns:roster_import")
        upload, data = kept
        try:
            result = import_roster(
                file_name=upload.file_name,
                data=data,
                campaign=campaign_by_pk(upload.campaign_id),
                skip_invalid=request.POST.get("rows") == "valid",
                actor=request.user,
            )
        except RosterInvalid as invalid:
            messages.error(request, invalid.message)
            return redirect("campaigns:roster_preview")
        except RosterError as error:
            messages.error(request, error.message)
            return redirect("campaigns:roster_import")
        discard_upload(upload)
        del request.session[UPLOAD_KEY]
        emailed = send_activation_links(users=result.new_accounts, base_url=_site_url(request))
        request.session[RESULT_KEY] = {
            "file_name": result.file_name,
            "campaign": result.campaign.title if result.campaign else "",
            "counts": result.counts(),
            "changed": result.changed,
            "skipped": [error.message for error in result.skipped],
            "warnings": list(result.warnings),
            "accounts": [user.pk for user in result.new_accounts],
            "emailed": emailed,
        }
        return redirect("campaigns:roster_result")


class RosterResultView(StaffPermissionMixin, View):
    """导入结果: the counts, and the activation links of new accounts not yet activated."""

    permission_required = IMPORT_PERMISSION

    def get(self, request: HttpRequest) -> HttpResponse:
        outcome = request.session.get(RESULT_KEY)
        if not isinstance(outcome, dict):
            return redirect("campaigns:roster_import")
        users = accounts_awaiting_activation(user_ids=outcome.get("accounts", []))
        links = activation_links(users=users, base_url=_site_url(request))
        return render(
            request,
            "campaigns/manage/roster_result.html",
            {"outcome": outcome, "counts": outcome["counts"], "links": links},
        )


class RosterExportView(StaffPermissionMixin, View):
    """导出单位: choose a campaign and download the roster as an Excel workbook."""

    permission_required = EXPORT_PERMISSION

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign = current_campaign()
        form = RosterExportForm(initial={"campaign": campaign.pk if campaign else None})
        return render(request, "campaigns/manage/roster_export.html", {"form": form})


class RosterDownloadView(StaffPermissionMixin, View):
    """The roster workbook of the chosen campaign (or of the whole tree)."""

    permission_required = EXPORT_PERMISSION

    def get(self, request: HttpRequest) -> HttpResponse:
        form = RosterExportForm(request.GET)
        root = province_root()
        if not form.is_valid() or root is None:
            deny()
        campaign = form.cleaned_data["campaign"]
        workbook = roster_workbook(roster_lines(root=root, campaign=campaign))
        response = HttpResponse(workbook, content_type=EXPORT_CONTENT_TYPE)
        file_name = f"roster-{campaign.slug}.xlsx" if campaign else "roster.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{file_name}"'
        return response
