"""Public URLs of exhibition halls, mounted at /halls/ by vocweek/urls.py."""

from django.urls import path  # noqa: F401

app_name = "halls"
urlpatterns: list = []
