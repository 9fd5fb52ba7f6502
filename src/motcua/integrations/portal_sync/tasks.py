"""Background jobs of the portal sync, run by the django-tasks worker."""

from django_tasks import task

from . import delivery


@task()
def sync_dossier(dossier_id: int) -> dict:
    """Send the due items of one dossier, in order; failures are retried by the sweeper."""
    return dict(delivery.deliver_dossier(dossier_id))


@task()
def sync_due() -> dict:
    return dict(delivery.deliver_due())
