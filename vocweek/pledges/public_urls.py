"""Pledge signing for the public, mounted at /pledges/ by vocweek/urls.py."""

from django.urls import path

from vocweek.pledges.views import public

app_name = "pledges"
urlpatterns = [
    path("", public.index, name="index"),
    path("<int:pk>/", public.pledge, name="pledge"),
    path("<int:pk>/sign/", public.sign, name="sign"),
    path("<int:pk>/counts.json", public.counts, name="counts"),
    path("c/<str:token>/", public.certificate, name="certificate"),
]
