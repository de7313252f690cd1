"""Campaign URLs, mounted at /console/roster/: the roster import and export."""

from django.urls import path

from vocweek.campaigns.views import manage

app_name = "campaigns"
urlpatterns = [
    path("import/", manage.RosterImportView.as_view(), name="roster_import"),
    path("import/preview/", manage.RosterPreviewView.as_view(), name="roster_preview"),
    path("import/run/", manage.RosterRunView.as_view(), name="roster_run"),
    path("import/result/", manage.RosterResultView.as_view(), name="roster_result"),
    path("export/", manage.RosterExportView.as_view(), name="roster_export"),
    path("export/roster.xlsx", manage.RosterDownloadView.as_view(), name="roster_download"),
]
