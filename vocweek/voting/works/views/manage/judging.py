"""The judges' pages: the collections they judge, the entries to score with their progress, and
the score sheet beside the work. Judging is blind: nothing here shows an entry's unit or authors,
and a judge never sees their own unit's entries."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from vocweek.core.views import StaffPermissionMixin, deny
from vocweek.voting.works import queries, scoring, services
from vocweek.voting.works.forms import ScoreForm
from vocweek.voting.works.views.manage.common import (
    JUDGE_ENTRIES,
    SCORE_ENTRIES,
    VIEW_JUDGING,
    CollectionPage,
    InZone,
    see_other,
)


class JudgingView(StaffPermissionMixin, InZone, View):
    """作品评审: the collections the user judges, with how many entries are scored."""

    permission_required = JUDGE_ENTRIES

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "voting/works/manage/judging.html",
            {"judgeships": queries.judgeships_of(request.user)},
        )


class JudgeEntriesView(CollectionPage, View):
    """The entries of one collection the judge scores, by category, with their own totals."""

    permission_required = VIEW_JUDGING

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        collection = self.collection
        judge = queries.judge_of(collection, request.user)
        lines = queries.blind_entries(judge)
        categories = queries.categories_of(collection)
        return render(
            request,
            "voting/works/manage/judge_entries.html",
            {
                "campaign": collection.campaign,
                "collection": collection,
                "groups": [
                    (category, [line for line in lines if line.entry.category_id == category.pk])
                    for category in categories
                ],
                "scored": sum(line.sheet is not None for line in lines),
                "total": len(lines),
                "may_score": request.user.has_perm(SCORE_ENTRIES, collection),
                "criteria": queries.criteria_of(collection),
            },
        )


class ScoreView(CollectionPage, View):
    """One entry beside the rubric: the work (video, photos or essay), then the points per
    criterion and a comment. Saving goes on to the next entry not yet scored."""

    permission_required = VIEW_JUDGING

    def setup_entry(self, request: HttpRequest) -> None:
        self.judge = queries.judge_of(self.collection, request.user)
        self.entry = queries.blind_entry(self.judge, self.kwargs["entry_pk"])
        if self.entry is None:
            deny()
        self.criteria = queries.criteria_of(self.collection)

    def render_page(self, request, form: ScoreForm, status: int = 200) -> HttpResponse:
        before, after = queries.neighbours(self.judge, self.entry)
        sheet = queries.sheet_of(self.judge, self.entry)
        return render(
            request,
            "voting/works/manage/score.html",
            {
                "campaign": self.collection.campaign,
                "collection": self.collection,
                "entry": self.entry,
                "paragraphs": [
                    line.strip() for line in self.entry.essay.splitlines() if line.strip()
                ],
                "form": form,
                "fields": form.bound_criteria(),
                "sheet": sheet,
                "total_points": sum(criterion.max_points for criterion in self.criteria),
                "may_score": request.user.has_perm(SCORE_ENTRIES, self.collection),
                "before": before,
                "after": after,
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
        self.setup_entry(request)
        sheet = queries.sheet_of(self.judge, self.entry)
        initial = {}
        if sheet is not None:
            initial["comment"] = sheet.comment
            for score in sheet.scores.all():
                initial[f"criterion_{score.criterion_id}"] = score.points
        form = ScoreForm(initial=initial, criteria=self.criteria)
        return self.render_page(request, form)

    def post(self, request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
        if not request.user.has_perm(SCORE_ENTRIES, self.collection):
            deny()
        self.setup_entry(request)
        form = ScoreForm(request.POST, criteria=self.criteria)
        if not form.is_valid():
            return self.render_page(request, form, status=400)
        try:
            sheet = scoring.score_entry(
                entry=self.entry,
                judge_user=request.user,
                points=form.points(),
                comment=form.cleaned_data["comment"],
            )
        except services.WorksError as error:
            form.add_error(None, str(error))
            return self.render_page(request, form, status=400)
        messages.success(
            request,
            _("Entry %(code)s: %(total)s points saved.")
            % {"code": self.entry.code, "total": sheet.total},
        )
        following = queries.next_unscored(self.judge, self.entry)
        if following is None:
            return see_other("works_manage:judge_entries", pk)
        return see_other("works_manage:score", pk, following.pk)
