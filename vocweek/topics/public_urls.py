"""Interactive topics for the public, mounted at /topics/ by vocweek/urls.py."""

from django.urls import path

from vocweek.topics.views import public

app_name = "topics"
urlpatterns = [
    path("", public.index, name="index"),
    path("<int:pk>/", public.topic, name="topic"),
    path("<int:pk>/answer/", public.answer, name="answer"),
    path("<int:pk>/answers/<int:answer_pk>/like/", public.like, name="like"),
]
