"""Console URLs of the activity calendar, mounted at /console/activities/ by vocweek/urls.py."""

from django.urls import path

from vocweek.activities.views import attendance, manage

app_name = "activities_manage"

urlpatterns = [
    path("", manage.MineView.as_view(), name="mine"),
    path("new/", manage.NewView.as_view(), name="new"),
    path("review/", manage.ReviewView.as_view(), name="review"),
    path("coverage/", manage.CoverageView.as_view(), name="coverage"),
    path("<int:pk>/", manage.EditView.as_view(), name="edit"),
    path("<int:pk>/submit/", manage.SubmitView.as_view(), name="submit"),
    path("<int:pk>/cancel/", manage.CancelView.as_view(), name="cancel"),
    path("<int:pk>/decide/", manage.DecideView.as_view(), name="decide"),
    path("<int:pk>/registrations/", attendance.RegistrationsView.as_view(), name="registrations"),
    path(
        "<int:pk>/registrations.xlsx",
        attendance.RegistrationsWorkbookView.as_view(),
        name="registrations_xlsx",
    ),
    path("<int:pk>/check-in/", attendance.CheckInView.as_view(), name="check_in"),
]
