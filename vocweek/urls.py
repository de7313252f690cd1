"""Top-level URLs: the public portal at the root, the staff console under /console/."""

from django.conf import settings
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("vocweek.accounts.urls")),
    path("console/", include("vocweek.console.urls")),
    path("console/roster/", include("vocweek.campaigns.urls")),
    path("console/reports/", include("vocweek.reports.urls")),
    path("console/notices/", include("vocweek.notify.urls")),
    path("", include("vocweek.core.media")),  # uploaded media, passively typed (disk only)
    path("", include("vocweek.portal.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
