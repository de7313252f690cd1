from django.core.management.base import BaseCommand

from vocweek.reports.search import rebuild_story_index


class Command(BaseCommand):
    help = "Rebuild the search index of featured stories from the reports of now."

    def handle(self, *args, **options) -> None:
        count = rebuild_story_index()
        self.stdout.write(f"Indexed {count} featured stories.")
