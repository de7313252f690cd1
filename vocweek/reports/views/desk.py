"""The review desk (审核台): the reviewer's queue with bulk actions, one report's review page and
the order of the publicity column.

Thin views: reads through `desk_queries`, writes through `services`, permissions from
`reports.rules` checked per report. Every action carries the version the reviewer saw, so a
report somebody else changed meanwhile is reported by name and left alone.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template import engines
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views import View

from vocweek.campaigns.models import Campaign
from vocweek.campaigns.queries import current_campaign
from vocweek.core import clock
from vocweek.core.views import StaffPermissionMixin, deny
from vocweek.reports import desk_queries, services
from vocweek.reports.desk_forms import (
    ACTIONS,
    FEATURE,
    RECORD_ADOPTION,
    DeskAction,
    DeskBulkForm,
    DeskFilterForm,
    ReviewForm,
    may_order_column,
    offered_actions,
)
from vocweek.reports.enums import AdoptionLevel, State
from vocweek.reports.models import Report

DESK_PERMISSION = "reports.view_desk"
VIEW_PERMISSION = "reports.view_report"
REPORTS_PER_PAGE = 50
FILTER_NAMES = ("state", "day", "city", "unit", "category")
MEDIA_LIBRARY = "report_media"


# ---------- helpers ----------


class ActionRefused(services.ReportError):
    """The rules do not allow this user this action on the report (its message names it)."""


def _filter_query(query: QueryDict) -> str:
    """The queue's filters as a query string (no page: after an action the queue has moved)."""
    pairs = [(name, query.get(name, "")) for name in FILTER_NAMES if query.get(name, "")]
    return urlencode(pairs)


def _with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


def _desk_url(query: str = "") -> str:
    return _with_query(reverse("reports:desk"), query)


def _review_url(pk: int, query: str = "") -> str:
    return _with_query(reverse("reports:desk_review", args=[pk]), query)


def _detail_url(pk: int) -> str | None:
    """The unit-side page of a report, when that page exists (it is built separately)."""
    try:
        return reverse("reports:report_detail", args=[pk])
    except NoReverseMatch:
        return None


def _media_tag_installed() -> bool:
    """Whether the report_media template tags exist (they are built alongside the desk)."""
    return MEDIA_LIBRARY in engines["django"].engine.template_libraries


def _may(user, report: Report, action: DeskAction) -> bool:
    """The rules allow the user this action on the report, and its state allows the action."""
    if action is RECORD_ADOPTION:
        states = (State.ADOPTED, State.FEATURED)
    else:
        states = tuple(services.ALLOWED_TRANSITIONS[action.name])
    return report.state in states and any(
        user.has_perm(permission, report) for permission in action.permissions
    )


def _changed_meanwhile(report: Report) -> str:
    return _("“%(title)s” was changed meanwhile and is now “%(state)s”; nothing was done.") % {
        "title": report.title,
        "state": report.get_state_display(),
    }


def _refused(report: Report) -> str:
    return _("“%(title)s” was not changed: you cannot do this to a report that is “%(state)s”.") % {
        "title": report.title,
        "state": report.get_state_display(),
    }


def _move_in_column(*, campaign: Campaign, report: Report, position: int, actor) -> None:
    """Put a just-featured report (now on top) at `position` in the column (1 = top)."""
    current = desk_queries.column_order(campaign)
    if position <= 1 or report.pk not in current:
        return
    order = [pk for pk in current if pk != report.pk]
    order.insert(min(position, len(current)) - 1, report.pk)
    services.reorder_featured(campaign=campaign, order=order, actor=actor, seen=current)


def _act(user, report: Report, action: DeskAction, *, version: int, data: dict) -> Report:
    """Check, then call the one service of `action`. Raises ReportError with a message naming
    the report when it was changed meanwhile or the action is not open to the user."""
    if report.version != version:
        raise services.ReportConflict(_changed_meanwhile(report))
    if not _may(user, report, action):
        raise ActionRefused(_refused(report))
    common = {"report": report, "actor": user, "version": version}
    level = data.get("level") or AdoptionLevel.PROVINCE_PLATFORM
    if action.name == "adopt":
        return services.adopt_report(
            **common, level=level, outlet=data.get("outlet", ""), adopted_on=data.get("adopted_on")
        )
    if action.name == "return":
        return services.return_report(**common, note=data.get("note", ""))
    if action.name == "decline":
        return services.decline_report(**common, note=data.get("note", ""))
    if action.name == "city_approve":
        return services.city_approve_report(**common)
    if action.name == "feature":
        cover = data.get("cover") or desk_queries.first_ready_photo(report)
        report = services.feature_report(**common, cover=cover)
        if data.get("position"):
            _move_in_column(
                campaign=report.campaign, report=report, position=data["position"], actor=user
            )
        return report
    if action.name == "unfeature":
        return services.unfeature_report(**common)
    services.record_adoption(
        report=report,
        actor=user,
        level=level,
        outlet=data.get("outlet", ""),
        adopted_on=data.get("adopted_on"),
    )
    return report


def _refusal(report: Report, error: services.ReportError) -> str:
    """A service's message, naming the report when the message does not already."""
    if isinstance(error, services.ReportConflict | ActionRefused):
        return str(error)
    return _("“%(title)s”: %(message)s") % {"title": report.title, "message": error}


# ---------- the queue ----------


@dataclass(frozen=True)
class DeskRow:
    """One line of the queue: the report, the day it counts for, and where its links go."""

    report: Report
    day_number: int | None
    title_url: str
    review_url: str


@dataclass(frozen=True)
class PageLinks:
    previous: str
    next: str


def _page_links(page: Page, query: QueryDict) -> PageLinks:
    def link(number: int) -> str:
        return _desk_url("&".join(filter(None, [_filter_query(query), f"page={number}"])))

    return PageLinks(
        previous=link(page.previous_page_number()) if page.has_previous() else "",
        next=link(page.next_page_number()) if page.has_next() else "",
    )


class DeskView(StaffPermissionMixin, View):
    """审核台: the reviewer's queue, awaiting their action by default, with bulk actions."""

    permission_required = DESK_PERMISSION

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign = current_campaign()
        context: dict[str, object] = {"campaign": campaign}
        template = "reports/manage/desk.html"
        if campaign is not None:
            context.update(self._queue(request, campaign))
            if request.headers.get("HX-Request") and not request.headers.get(
                "HX-History-Restore-Request"
            ):
                template += "#desk-list"
        response = render(request, template, context)
        patch_vary_headers(response, ["HX-Request"])
        return response

    def _queue(self, request: HttpRequest, campaign: Campaign) -> dict[str, object]:
        user = request.user
        filter_form = DeskFilterForm(request.GET or None, user=user, campaign=campaign)
        filters = filter_form.filters()
        city_review = desk_queries.city_review_on(campaign)
        queue = desk_queries.desk_queue(user, campaign, filters, city_review=city_review)
        page = Paginator(queue, REPORTS_PER_PAGE).get_page(request.GET.get("page"))
        query = _filter_query(request.GET)
        rows = [
            DeskRow(
                report=report,
                day_number=campaign.day_number(report.day) if report.day else None,
                title_url=_detail_url(report.pk) or _review_url(report.pk, query),
                review_url=_review_url(report.pk, query),
            )
            for report in page
        ]
        actions = offered_actions(user, city_review=city_review)
        return {
            "filter_form": filter_form,
            "filters": filters,
            "page": page,
            "page_links": _page_links(page, request.GET),
            "rows": rows,
            "query": query,
            "actions": actions,
            "action_names": {action.name for action in actions},
            "bulk_form": DeskBulkForm(actions=actions, initial={"next": query}),
            "may_order_column": may_order_column(user),
        }


class DeskBulkView(StaffPermissionMixin, View):
    """Act on the ticked reports one by one, each in its own transaction; say what happened."""

    permission_required = DESK_PERMISSION

    def post(self, request: HttpRequest) -> HttpResponse:
        campaign = current_campaign()
        if campaign is None:
            deny()
        actions = offered_actions(request.user, city_review=desk_queries.city_review_on(campaign))
        form = DeskBulkForm(request.POST, actions=actions)
        back = _desk_url(_filter_query(QueryDict(request.POST.get("next", ""))))
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(back)
        action = ACTIONS[form.cleaned_data["action"]]
        selection = form.cleaned_data["selection"]
        reports = desk_queries.reports_for_action(
            request.user, campaign, [pk for pk, _version in selection]
        )
        done = 0
        for pk, version in selection:
            report = reports.get(pk)
            if report is None:
                messages.error(
                    request,
                    _("Report no. %(pk)s is not one you can review; nothing was done.")
                    % {"pk": pk},
                )
                continue
            try:
                _act(request.user, report, action, version=version, data=form.cleaned_data)
            except services.ReportError as error:
                messages.error(request, _refusal(report, error))
            else:
                done += 1
        if done:
            messages.success(request, action.done % {"count": done})
        return redirect(back)


# ---------- one report ----------


class DeskReviewView(StaffPermissionMixin, View):
    """One report under review: its content, history and the actions open to the reviewer.

    After an action the reviewer goes on to the next report of the queue, filters kept.
    """

    permission_required = DESK_PERMISSION

    def _report(self, request: HttpRequest, pk: int) -> Report:
        report = desk_queries.report_under_review(request.user, pk)
        if report is None or not request.user.has_perm(VIEW_PERMISSION, report):
            deny()
        return report

    def _forms(
        self, request: HttpRequest, report: Report, bound: str = ""
    ) -> dict[str, ReviewForm]:
        actions = [action for action in ACTIONS.values() if _may(request.user, report, action)]
        recorded = frozenset(adoption.level for adoption in report.adoptions.all())
        today = clock.today(report.campaign.time_zone)
        column_size = (
            desk_queries.column_count(report.campaign)
            if any(action is FEATURE for action in actions)
            else 0
        )
        forms: dict[str, ReviewForm] = {}
        for action in actions:
            forms[action.name] = ReviewForm(
                request.POST if action.name == bound else None,
                actions=[action],
                photos=desk_queries.ready_photo_choices(report),
                column_size=column_size,
                recorded_levels=recorded,
                auto_id=f"{action.name}-%s",
                initial={"version": report.version, "action": action.name, "adopted_on": today},
            )
        return forms

    def _render(
        self, request: HttpRequest, report: Report, forms: dict[str, ReviewForm], status=200
    ) -> HttpResponse:
        query = _filter_query(request.GET)
        campaign = report.campaign
        following = self._following(request, report)
        context = {
            "campaign": campaign,
            "report": report,
            "day_number": campaign.day_number(report.day) if report.day else None,
            "history": [
                (event, desk_queries.EVENT_ACTIONS.get(event.action, event.action))
                for event in report.events.all()
            ],
            "adoptions": list(report.adoptions.all()),
            "media": list(report.media.all()),
            "photos": desk_queries.ready_photos(report),
            "media_tag": _media_tag_installed(),
            "forms": forms,
            "query": query,
            "desk_url": _desk_url(query),
            "next_url": _review_url(following.pk, query) if following else "",
            "detail_url": _detail_url(report.pk),
        }
        return render(request, "reports/manage/desk_review.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self._report(request, pk)
        return self._render(request, report, self._forms(request, report))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self._report(request, pk)
        query = _filter_query(request.GET)
        name = request.POST.get("action", "")
        forms = self._forms(request, report, bound=name)
        form = forms.get(name)
        if form is None:  # not open (any more): say why, by name
            seen = request.POST.get("version", "")
            if seen.isdigit() and int(seen) != report.version:
                messages.error(request, _changed_meanwhile(report))
            else:
                messages.error(request, _refused(report))
            return redirect(_review_url(report.pk, query))
        if not form.is_valid():
            return self._render(request, report, forms, status=400)
        action = ACTIONS[name]
        try:
            report = _act(
                request.user,
                report,
                action,
                version=form.cleaned_data["version"],
                data=form.cleaned_data,
            )
        except services.ReportError as error:
            messages.error(request, _refusal(report, error))
            return redirect(_review_url(report.pk, query))
        if action is RECORD_ADOPTION:
            messages.success(
                request,
                _("Adoption by %(level)s recorded for “%(title)s”.")
                % {
                    "level": AdoptionLevel(form.cleaned_data["level"]).label,
                    "title": report.title,
                },
            )
            return redirect(_review_url(report.pk, query))
        messages.success(
            request,
            _("“%(title)s” is now “%(state)s”.")
            % {"title": report.title, "state": report.get_state_display()},
        )
        return redirect(self._next_url(request, report, query))

    def _following(self, request: HttpRequest, report: Report) -> Report | None:
        """The report after this one in the queue the reviewer came from (same filters)."""
        campaign = report.campaign
        filters = DeskFilterForm(request.GET or None, user=request.user, campaign=campaign)
        queue = desk_queries.desk_queue(request.user, campaign, filters.filters())
        return desk_queries.next_in_queue(queue, report)

    def _next_url(self, request: HttpRequest, report: Report, query: str) -> str:
        following = self._following(request, report)
        if following is None:
            messages.info(request, _("That was the last report in this queue."))
            return _desk_url(query)
        return _review_url(following.pk, query)


# ---------- the publicity column ----------


class ColumnOrderView(StaffPermissionMixin, View):
    """宣传专栏排序: the featured reports top first, moved up or down one place at a time."""

    permission_required = DESK_PERMISSION

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_order_column(request.user):
            deny()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign = current_campaign()
        column = desk_queries.featured_column(request.user, campaign) if campaign else []
        return render(
            request,
            "reports/manage/desk_column.html",
            {
                "campaign": campaign,
                "column": column,
                "seen": ",".join(str(report.pk) for report in column),
                "media_tag": _media_tag_installed(),
                "desk_url": _desk_url(),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        campaign = current_campaign()
        if campaign is None:
            deny()
        try:
            seen = [int(pk) for pk in request.POST.get("seen", "").split(",") if pk]
            moved = int(request.POST.get("report", ""))
        except ValueError:
            seen, moved = [], 0
        step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""), 0)
        if moved not in seen or not step:
            messages.error(request, _("Choose a report and a direction to move it."))
            return redirect("reports:column_order")
        order = list(seen)
        index = order.index(moved)
        target = index + step
        if 0 <= target < len(order):
            order[index], order[target] = order[target], order[index]
            try:
                services.reorder_featured(
                    campaign=campaign, order=order, actor=request.user, seen=seen
                )
            except services.ReportError as error:
                messages.error(request, str(error))
        return redirect(f"{reverse('reports:column_order')}#column-{moved}")
