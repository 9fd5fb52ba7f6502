"""Jobs of the database queue left "running" by a worker that died, given back to the queue.

django-tasks-db marks a job's row RUNNING when a worker claims it, and successful or failed when
the job returns. A worker killed in between (out of memory, ``kill -9``, a power cut) leaves the
row RUNNING for ever: no worker takes a running row again. The sweeper of ``motcua worker`` (and
``motcua manage send_notifications`` run from cron) puts such a row back in the queue once its
lease has run out — ``MOTCUA_TASK_LEASE_SECONDS`` after it started, 10 minutes by default, longer
than any of our jobs. Each claim of the row is one attempt (a worker id in ``worker_ids``); a row
abandoned ``MAX_ATTEMPTS`` times is marked failed instead, so a job that kills its worker every
time does not go on to kill every worker in turn.

Running one of our jobs twice is harmless — each sends outbox rows that carry leases of their own
and record only their own attempt — so a job that merely outlived the lease and is run again by
another worker sends nothing twice.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

DEFAULT_LEASE = timedelta(minutes=10)
MAX_ATTEMPTS = 3


class AbandonedTask(Exception):
    """Recorded as the failure of a job whose worker died ``MAX_ATTEMPTS`` times running it."""


def lease() -> timedelta:
    """``MOTCUA_TASK_LEASE_SECONDS`` from the settings or the environment; 600 when unset or bad."""
    raw = getattr(settings, "MOTCUA_TASK_LEASE_SECONDS", None)
    if raw is None:
        raw = os.environ.get("MOTCUA_TASK_LEASE_SECONDS", "")
    try:
        seconds = float(raw)
    except (TypeError, ValueError):
        return DEFAULT_LEASE
    return timedelta(seconds=seconds) if seconds > 0 else DEFAULT_LEASE


def reclaim_abandoned(*, now: datetime | None = None, limit: int = 100) -> int:
    """Give every RUNNING job whose lease has run out back to the queue (or fail it after
    ``MAX_ATTEMPTS``); return how many rows were taken back."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    stale = (
        DBTaskResult.objects.running()
        .filter(started_at__lt=now - lease())
        .order_by("started_at")
        .select_for_update(skip_locked=True)
    )
    taken = 0
    with transaction.atomic():
        for row in stale[:limit]:
            attempts = len(row.worker_ids or [])
            # Only a row still running is changed: a worker that finished meanwhile keeps its outcome.
            same = DBTaskResult.objects.filter(
                pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at
            )
            if attempts >= MAX_ATTEMPTS:
                message = (
                    f"Tác vụ bị bỏ dở {attempts} lần (tiến trình worker dừng giữa chừng); không chạy lại nữa."
                )
                taken += same.update(
                    status=TaskResultStatus.FAILED,
                    finished_at=now,
                    exception_class_path=f"{AbandonedTask.__module__}.{AbandonedTask.__qualname__}",
                    traceback=message,
                )
                logger.error(
                    "Tác vụ %s (%s) bị bỏ dở lần thứ %s, bắt đầu lúc %s: đánh dấu thất bại.",
                    row.id,
                    row.task_path,
                    attempts,
                    row.started_at.isoformat(),
                )
                continue
            taken += same.update(status=TaskResultStatus.READY)
            logger.warning(
                "Tác vụ %s (%s) đang chạy từ %s trên worker %s đã quá thời hạn giữ (%s giây): "
                "đưa lại vào hàng đợi, lần chạy %s/%s.",
                row.id,
                row.task_path,
                row.started_at.isoformat(),
                (row.worker_ids or ["?"])[-1],
                int(lease().total_seconds()),
                attempts + 1,
                MAX_ATTEMPTS,
            )
    return taken
