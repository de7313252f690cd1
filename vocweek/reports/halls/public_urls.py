"""Public URLs of exhibition halls, mounted at /halls/ by vocweek/urls.py."""

from django.urls import path

from vocweek.reports.halls.views import public

app_name = "halls"
urlpatterns = [
    path("", public.index, name="index"),
    path("<int:pk>/", public.hall, name="hall"),
]
