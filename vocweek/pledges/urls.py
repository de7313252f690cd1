"""Console URLs of pledge signing, mounted at /console/pledges/ by vocweek/urls.py."""

from django.urls import path

from vocweek.pledges.views import manage

app_name = "pledges_manage"

urlpatterns = [
    path("", manage.ListView.as_view(), name="list"),
    path("new/", manage.NewView.as_view(), name="new"),
    path("counts/", manage.CountsView.as_view(), name="counts"),
    path("<int:pk>/", manage.EditView.as_view(), name="edit"),
    path("<int:pk>/open/", manage.OpenView.as_view(), name="open"),
    path("<int:pk>/close/", manage.CloseView.as_view(), name="close"),
    path(
        "<int:pk>/schools/<int:unit_pk>/signers.xlsx",
        manage.SignersWorkbookView.as_view(),
        name="signers_xlsx",
    ),
]
