"""The Atom feed of the publicity column: the latest featured stories, by unit."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from vocweek.reports import public_queries
from vocweek.reports.models import Report

FEED_LENGTH = 30
SUMMARY_LENGTH = 200


class ColumnFeed(Feed):
    feed_type = Atom1Feed
    title = _("Publicity column")
    subtitle = _("Stories featured from the information reports of the activity week")

    def link(self) -> str:
        return reverse("column:index")

    def items(self) -> list[Report]:
        return public_queries.feed_stories(FEED_LENGTH)

    def item_title(self, item: Report) -> str:
        return item.title

    def item_description(self, item: Report) -> str:
        return public_queries.plain_summary(item, SUMMARY_LENGTH)

    def item_link(self, item: Report) -> str:
        return reverse("column:story", args=[item.pk])

    def item_author_name(self, item: Report) -> str:
        return item.unit.name

    def item_pubdate(self, item: Report):
        return item.featured_at

    def item_updateddate(self, item: Report):
        return item.featured_at

    def item_categories(self, item: Report) -> list[str]:
        return [str(item.get_category_display())]
