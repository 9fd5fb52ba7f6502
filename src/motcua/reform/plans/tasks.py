"""Background jobs of reform plans, run by ``motcua worker`` (django-tasks database queue)."""

from django_tasks import task

from . import reminders


@task()
def remind_reform_tasks(within_days: int = reminders.DEFAULT_WITHIN_DAYS) -> int:
    """Today's reminders about reform tasks due soon or overdue; once per task per day."""
    return reminders.send_reminders(within_days=within_days)
