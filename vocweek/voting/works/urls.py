"""Console URLs of works collections, mounted at /console/works/ by vocweek/urls.py."""

from django.urls import path

from vocweek.voting.works.views.manage import collections, judging, review, units

app_name = "works_manage"

urlpatterns = [
    # The organiser
    path("", collections.ListView.as_view(), name="list"),
    path("new/", collections.NewView.as_view(), name="new"),
    path("<int:pk>/", collections.CollectionView.as_view(), name="collection"),
    path("<int:pk>/edit/", collections.EditView.as_view(), name="edit"),
    path("<int:pk>/open/", collections.OpenView.as_view(), name="open"),
    path("<int:pk>/judging/", collections.StartJudgingView.as_view(), name="start_judging"),
    path("<int:pk>/publish/", collections.PublishView.as_view(), name="publish"),
    path("<int:pk>/unpublish/", collections.WithdrawResultsView.as_view(), name="unpublish"),
    path("<int:pk>/judges/", review.JudgesView.as_view(), name="judges"),
    path(
        "<int:pk>/judges/<int:judge_pk>/remove/",
        review.RemoveJudgeView.as_view(),
        name="remove_judge",
    ),
    path("<int:pk>/entries/", review.EntriesView.as_view(), name="entries"),
    path("<int:pk>/entries/<int:entry_pk>/", review.EntryView.as_view(), name="entry"),
    path("<int:pk>/ranking/", review.RankingView.as_view(), name="ranking"),
    path("<int:pk>/results.xlsx", review.ResultsWorkbookView.as_view(), name="results_xlsx"),
    # Units
    path("mine/", units.UnitEntriesView.as_view(), name="unit_entries"),
    path("<int:pk>/submit/", units.SubmitView.as_view(), name="submit"),
    path("mine/<int:entry_pk>/", units.UnitEntryView.as_view(), name="unit_entry"),
    path("mine/<int:entry_pk>/edit/", units.EditEntryView.as_view(), name="edit_entry"),
    path("mine/<int:entry_pk>/withdraw/", units.WithdrawEntryView.as_view(), name="withdraw_entry"),
    # Judges
    path("judging/", judging.JudgingView.as_view(), name="judging"),
    path("judging/<int:pk>/", judging.JudgeEntriesView.as_view(), name="judge_entries"),
    path("judging/<int:pk>/<int:entry_pk>/", judging.ScoreView.as_view(), name="score"),
]
