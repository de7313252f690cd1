from django.urls import path

from vocweek.console.views import dashboard

app_name = "dashboard"
urlpatterns = [
    path("", dashboard.public_page, name="index"),
    path("data.json", dashboard.public_data, name="data"),
]
