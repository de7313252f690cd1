"""Works collections for the public, mounted at /works/ by vocweek/urls.py."""

from django.urls import path

from vocweek.voting.works.views import public

app_name = "works"
urlpatterns = [
    path("", public.index, name="index"),
    path("<int:pk>/", public.collection, name="collection"),
    path("<int:pk>/entries/<int:entry_pk>/", public.winner, name="winner"),
]
