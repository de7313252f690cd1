"""Console URLs of exhibition halls, mounted at /console/halls/ by vocweek/urls.py."""

from django.urls import path

from vocweek.reports.halls.views import manage

app_name = "halls_manage"

urlpatterns = [
    path("", manage.HallEditorView.as_view(), name="edit"),
    path("open/", manage.HallOpenView.as_view(), name="open"),
    path("all/", manage.HallListView.as_view(), name="list"),
    path("<int:pk>/publish/", manage.HallPublishView.as_view(), name="publish"),
    path("<int:pk>/withdraw/", manage.HallWithdrawView.as_view(), name="withdraw"),
    path("<int:pk>/information/", manage.HallInformationView.as_view(), name="information"),
    path("<int:pk>/majors/add/", manage.MajorSaveView.as_view(), name="major_add"),
    path("<int:pk>/majors/<int:major_pk>/", manage.MajorSaveView.as_view(), name="major_edit"),
    path(
        "<int:pk>/majors/<int:major_pk>/remove/",
        manage.MajorRemoveView.as_view(),
        name="major_remove",
    ),
    path("<int:pk>/links/add/", manage.LinkSaveView.as_view(), name="link_add"),
    path("<int:pk>/links/<int:link_pk>/", manage.LinkSaveView.as_view(), name="link_edit"),
    path(
        "<int:pk>/links/<int:link_pk>/remove/", manage.LinkRemoveView.as_view(), name="link_remove"
    ),
    path("<int:pk>/albums/add/", manage.AlbumSaveView.as_view(), name="album_add"),
    path("<int:pk>/albums/<int:album_pk>/", manage.AlbumSaveView.as_view(), name="album_edit"),
    path(
        "<int:pk>/albums/<int:album_pk>/remove/",
        manage.AlbumRemoveView.as_view(),
        name="album_remove",
    ),
    path(
        "<int:pk>/albums/<int:album_pk>/photos/",
        manage.PhotosAddView.as_view(),
        name="photos_add",
    ),
    path("<int:pk>/videos/add/", manage.VideoAddView.as_view(), name="video_add"),
    path("<int:pk>/panoramas/add/", manage.PanoramaAddView.as_view(), name="panorama_add"),
    path("<int:pk>/media/<int:media_pk>/caption/", manage.CaptionView.as_view(), name="caption"),
    path(
        "<int:pk>/media/<int:media_pk>/remove/",
        manage.MediaRemoveView.as_view(),
        name="media_remove",
    ),
    path("<int:pk>/media/<int:media_pk>/cover/", manage.CoverView.as_view(), name="cover"),
]
