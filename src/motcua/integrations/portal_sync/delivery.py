"""Sending sync items to the portal: in order per dossier, with leases, retries and backoff.

Order: an item is claimed only when every earlier item of its dossier has been acknowledged
(``sent``). A failed or given-up item therefore holds back the later items of *its* dossier and of
no other. Claiming happens in a short transaction (row lock, one more attempt, a lease written as
the next attempt time); sending happens outside any transaction. A worker killed while sending
leaves the lease to run out, and the next sweep sends the item again — the portal acknowledges a
resent item without storing it twice (idempotent by sync key + seq). All of this state lives in
the database, so it survives restarts of the worker and of the database.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from motcua.integrations.models import SyncItem

from . import conf
from .clients import PermanentError, PortalClient, client_for

logger = logging.getLogger(__name__)

# Wait after the n-th failure; the portal may be down for hours, so the tail is long and the last
# wait repeats until MAX_ATTEMPTS, after which the item is given up (an officer resends it).
BACKOFF = (
    timedelta(seconds=30),
    timedelta(minutes=2),
    timedelta(minutes=10),
    timedelta(minutes=30),
    timedelta(hours=1),
)
MAX_ATTEMPTS = 24
# Longer than the slowest send (MOTCUA_PORTAL_TIMEOUT); an older claim is taken as abandoned.
LEASE = timedelta(minutes=2)
TO_SEND = (SyncItem.State.PENDING, SyncItem.State.FAILED)
SENT = SyncItem.State.SENT
SKIPPED = "skipped"


def _scale() -> float:
    """``MOTCUA_PORTAL_RETRY_SCALE`` shrinks every wait and lease alike (a simulator, a fault
    test with real processes); 1 in production."""
    try:
        return max(float(conf.setting("MOTCUA_PORTAL_RETRY_SCALE", "1")), 0.0001)
    except ValueError:
        return 1.0


def backoff(attempts: int) -> timedelta:
    return BACKOFF[min(attempts, len(BACKOFF)) - 1] * _scale()


def lease() -> timedelta:
    return LEASE * _scale()


def _earlier_unsent():
    return SyncItem.objects.filter(dossier=OuterRef("dossier"), seq__lt=OuterRef("seq")).exclude(state=SENT)


def due_dossiers(*, now: datetime | None = None, limit: int = 200) -> list[int]:
    """Dossiers whose next item to send (the head of their queue) is due, oldest first."""
    now = now or timezone.now()
    heads = (
        SyncItem.objects.filter(state__in=TO_SEND, next_attempt_at__lte=now)
        .filter(~Exists(_earlier_unsent()))
        .order_by("next_attempt_at", "pk")
        .values_list("dossier_id", flat=True)[:limit]
    )
    return list(dict.fromkeys(heads))


def deliver_due(
    *, now: datetime | None = None, limit: int = 200, client: PortalClient | None = None
) -> Counter:
    """The sweeper: send what is due for up to ``limit`` dossiers; count outcomes by state."""
    now = now or timezone.now()
    client = client or client_for()
    outcomes: Counter = Counter()
    for dossier_id in due_dossiers(now=now, limit=limit):
        outcomes.update(deliver_dossier(dossier_id, now=now, client=client))
    return outcomes


def deliver_dossier(
    dossier_id: int, *, now: datetime | None = None, client: PortalClient | None = None, limit: int = 500
) -> Counter:
    """Send the due items of one dossier in seq order; stop at the first that is not acknowledged."""
    now = now or timezone.now()
    client = client or client_for()
    outcomes: Counter = Counter()
    for _ in range(limit):
        head = (
            SyncItem.objects.filter(dossier_id=dossier_id)
            .exclude(state=SENT)
            .order_by("seq")
            .values_list("pk", flat=True)
            .first()
        )
        if head is None:
            break
        state = deliver(head, now=now, client=client)
        if state != SENT:
            if state != SKIPPED:
                outcomes[state] += 1
            break
        outcomes[state] += 1
    return outcomes


def deliver(item_id: int, *, now: datetime | None = None, client: PortalClient | None = None) -> str:
    """Send one item if it is due and first in its dossier's line; return its new state."""
    now = now or timezone.now()
    item = _claim(item_id, now)
    if item is None:
        return SKIPPED
    client = client or client_for()
    try:
        ack = client.send(item)
    except PermanentError as exc:
        return _failed(item, exc, now, permanent=True)
    except Exception as exc:
        return _failed(item, exc, now)
    _record(
        item,
        state=SENT,
        sent_at=timezone.now(),
        next_attempt_at=None,
        ack_id=str(ack or "")[:255],
        last_error="",
    )
    return SENT


def claim_only(item_id: int, *, now: datetime | None = None) -> SyncItem | None:
    """Take the lease of an item without sending it (what a worker killed mid-send leaves behind)."""
    return _claim(item_id, now or timezone.now())


def resend(ids: Iterable[int], *, now: datetime | None = None) -> int:
    """Give failed or given-up items a fresh set of attempts, starting now (admin "Gửi lại")."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = SyncItem.objects.filter(
            pk__in=list(ids), state__in=[SyncItem.State.FAILED, SyncItem.State.DEAD]
        )
        picked = list(rows.values_list("pk", "dossier_id"))
        SyncItem.objects.filter(pk__in=[pk for pk, _ in picked]).update(
            state=SyncItem.State.PENDING, attempts=0, next_attempt_at=now
        )
        from .outbox import queue

        for dossier_id in {d for _, d in picked}:
            transaction.on_commit(lambda d=dossier_id: queue(d), robust=True)
    return len(picked)


def _claim(pk: int, now: datetime) -> SyncItem | None:
    with transaction.atomic():
        item = SyncItem.objects.select_for_update().filter(pk=pk).first()
        if item is None or item.state not in TO_SEND:
            return None
        if item.next_attempt_at is not None and item.next_attempt_at > now:
            return None  # not due yet, or leased by another worker
        if SyncItem.objects.filter(dossier_id=item.dossier_id, seq__lt=item.seq).exclude(state=SENT).exists():
            return None  # an earlier item of the dossier is not acknowledged yet
        item.attempts += 1
        item.next_attempt_at = now + lease()
        item.save(update_fields=["attempts", "next_attempt_at"])
    return item


def _failed(item: SyncItem, exc: Exception, now: datetime, permanent: bool = False) -> str:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if permanent or item.attempts >= MAX_ATTEMPTS:
        state, next_at = SyncItem.State.DEAD, None
    else:
        state, next_at = SyncItem.State.FAILED, now + backoff(item.attempts)
    logger.warning(
        "Đồng bộ %s #%s lên Cổng thất bại (lần %s): %s", item.sync_key, item.seq, item.attempts, error
    )
    _record(item, state=state, next_attempt_at=next_at, last_error=error)
    return state


def _record(item: SyncItem, **fields) -> None:
    # Only the attempt that holds the claim writes its outcome; after the lease ran out a later
    # claim owns the row. An acknowledgement is always kept, though: the portal has the item.
    rows = SyncItem.objects.filter(pk=item.pk, attempts=item.attempts)
    if fields.get("state") == SENT:
        rows = SyncItem.objects.filter(pk=item.pk).exclude(state=SENT)
    rows.update(**fields)
    for name, value in fields.items():
        setattr(item, name, value)
