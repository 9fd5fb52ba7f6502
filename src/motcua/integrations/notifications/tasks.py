"""Background jobs of notifications, run by ``motcua worker`` (django-tasks database queue)."""

from django_tasks import task

from . import delivery


@task()
def deliver_notification(notification_id: int) -> str:
    """Send one outbox row; a failure is recorded on the row and retried by the sweeper."""
    return delivery.deliver(notification_id)


@task()
def deliver_due() -> dict:
    """Send every notification whose next attempt has come."""
    return dict(delivery.deliver_due())
