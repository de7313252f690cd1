"""Background work for the activity calendar: thin tasks that take ids and call one service."""

from django_tasks import task

from vocweek.activities import services


@task()
def tell_registrants(registration_ids: list[int], event: str) -> None:
    """Text the registrants what happened to their registration (registrations gone are skipped)."""
    services.tell_registrants(registration_ids, event)
