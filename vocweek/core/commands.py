"""The base of VocWeek's management commands."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation


class PlatformCommand(BaseCommand):
    """A command that speaks the platform's language (Chinese by default), whatever ran before it."""

    def execute(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            return super().execute(*args, **options)
