"""Top-level URLs: the public portal at the root, the staff console under /console/."""

from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from vocweek.core import views as core_views
from vocweek.portal.sitemaps import PortalSitemap
from vocweek.reports.halls.sitemaps import HallDirectorySitemap, HallSitemap
from vocweek.reports.sitemaps import StorySitemap

SITEMAPS = {
    "pages": PortalSitemap,
    "stories": StorySitemap,
    "hall-directory": HallDirectorySitemap,
    "halls": HallSitemap,
}

urlpatterns = [
    # The public write paths first: the resolver tries patterns in order, and a signature, a
    # vote or a like should not walk past every console prefix on its way.
    path("pledges/", include("vocweek.pledges.public_urls")),
    path("vote/", include("vocweek.voting.public_urls")),
    path("topics/", include("vocweek.topics.public_urls")),
    path("i18n/language/<str:code>/", core_views.switch_language, name="switch_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("vocweek.accounts.urls")),
    path("console/", include("vocweek.console.urls")),
    path("console/roster/", include("vocweek.campaigns.urls")),
    path("console/reports/", include("vocweek.reports.urls")),
    path("console/notices/", include("vocweek.notify.urls")),
    path("console/halls/", include("vocweek.reports.halls.urls")),
    path("console/plans/", include("vocweek.plans.urls")),
    path("console/activities/", include("vocweek.activities.urls")),
    path("console/pledges/", include("vocweek.pledges.urls")),
    path("console/voting/", include("vocweek.voting.urls")),
    path("console/works/", include("vocweek.voting.works.urls")),
    path("console/topics/", include("vocweek.topics.urls")),
    path("console/statistics/", include("vocweek.stats.urls")),
    path("", include("vocweek.core.media")),  # uploaded media, passively typed (disk only)
    path("column/", include("vocweek.reports.public_urls")),
    path("halls/", include("vocweek.reports.halls.public_urls")),
    path("dashboard/", include("vocweek.console.public_urls")),
    path("calendar/", include("vocweek.activities.public_urls")),
    path("works/", include("vocweek.voting.works.public_urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("vocweek.portal.urls")),
]

if settings.VOCWEEK_BENCH_HELLO:  # bench/pages.py: the hello-world reference
    urlpatterns.append(path("bench/hello/", core_views.hello))
