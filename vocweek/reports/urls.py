"""URLs of information reporting under /console/reports/. Each area keeps its own patterns below."""

from django.urls import path

app_name = "reports"

urlpatterns: list = []

# The unit's own reports (views/unit.py).
from vocweek.reports.views import unit  # noqa: E402

urlpatterns += [
    path("mine/", unit.MyReportsView.as_view(), name="my_reports"),
    path("new/", unit.ReportNewView.as_view(), name="report_new"),
    path("<int:pk>/", unit.ReportDetailView.as_view(), name="report_detail"),
    path("<int:pk>/edit/", unit.ReportEditView.as_view(), name="report_edit"),
    path("<int:pk>/submit/", unit.ReportSubmitView.as_view(), name="report_submit"),
    path("<int:pk>/withdraw/", unit.ReportWithdrawView.as_view(), name="report_withdraw"),
]

# The review desk (views/desk.py).
from vocweek.reports.views import desk  # noqa: E402

urlpatterns += [
    path("desk/", desk.DeskView.as_view(), name="desk"),
    path("desk/bulk/", desk.DeskBulkView.as_view(), name="desk_bulk"),
    path("desk/<int:pk>/", desk.DeskReviewView.as_view(), name="desk_review"),
    path("desk/column/", desk.ColumnOrderView.as_view(), name="column_order"),
]

# Completeness and ranking (views/completeness.py).
from vocweek.reports.views import completeness  # noqa: E402

urlpatterns += [
    path("completeness/", completeness.CompletenessView.as_view(), name="completeness"),
    path(
        "completeness/export/",
        completeness.CompletenessExportView.as_view(),
        name="completeness_export",
    ),
    path("ranking/", completeness.RankingView.as_view(), name="ranking"),
    path("ranking/export/", completeness.RankingExportView.as_view(), name="ranking_export"),
]

# Daily bulletins (views/bulletins.py).
from vocweek.reports.views import bulletins  # noqa: E402

urlpatterns += [
    path("bulletins/", bulletins.BulletinListView.as_view(), name="bulletins"),
    path("bulletins/compile/", bulletins.BulletinCompileView.as_view(), name="bulletin_compile"),
    path("bulletins/<int:pk>/", bulletins.BulletinView.as_view(), name="bulletin"),
    path(
        "bulletins/<int:pk>/download/",
        bulletins.BulletinDownloadView.as_view(),
        name="bulletin_download",
    ),
]

__all__ = ["path", "urlpatterns"]
