"""Daily bulletins in the console: the list, one bulletin as a page, compile now, the .docx.

Bulletins are fetched through `Bulletin.objects.visible_to(user)` (reviewers); anybody else gets
404. Compiling on demand is for the province (`reports.compile_bulletin`).
"""

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from vocweek.campaigns.queries import current_campaign
from vocweek.core.views import StaffPermissionMixin, deny
from vocweek.reports.bulletins import BulletinError, compile_bulletin, content_of
from vocweek.reports.bulletins.forms import CompileBulletinForm
from vocweek.reports.models import Bulletin

VIEW_BULLETINS = "reports.view_desk"
COMPILE_BULLETIN = "reports.compile_bulletin"


class BulletinListView(StaffPermissionMixin, View):
    """工作简报: the current campaign's bulletins, newest first, and the compile-now form."""

    permission_required = VIEW_BULLETINS

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign = current_campaign()
        context: dict[str, object] = {"campaign": campaign}
        if campaign is not None:
            context["bulletins"] = (
                Bulletin.objects.visible_to(request.user)
                .filter(campaign=campaign)
                .select_related("compiled_by")
                .order_by("-number")
            )
            if request.user.has_perm(COMPILE_BULLETIN):
                context["form"] = CompileBulletinForm(campaign=campaign)
        return render(request, "reports/manage/bulletins.html", context)


class BulletinView(StaffPermissionMixin, View):
    """One bulletin as a page: the same content as its Word document."""

    permission_required = VIEW_BULLETINS

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        bulletin = get_object_or_404(
            Bulletin.objects.visible_to(request.user).select_related("campaign", "compiled_by"),
            pk=pk,
        )
        return render(
            request,
            "reports/manage/bulletin.html",
            {
                "bulletin": bulletin,
                "content": content_of(bulletin),
                "can_compile": request.user.has_perm(COMPILE_BULLETIN),
            },
        )


class BulletinCompileView(StaffPermissionMixin, View):
    """Compile (or recompile) a day's bulletin now; the scheduler does it each evening anyway."""

    permission_required = COMPILE_BULLETIN

    def post(self, request: HttpRequest) -> HttpResponse:
        campaign = current_campaign()
        if campaign is None:
            deny()
        form = CompileBulletinForm(request.POST, campaign=campaign)
        if not form.is_valid():
            messages.error(request, _("Choose a day of the week that has begun."))
            return redirect("reports:bulletins")
        try:
            bulletin = compile_bulletin(
                campaign=campaign, day=form.cleaned_data["day"], actor=request.user
            )
        except BulletinError as error:
            messages.error(request, str(error))
            return redirect("reports:bulletins")
        messages.success(
            request, _("Bulletin no. %(number)s is compiled.") % {"number": bulletin.number}
        )
        return redirect("reports:bulletin", pk=bulletin.pk)


class BulletinDownloadView(StaffPermissionMixin, View):
    """The bulletin's Word document, as an attachment named by its number and day."""

    permission_required = VIEW_BULLETINS

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        bulletin = get_object_or_404(Bulletin.objects.visible_to(request.user), pk=pk)
        if not bulletin.docx:
            deny()
        filename = _("Bulletin no. %(number)s (%(day)s).docx") % {
            "number": bulletin.number,
            "day": bulletin.day.isoformat(),
        }
        return FileResponse(bulletin.docx.open("rb"), as_attachment=True, filename=filename)
