"""Console URLs of interactive topics, mounted at /console/topics/ by vocweek/urls.py."""

from django.urls import path

from vocweek.topics.views import manage

app_name = "topics_manage"

urlpatterns = [
    path("", manage.ListView.as_view(), name="list"),
    path("new/", manage.NewView.as_view(), name="new"),
    path("words/", manage.WordsView.as_view(), name="words"),
    path("<int:pk>/", manage.TopicView.as_view(), name="topic"),
    path("<int:pk>/open/", manage.OpenView.as_view(), name="open"),
    path("<int:pk>/close/", manage.CloseView.as_view(), name="close"),
    path("<int:pk>/moderate/", manage.ModerateView.as_view(), name="moderate"),
]
