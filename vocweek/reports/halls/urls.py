"""Console URLs of exhibition halls, mounted at /console/halls/ by vocweek/urls.py."""

from django.urls import path  # noqa: F401

app_name = "halls_manage"
urlpatterns: list = []
