from django.urls import path

from vocweek.notify import views

app_name = "notify"
urlpatterns = [
    path("", views.NoticeListView.as_view(), name="notices"),
    path("<int:pk>/open/", views.NoticeOpenView.as_view(), name="notice_open"),
    path("read/", views.NoticesReadView.as_view(), name="notices_read"),
]
