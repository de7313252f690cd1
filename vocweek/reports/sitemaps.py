"""The featured stories for search engines (wired at /sitemap.xml by vocweek/urls.py)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from vocweek.reports import public_queries
from vocweek.reports.models import Report


class StorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return public_queries.sitemap_stories()

    def location(self, item: Report) -> str:
        return reverse("column:story", args=[item.pk])

    def lastmod(self, item: Report):
        return item.updated_at
