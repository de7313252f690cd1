"""The public activity calendar (活动日历), mounted at /calendar/ by vocweek/urls.py."""

from django.urls import path

from vocweek.activities.views import public

app_name = "activities"
urlpatterns = [
    path("", public.calendar, name="calendar"),
    path("<int:pk>/", public.activity, name="activity"),
    path("<int:pk>/register/", public.register, name="register"),
    path("<int:pk>/activity.ics", public.activity_ics, name="activity_ics"),
    path("r/<str:token>/", public.registration, name="registration"),
    path("r/<str:token>/cancel/", public.cancel, name="cancel"),
    path("feed.ics", public.feed, name="feed"),
    path("feed/city/<int:pk>.ics", public.city_feed, name="city_feed"),
    path("feed/unit/<int:pk>.ics", public.unit_feed, name="unit_feed"),
]
