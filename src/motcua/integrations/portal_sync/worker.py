"""The portal sweeper: send what is due every few seconds, surviving database restarts.

``motcua worker`` runs ``sweep_forever`` in a thread of its own; ``motcua manage portal_sync
--loop`` (or from cron without ``--loop``) does the same on its own.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from django.db import close_old_connections, connections

from .delivery import deliver_due

logger = logging.getLogger(__name__)


def sweep_once(limit: int = 200, *, now: datetime | None = None) -> dict:
    # A connection the database dropped (restart, failover) is noticed here and replaced; never
    # inside a caller's transaction (a command run from a test or a shell in ``atomic``).
    connection = connections["default"]
    if not connection.in_atomic_block:
        close_old_connections()
    try:
        return dict(deliver_due(limit=limit, now=now))
    except Exception:
        logger.exception("Bộ quét đồng bộ Cổng DVCQG gặp lỗi; sẽ thử lại ở lượt sau.")
        if not connection.in_atomic_block:
            connection.close()
        return {}


def sweep_forever(interval: float, stop: threading.Event, limit: int = 200) -> None:
    while not stop.is_set():
        outcomes = sweep_once(limit)
        if outcomes:
            logger.info("Bộ quét đồng bộ Cổng DVCQG: %s", outcomes)
        stop.wait(interval)
    connections.close_all()
