from django.urls import path

from vocweek.portal import search_views, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", search_views.search, name="search"),
    path("take-part/", views.take_part, name="take_part"),
    path("poster/", views.qr_poster, name="qr_poster"),
    path("poster.png", views.qr_png, name="qr_png"),
]
