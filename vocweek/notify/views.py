"""通知: the user's in-app notices, newest first; opening one marks it read and follows its link."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from vocweek.core.views import StaffPermissionMixin
from vocweek.notify import queries, services
from vocweek.notify.models import Notice

VIEW_NOTICES = "notify.view_notices"
NOTICES_SHOWN = 100


class NoticeListView(StaffPermissionMixin, View):
    permission_required = VIEW_NOTICES

    def get(self, request: HttpRequest) -> HttpResponse:
        notices = queries.notices_for(request.user)
        return render(
            request,
            "notify/notices.html",
            {"notices": notices[:NOTICES_SHOWN], "unread": queries.unread_count(request.user)},
        )


class NoticeOpenView(StaffPermissionMixin, View):
    permission_required = VIEW_NOTICES

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        notice = get_object_or_404(Notice.objects.visible_to(request.user), pk=pk)
        services.mark_notice_read(notice=notice)
        if notice.url and url_has_allowed_host_and_scheme(
            notice.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(notice.url)
        return redirect("notify:notices")


class NoticesReadView(StaffPermissionMixin, View):
    permission_required = VIEW_NOTICES

    def post(self, request: HttpRequest) -> HttpResponse:
        services.mark_all_notices_read(user=request.user)
        return redirect("notify:notices")
