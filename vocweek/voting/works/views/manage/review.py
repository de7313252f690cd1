"""The organiser's review of a collection's entries: judges, the entries and each entry (with
exclusion), the ranking with the awards, and the results workbook."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from vocweek.core import clock
from vocweek.core.views import deny
from vocweek.voting.works import exports, queries, services
from vocweek.voting.works.enums import Award, EntryState
from vocweek.voting.works.forms import (
    AWARD_CHOICES,
    ExclusionForm,
    JudgeForm,
)
from vocweek.voting.works.views.manage.common import (
    AWARD_ENTRIES,
    EXCLUDE_ENTRIES,
    EXPORT_WORKS,
    MANAGE_JUDGES,
    PUBLISH_RESULTS,
    VIEW_COLLECTION,
    CollectionPage,
    see_other,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class JudgesView(CollectionPage, View):
    """The judges and their progress; appoint a judge by log-in name or remove one."""

    permission_required = VIEW_COLLECTION

    def render_page(self, request: HttpRequest, form: JudgeForm | None = None) -> HttpResponse:
        collection = self.collection
        may_manage = request.user.has_perm(MANAGE_JUDGES, collection)
        return render(
            request,
            "voting/works/manage/judges.html",
            {
                "campaign": collection.campaign,
                "collection": collection,
                "current": "judges",
                "progress": queries.scoring_progress(collection),
                "form": (form or JudgeForm()) if may_manage else None,
                "may_manage": may_manage,
            },
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_page(request)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.has_perm(MANAGE_JUDGES, self.collection):
            deny()
        form = JudgeForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, form)
        try:
            judge = services.add_judge(
                collection=self.collection,
                actor=request.user,
                username=form.cleaned_data["username"],
            )
        except services.WorksError as error:
            form.add_error("username", str(error))
            return self.render_page(request, form)
        messages.success(
            request, _("%(name)s is a judge now.") % {"name": judge.user.get_full_name()}
        )
        return see_other("works_manage:judges", pk)


class RemoveJudgeView(CollectionPage, View):
    permission_required = MANAGE_JUDGES
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, judge_pk: int) -> HttpResponse:
        judge = next((j for j in queries.judges_of(self.collection) if j.pk == judge_pk), None)
        if judge is None:
            deny()
        try:
            services.remove_judge(judge=judge, actor=request.user)
        except services.WorksError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("%(name)s is no longer a judge.") % {"name": judge.user.get_full_name()}
            )
        return see_other("works_manage:judges", pk)


class EntriesView(CollectionPage, View):
    """The entries, filtered by category, state and unit."""

    permission_required = VIEW_COLLECTION

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        collection = self.collection
        categories = queries.categories_of(collection)
        category = request.GET.get("category", "")
        state = request.GET.get("state", "")
        unit = request.GET.get("unit", "")[:50]
        category_pk = int(category) if category.isdigit() else None
        state = state if state in EntryState.values else ""
        return render(
            request,
            "voting/works/manage/entries.html",
            {
                "campaign": collection.campaign,
                "collection": collection,
                "current": "entries",
                "categories": categories,
                "states": EntryState.choices,
                "chosen": {"category": category_pk, "state": state, "unit": unit},
                "entries": queries.collection_entries(
                    collection, category=category_pk, state=state, unit=unit
                ),
            },
        )


class EntryView(CollectionPage, View):
    """One entry as the organiser sees it (unit and authors included), with the exclusion form
    and, while judging or after, the judges' sheets."""

    permission_required = VIEW_COLLECTION

    def render_page(self, request, form: ExclusionForm | None = None) -> HttpResponse:
        collection = self.collection
        entry = queries.entry_of(collection, self.kwargs["entry_pk"])
        if entry is None:
            deny()
        may_exclude = request.user.has_perm(EXCLUDE_ENTRIES, collection)
        return render(
            request,
            "voting/works/manage/entry.html",
            {
                "campaign": collection.campaign,
                "collection": collection,
                "current": "entries",
                "entry": entry,
                "paragraphs": _paragraphs(entry.essay),
                "sheets": entry.sheets.select_related("judge__user").prefetch_related(
                    "scores__criterion"
                ),
                "form": (form or ExclusionForm()) if may_exclude else None,
                "may_exclude": may_exclude and entry.state == EntryState.SUBMITTED,
                "may_reinstate": may_exclude and entry.state == EntryState.EXCLUDED,
            },
        )

    def get(self, request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
        return self.render_page(request)

    def post(self, request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
        if not request.user.has_perm(EXCLUDE_ENTRIES, self.collection):
            deny()
        entry = queries.entry_of(self.collection, entry_pk)
        if entry is None:
            deny()
        try:
            if request.POST.get("action") == "reinstate":
                services.reinstate_entry(entry=entry, actor=request.user)
                messages.success(
                    request, _("Entry %(code)s is back in the running.") % {"code": entry.code}
                )
            else:
                form = ExclusionForm(request.POST)
                if not form.is_valid():
                    return self.render_page(request, form)
                services.exclude_entry(
                    entry=entry, actor=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("Entry %(code)s is excluded.") % {"code": entry.code})
        except services.WorksError as error:
            messages.error(request, str(error))
        return see_other("works_manage:entry", pk, entry_pk)


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class RankingView(CollectionPage, View):
    """The ranking per category with the judges' progress and the suggested awards; while
    judging, the organiser sets the awards (or takes the suggestions) here."""

    permission_required = VIEW_COLLECTION

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        collection = self.collection
        return render(
            request,
            "voting/works/manage/ranking.html",
            {
                "campaign": collection.campaign,
                "collection": collection,
                "current": "ranking",
                "rankings": queries.ranking(collection),
                "progress": queries.scoring_progress(collection),
                "award_choices": AWARD_CHOICES,
                "award_labels": dict(Award.choices),
                "may_award": request.user.has_perm(AWARD_ENTRIES, collection),
                "may_publish": request.user.has_perm(PUBLISH_RESULTS, collection),
            },
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        collection = self.collection
        if not request.user.has_perm(AWARD_ENTRIES, collection):
            deny()
        rankings = queries.ranking(collection)
        if request.POST.get("action") == "suggest":
            awards = {line.entry.pk: line.suggested for ranked in rankings for line in ranked.lines}
        else:
            awards = {}
            for ranked in rankings:
                for line in ranked.lines:
                    value = request.POST.get(f"award_{line.entry.pk}")
                    if value is not None:
                        awards[line.entry.pk] = value
        try:
            changed = services.set_awards(collection=collection, actor=request.user, awards=awards)
        except services.WorksError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Awards saved: %(count)d changed.") % {"count": changed})
        return see_other("works_manage:ranking", pk)


class ResultsWorkbookView(CollectionPage, View):
    """The ranking and awards in Excel, a category after another."""

    permission_required = EXPORT_WORKS

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        collection = self.collection
        zone = collection.campaign.zone
        now = clock.now()
        content = exports.results_workbook(
            collection, queries.result_lines(collection), as_of=now, zone=zone
        )
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(
            True, exports.file_name(collection, now, zone)
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
