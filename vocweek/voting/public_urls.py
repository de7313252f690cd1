"""Online voting for the public, mounted at /vote/ by vocweek/urls.py."""

from django.urls import path

from vocweek.voting.views import public

app_name = "voting"
urlpatterns = [
    path("", public.index, name="index"),
    path("<int:pk>/", public.selection, name="selection"),
    path("<int:pk>/c/<int:candidate_pk>/", public.candidate, name="candidate"),
    path("<int:pk>/verify/", public.verify, name="verify"),
    path("<int:pk>/c/<int:candidate_pk>/vote/", public.vote, name="vote"),
]
