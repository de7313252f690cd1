"""The organiser's works pages: the week's collections, setting one up (categories and rubric),
opening it, the judges, the entries and exclusions, judging progress and the ranking with its
suggested awards, publishing the results and the results workbook."""

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from vocweek.campaigns.queries import campaign_organised_by, current_campaign
from vocweek.core import clock
from vocweek.core.views import StaffPermissionMixin, deny
from vocweek.voting.works import exports, queries, services
from vocweek.voting.works.enums import Award, EntryKind, EntryState
from vocweek.voting.works.forms import (
    AWARD_CHOICES,
    CategoryFormSet,
    CollectionForm,
    CriterionFormSet,
    ExclusionForm,
    JudgeForm,
    filled_lines,
)
from vocweek.voting.works.models import Collection
from vocweek.voting.works.views.manage.common import (
    AWARD_ENTRIES,
    CHANGE_COLLECTION,
    EXCLUDE_ENTRIES,
    EXPORT_WORKS,
    MANAGE_COLLECTIONS,
    MANAGE_JUDGES,
    OPEN_COLLECTION,
    PUBLISH_RESULTS,
    START_JUDGING,
    VIEW_COLLECTION,
    WITHDRAW_RESULTS,
    CollectionPage,
    InZone,
    see_other,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STARTER_CATEGORIES = (
    {"name": "微视频", "kind": EntryKind.VIDEO, "requirements": "3–5 分钟，MP4 格式"},
    {"name": "摄影作品", "kind": EntryKind.PHOTOS, "requirements": "单幅或组照（不超过 9 幅）"},
    {"name": "征文", "kind": EntryKind.ESSAY, "requirements": "题目自拟", "max_characters": 3000},
)
STARTER_CRITERIA = (
    {"name": "思想性", "description": "主题鲜明，导向正确", "max_points": 30},
    {"name": "艺术性", "description": "构思新颖，表现力强", "max_points": 30},
    {"name": "技术性", "description": "画面、文字与制作质量", "max_points": 20},
    {"name": "创新性", "description": "视角独特，有创意", "max_points": 20},
)
PRIZES = {"first_prizes": 1, "second_prizes": 2, "third_prizes": 3, "merit_prizes": 5}


def _set_up_page(request, template: str, context: dict, form, categories, criteria):
    return render(
        request,
        template,
        context | {"form": form, "categories": categories, "criteria": criteria},
    )


def _save_set_up(request, form, categories, criteria) -> tuple[bool, list, list]:
    """Validate the three parts together; the lines to save when all are valid."""
    valid = all([form.is_valid(), categories.is_valid(), criteria.is_valid()])
    if not valid:
        return False, [], []
    return True, filled_lines(categories), filled_lines(criteria)


class ListView(StaffPermissionMixin, InZone, View):
    """作品征集: the current week's collections, drafts included, with entries and judges."""

    permission_required = MANAGE_COLLECTIONS

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign = current_campaign()
        return render(
            request,
            "voting/works/manage/list.html",
            {
                "campaign": campaign,
                "collections": queries.campaign_collections(campaign) if campaign else [],
                "may_create": campaign_organised_by(request.user) is not None,
            },
        )


class NewView(StaffPermissionMixin, InZone, View):
    """A new collection of the current week, saved as a draft, with starter categories and rubric
    to adapt."""

    permission_required = MANAGE_COLLECTIONS

    def get_permission_object(self) -> object | None:
        self.campaign = campaign_organised_by(self.request.user)
        if self.campaign is None:
            deny()
        return None

    def render_page(self, request, form, categories, criteria) -> HttpResponse:
        return _set_up_page(
            request,
            "voting/works/manage/edit.html",
            {"campaign": self.campaign, "collection": None},
            form,
            categories,
            criteria,
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        deadline = datetime.combine(
            self.campaign.starts_on - timedelta(days=1), time(18, 0), tzinfo=self.campaign.zone
        )
        form = CollectionForm(initial={"deadline": deadline, "entries_per_unit": 3})
        categories = CategoryFormSet(
            prefix="categories", initial=[line | PRIZES for line in STARTER_CATEGORIES]
        )
        criteria = CriterionFormSet(prefix="criteria", initial=list(STARTER_CRITERIA))
        return self.render_page(request, form, categories, criteria)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CollectionForm(request.POST)
        categories = CategoryFormSet(request.POST, prefix="categories")
        criteria = CriterionFormSet(request.POST, prefix="criteria")
        valid, category_lines, criterion_lines = _save_set_up(request, form, categories, criteria)
        if not valid:
            return self.render_page(request, form, categories, criteria)
        try:
            collection = services.create_collection(
                campaign=self.campaign,
                actor=request.user,
                settings=form.collection_settings(),
                categories=category_lines,
                criteria=criterion_lines,
            )
        except services.WorksError as error:
            form.add_error(None, str(error))
            return self.render_page(request, form, categories, criteria)
        messages.success(
            request,
            _("“%(title)s” is saved as a draft; appoint the judges, then open it.")
            % {"title": collection.title},
        )
        return see_other("works_manage:collection", collection.pk)


class CollectionView(CollectionPage, View):
    """One collection: its state and next step, the set-up, the entries by category and the
    judges' progress."""

    permission_required = VIEW_COLLECTION

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        collection = self.collection
        user = request.user
        now = clock.now()
        return render(
            request,
            "voting/works/manage/collection.html",
            {
                "campaign": collection.campaign,
                "collection": collection,
                "current": "collection",
                "categories": queries.categories_of(collection),
                "criteria": queries.criteria_of(collection),
                "counts": queries.entry_counts(collection),
                "progress": queries.scoring_progress(collection),
                "deadline_passed": now >= collection.deadline,
                "may_change": user.has_perm(CHANGE_COLLECTION, collection),
                "may_open": user.has_perm(OPEN_COLLECTION, collection),
                "may_start_judging": user.has_perm(START_JUDGING, collection),
                "may_publish": user.has_perm(PUBLISH_RESULTS, collection),
                "may_withdraw_results": user.has_perm(WITHDRAW_RESULTS, collection),
            },
        )


class EditView(CollectionPage, View):
    """Change the set-up of a draft or open collection."""

    permission_required = CHANGE_COLLECTION

    def render_page(self, request, form, categories, criteria) -> HttpResponse:
        return _set_up_page(
            request,
            "voting/works/manage/edit.html",
            {"campaign": self.collection.campaign, "collection": self.collection},
            form,
            categories,
            criteria,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        collection = self.collection
        form = CollectionForm(
            initial={
                "title": collection.title,
                "description": collection.description,
                "deadline": collection.deadline,
                "entries_per_unit": collection.entries_per_unit,
            }
        )
        categories = CategoryFormSet(
            prefix="categories",
            initial=[
                {
                    "pk": category.pk,
                    "name": category.name,
                    "kind": category.kind,
                    "requirements": category.requirements,
                    "max_characters": category.max_characters,
                    "first_prizes": category.first_prizes,
                    "second_prizes": category.second_prizes,
                    "third_prizes": category.third_prizes,
                    "merit_prizes": category.merit_prizes,
                }
                for category in queries.categories_of(collection)
            ],
        )
        criteria = CriterionFormSet(
            prefix="criteria",
            initial=[
                {
                    "pk": criterion.pk,
                    "name": criterion.name,
                    "description": criterion.description,
                    "max_points": criterion.max_points,
                }
                for criterion in queries.criteria_of(collection)
            ],
        )
        return self.render_page(request, form, categories, criteria)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = CollectionForm(request.POST)
        categories = CategoryFormSet(request.POST, prefix="categories")
        criteria = CriterionFormSet(request.POST, prefix="criteria")
        valid, category_lines, criterion_lines = _save_set_up(request, form, categories, criteria)
        if not valid:
            return self.render_page(request, form, categories, criteria)
        try:
            services.update_collection(
                collection=self.collection,
                actor=request.user,
                settings=form.collection_settings(),
                categories=category_lines,
                criteria=criterion_lines,
            )
        except services.WorksError as error:
            form.add_error(None, str(error))
            return self.render_page(request, form, categories, criteria)
        messages.success(request, _("The set-up is saved."))
        return see_other("works_manage:collection", pk)


class _StepView(CollectionPage, View):
    """A button on the collection's page that moves it on: one service call."""

    http_method_names = ["post"]
    success = ""

    def step(self, collection: Collection, actor) -> Collection:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            collection = self.step(self.collection, request.user)
        except services.WorksError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, self.success % {"title": collection.title})
        return see_other("works_manage:collection", pk)


class OpenView(_StepView):
    permission_required = OPEN_COLLECTION
    success = gettext_lazy("“%(title)s” is open: units can submit entries until the deadline.")

    def step(self, collection, actor):
        return services.open_collection(collection=collection, actor=actor)


class StartJudgingView(_StepView):
    permission_required = START_JUDGING
    success = gettext_lazy("“%(title)s” is being judged: the judges can score the entries now.")

    def step(self, collection, actor):
        return services.start_judging(collection=collection, actor=actor)


class PublishView(_StepView):
    permission_required = PUBLISH_RESULTS
    success = gettext_lazy("The results of “%(title)s” are published.")

    def step(self, collection, actor):
        return services.publish_results(collection=collection, actor=actor)


class WithdrawResultsView(_StepView):
    permission_required = WITHDRAW_RESULTS
    success = gettext_lazy("The results of “%(title)s” are taken down; judging resumes.")

    def step(self, collection, actor):
        return services.withdraw_results(collection=collection, actor=actor)


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
