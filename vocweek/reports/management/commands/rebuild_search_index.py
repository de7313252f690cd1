from django.core.management.base import BaseCommand

from vocweek.reports.halls.search import rebuild_hall_index
from vocweek.reports.search import rebuild_story_index


class Command(BaseCommand):
    help = "Rebuild the search index of featured stories and published halls from the data of now."

    def handle(self, *args, **options) -> None:
        stories = rebuild_story_index()
        halls = rebuild_hall_index()
        self.stdout.write(f"Indexed {stories} featured stories and {halls} exhibition halls.")
