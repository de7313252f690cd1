"""Console URLs of online voting, mounted at /console/voting/ by vocweek/urls.py."""

from django.urls import path

from vocweek.voting.views import manage

app_name = "voting_manage"

urlpatterns = [
    path("", manage.ListView.as_view(), name="list"),
    path("new/", manage.NewView.as_view(), name="new"),
    path("nominations/", manage.NominationsView.as_view(), name="nominations"),
    path("<int:pk>/", manage.SelectionView.as_view(), name="selection"),
    path("<int:pk>/publish/", manage.PublishView.as_view(), name="publish"),
    path("<int:pk>/close/", manage.CloseView.as_view(), name="close"),
    path(
        "<int:pk>/candidates/<int:candidate_pk>/review/",
        manage.ReviewView.as_view(),
        name="review",
    ),
    path("<int:pk>/networks/", manage.NetworksView.as_view(), name="networks"),
    path("<int:pk>/flags/", manage.FlagsView.as_view(), name="flags"),
    path("<int:pk>/invalidate/", manage.InvalidateView.as_view(), name="invalidate"),
    path("<int:pk>/recount/", manage.RecountView.as_view(), name="recount"),
    path("<int:pk>/results.xlsx", manage.ResultsWorkbookView.as_view(), name="results_xlsx"),
]
