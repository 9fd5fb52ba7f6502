"""Writing sync items into the outbox, inside the transaction of the transition.

``dossier_changed`` is sent by the one write path (``dossiers/services.py``) inside its
transaction, so a dossier change and its sync item are stored together or not at all. Sending is
queued on ``dossier_committed`` (after commit); if the queue is down, the sweeper finds the row.
A replayed event (the same dossier and seq) writes nothing new.
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.utils import timezone

from motcua.dossiers.batching import insert_later
from motcua.dossiers.models import Dossier
from motcua.dossiers.signals import dossier_changed, dossier_committed
from motcua.integrations.models import SyncGap, SyncItem

from . import conf, payload

logger = logging.getLogger(__name__)
_muted = contextvars.ContextVar("portal_sync_muted", default=False)


@contextmanager
def muted(reason: str = "") -> Iterator[None]:
    """Queue nothing for the portal for what happens inside (data repair, imports of old history).

    Dossiers created inside are unknown to the portal until ``backfill``: a gap is recorded so that
    the "synchronised" indicator counts them as missing (see ``SyncGap``)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)
        if reason:
            note_gap(reason)


def note_gap(reason: str) -> None:
    if conf.enabled() and not SyncGap.objects.exists():
        SyncGap.objects.create(reason=reason[:200])


def gap_open() -> bool:
    return SyncGap.objects.exists()


def _notifications_muted() -> bool:
    # The demo's year of history runs under the notifications' mute: it is old history, not news
    # for the portal either (``portal_sync --backfill`` sends it later).
    from motcua.integrations.notifications.subscribers import _muted as notifications_muted

    return notifications_muted.get()


def connect() -> None:
    dossier_changed.connect(on_dossier_changed, sender=Dossier, dispatch_uid="portal_sync.dossier")
    dossier_committed.connect(on_dossier_committed, sender=Dossier, dispatch_uid="portal_sync.committed")


def on_dossier_changed(sender, dossier: Dossier, event, previous_state=None, **kwargs) -> None:
    if _muted.get() or _notifications_muted() or not conf.enabled():
        return
    write(dossier, event)


def on_dossier_committed(sender, dossier: Dossier, event, **kwargs) -> None:
    if _muted.get() or _notifications_muted() or not conf.enabled():
        return
    queue(dossier.pk)


def write(dossier: Dossier, event) -> None:
    """The outbox row of one event; the first row of a dossier is its creation on the portal."""
    first = event.seq == 1 or not SyncItem.objects.filter(dossier=dossier, seq__lt=event.seq).exists()
    kind = payload.kind_of(event, first)
    item = SyncItem(
        dossier=dossier,
        seq=event.seq,
        sync_key=payload.sync_key(dossier),
        kind=kind,
        status_code=conf.portal_status(dossier.state),
        payload=payload.build(dossier, event, kind),
        next_attempt_at=timezone.now(),
    )
    # A replay of the same event meets the unique (dossier, seq) and changes nothing. Inside a
    # transition the row goes with its other writes (``dossiers.batching``).
    insert_later(item, ignore_conflicts=True)


# A busy desk commits many dossiers a second; one job for each would mean a queue row per
# transition and a worker waking for every one. Instead a process queues one "send what is due"
# job to run a moment later, and the commits until then ride on it.
COALESCE_SECONDS = 0.5
_covered_until = 0.0  # (monotonic) a job this process queued runs after every commit before this
_coalesce_lock = threading.Lock()


def queue(dossier_id: int) -> None:
    """Have the dossier's new items sent soon (called after the commit that wrote them).

    With a queue that runs jobs later (the database queue), one ``sync_due`` job per process and
    half second is queued, to run after that half second: it finds every item committed before it
    runs. A queue that runs jobs at once (tests, ``MOTCUA_TASKS_IMMEDIATE``) sends this dossier now.
    If the queue is down, the sweeper finds the items anyway.
    """
    global _covered_until
    from django_tasks import task_backends

    from .tasks import sync_dossier, sync_due

    try:
        if not task_backends[sync_dossier.backend].supports_defer:
            sync_dossier.enqueue(dossier_id)
            return
        with _coalesce_lock:
            now = time.monotonic()
            if now < _covered_until:
                return
            _covered_until = now + COALESCE_SECONDS
        sync_due.using(run_after=timezone.now() + timedelta(seconds=COALESCE_SECONDS)).enqueue()
    except Exception:
        logger.exception("Không đưa được đồng bộ hồ sơ %s vào hàng đợi; bộ quét sẽ gửi sau.", dossier_id)


def backfill(limit: int = 1000) -> int:
    """Queue a creation for dossiers the portal was never told about (muted imports, history).

    One item per dossier, at the seq of its latest event, carrying the dossier as it is now; the
    portal accepts a creation at any seq and the following events from there on.
    """
    from motcua.dossiers.models import DossierEvent

    never = Dossier.objects.filter(portal_sync_items__isnull=True)
    todo = never.order_by("pk")[:limit]
    made = 0
    for dossier in todo.select_related("agency", "current_agency", "applicant", "procedure_version"):
        event = DossierEvent.objects.filter(dossier=dossier).order_by("-seq").first()
        if event is not None:
            write(dossier, event)
            made += 1
    if not never.exists():
        SyncGap.objects.all().delete()
    return made
