"""The public pages that are not stories, for search engines."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class PortalSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self) -> list[str]:
        return ["portal:home", "column:index"]

    def location(self, item: str) -> str:
        return reverse(item)
