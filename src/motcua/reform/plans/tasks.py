"""Background jobs of reform plans, run by ``motcua worker`` (django-tasks database queue)."""

from django_tasks import task

from . import reminders


@task()
def remind_reform_tasks(within_days: int = reminders.DEFAULT_WITHIN_DAYS) -> int:
    """Today's reminders about reform tasks due soon or overdue; once per task per day."""
    return reminders.send_reminders(within_days=within_days)


def remind_daily(stop, every: float = 3600.0) -> None:
    """A thread of ``motcua worker``: today's reminders, checked every hour (each task is reminded
    at most once a day, so a restart or a second worker sends nothing twice)."""
    import logging

    from django.db import close_old_connections, connection

    log = logging.getLogger(__name__)
    while not stop.is_set():
        if not connection.in_atomic_block:  # never inside a caller's transaction (tests, a shell)
            close_old_connections()
        try:
            sent = reminders.send_reminders()
            if sent:
                log.info("Nhắc việc cải cách hành chính: đã gửi %s thư.", sent)
        except Exception:
            log.exception("Nhắc việc cải cách hành chính gặp lỗi; sẽ thử lại sau.")
        stop.wait(every)
