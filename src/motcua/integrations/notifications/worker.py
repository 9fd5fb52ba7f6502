"""``motcua worker``: the django-tasks database worker plus the notification and portal-sync sweepers.

The sweeper sends every outbox row whose next attempt has come, every ``--sweep-every`` seconds,
in a thread beside ``db_worker``. Retries therefore survive a restart of the worker and a job the
queue lost. It also gives back to the queue the jobs a dead worker left "running" once their lease
has run out (``task_leases``). Without this command, running ``db_worker`` and ``motcua manage
send_notifications`` from cron (every minute) does the same.
"""

import argparse
import contextlib
import logging
import threading
from datetime import datetime

from django.core.management import call_command
from django.db import close_old_connections, connections

from motcua.integrations.task_leases import reclaim_abandoned

from .delivery import deliver_due

logger = logging.getLogger(__name__)


def sweep(*, now: datetime | None = None) -> dict:
    """One pass: abandoned jobs back to the queue, then the notifications that are due."""
    reclaimed = reclaim_abandoned(now=now)
    outcomes = dict(deliver_due(now=now))
    if reclaimed:
        outcomes["reclaimed"] = reclaimed
    return outcomes


def sweep_forever(interval: float, stop: threading.Event) -> None:
    while not stop.is_set():
        close_old_connections()
        try:
            outcomes = sweep()
            if outcomes:
                logger.info("Bộ quét thông báo: %s", outcomes)
        except Exception:
            logger.exception("Bộ quét thông báo gặp lỗi; sẽ thử lại sau %s giây.", interval)
        stop.wait(interval)
    connections.close_all()


def run_worker(argv: list[str], extra_threads=()) -> int:
    """``extra_threads``: callables ``f(stop_event)`` of the apps above (reform reminders) run
    beside the sweepers until the worker stops."""
    parser = argparse.ArgumentParser(prog="motcua worker", add_help=False)
    parser.add_argument("--sweep-every", type=float, default=30.0)
    options, rest = parser.parse_known_args(argv)
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend

    from motcua.integrations.portal_sync.worker import sweep_forever as sync_forever

    stop = threading.Event()
    for target in extra_threads:
        threading.Thread(target=target, args=(stop,), name=target.__name__, daemon=True).start()
    # The national-portal outbox has its own sweeper thread: a slow portal never delays a notice.
    threading.Thread(
        target=sync_forever, args=(options.sweep_every / 3, stop), name="portal-sync-sweeper", daemon=True
    ).start()
    if not isinstance(task_backends["default"], DatabaseBackend):
        # Immediate backend (MOTCUA_TASKS_IMMEDIATE=1): jobs ran when queued; only retries remain.
        with contextlib.suppress(KeyboardInterrupt):
            sweep_forever(options.sweep_every, stop)
        return 0
    sweeper = threading.Thread(
        target=sweep_forever, args=(options.sweep_every, stop), name="notification-sweeper", daemon=True
    )
    sweeper.start()
    try:
        call_command("db_worker", "--no-reload", *rest)
    finally:
        stop.set()
    return 0
