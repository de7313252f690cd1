from django.urls import path

from vocweek.console import views

app_name = "console"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("units/", views.UnitsView.as_view(), name="units"),
]
