"""Console URLs of the statistics table, mounted at /console/statistics/ by vocweek/urls.py."""

from django.urls import path

from vocweek.stats.views import exports, manage

app_name = "stats"

urlpatterns = [
    path("", manage.ReturnsView.as_view(), name="returns"),
    path("mine/", manage.MyReturnView.as_view(), name="mine"),
    path("mine/template.xlsx", manage.TemplateView.as_view(), name="template"),
    path("mine/upload/", manage.UploadView.as_view(), name="upload"),
    path("returns/<int:pk>/", manage.ReturnView.as_view(), name="return"),
    path("submit-city/", manage.SubmitCityView.as_view(), name="submit_city"),
    path("export.xlsx", exports.ProvinceExportView.as_view(), name="export"),
]
