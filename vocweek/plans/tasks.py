"""Background work for activity plans: thin tasks that take ids and call one service."""

from django_tasks import task

from vocweek.plans import services


@task()
def check_topic_website(plan_id: int) -> None:
    """Check the plan's topic website and record what was found; nothing if the plan is gone."""
    services.check_and_record_website(plan_id)
