"""The organiser's works pages: the week's collections, setting one up (categories and rubric),
and moving it on (open, judging, publishing and withdrawing the results). The judges, the
entries and the ranking with its awards are in `review.py`."""

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from vocweek.campaigns.queries import campaign_organised_by, current_campaign
from vocweek.core import clock
from vocweek.core.views import StaffPermissionMixin, deny
from vocweek.voting.works import queries, services
from vocweek.voting.works.enums import EntryKind
from vocweek.voting.works.forms import (
    CategoryFormSet,
    CollectionForm,
    CriterionFormSet,
    filled_lines,
)
from vocweek.voting.works.models import Collection
from vocweek.voting.works.views.manage.common import (
    CHANGE_COLLECTION,
    MANAGE_COLLECTIONS,
    OPEN_COLLECTION,
    PUBLISH_RESULTS,
    START_JUDGING,
    VIEW_COLLECTION,
    WITHDRAW_RESULTS,
    CollectionPage,
    InZone,
    see_other,
)

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
