"""The hall directory and the published halls for search engines (wired at /sitemap.xml by
vocweek/urls.py)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from vocweek.reports.halls import queries
from vocweek.reports.halls.models import Hall


class HallDirectorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self) -> list[str]:
        return ["halls:index"]

    def location(self, item: str) -> str:
        return reverse(item)


class HallSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return queries.sitemap_halls()

    def location(self, item: Hall) -> str:
        return reverse("halls:hall", args=[item.pk])

    def lastmod(self, item: Hall):
        return item.updated_at
