"""The publicity column (宣传专栏), mounted at /column/ by vocweek/urls.py."""

from django.urls import path

from vocweek.reports.feeds import ColumnFeed
from vocweek.reports.views import public

app_name = "column"
urlpatterns = [
    path("", public.column, name="index"),
    path("feed/", ColumnFeed(), name="feed"),
    path("<int:pk>/", public.story, name="story"),
]
