"""Console URLs of activity plans, mounted at /console/plans/ by vocweek/urls.py."""

from django.urls import path

from vocweek.plans.views import manage

app_name = "plans"

urlpatterns = [
    path("", manage.OverviewView.as_view(), name="overview"),
    path("mine/", manage.MyPlanView.as_view(), name="mine"),
    path("export.zip", manage.ZipView.as_view(), name="zip"),
    path("export.xlsx", manage.WorkbookView.as_view(), name="xlsx"),
    path("<int:pk>/document/", manage.DocumentView.as_view(), name="document"),
    path("<int:pk>/reopen/", manage.ReopenView.as_view(), name="reopen"),
]
