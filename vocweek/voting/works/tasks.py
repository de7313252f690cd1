"""Background work for works collections: thin tasks that take ids and call one function."""

from django_tasks import task

from vocweek.voting.works import processing


@task()
def process_entry_media(media_id: int) -> None:
    """Make a photo's preview, or strip a video and take its poster; nothing if gone or done."""
    processing.process_entry_media(media_id)
