from django.urls import path

from vocweek.console.views import dashboard, staff

app_name = "console"
urlpatterns = [
    path("", staff.HomeView.as_view(), name="home"),
    path("units/", staff.UnitsView.as_view(), name="units"),
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("dashboard/data.json", dashboard.DashboardDataView.as_view(), name="dashboard_data"),
]
