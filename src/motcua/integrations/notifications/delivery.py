"""Sending outbox rows: claim, send outside any transaction, record; retry with a growing delay.

A row is claimed in a short transaction (row lock, one more attempt, a lease as next attempt) and
sent after that transaction ends, so a slow mail server holds no lock that a page could wait on.
A worker that dies while sending leaves the lease to expire; the sweeper then sends the row again.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from motcua.integrations.models import Notification

from .channels import PermanentFailure, channel_for
from .outbox import queue_after_commit

logger = logging.getLogger(__name__)

# Wait after the 1st, 2nd, 3rd and 4th failure; the 5th failure gives up.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=25), timedelta(minutes=125))
MAX_ATTEMPTS = len(BACKOFF) + 1
# Longer than the slowest send (EMAIL_TIMEOUT); a claim older than this is taken as abandoned.
LEASE = timedelta(minutes=10)
TO_SEND = (Notification.State.PENDING, Notification.State.FAILED)
SKIPPED = "skipped"


def deliver(notification_id: int, *, now: datetime | None = None) -> str:
    """Send one notification if it is due; return its new state, or ``"skipped"``."""
    now = now or timezone.now()
    notification = _claim(notification_id, now)
    if notification is None:
        return SKIPPED
    try:
        message_id = channel_for(notification.channel).send(notification)
    except PermanentFailure as exc:
        return _failed(notification, exc, now, permanent=True)
    except Exception as exc:
        return _failed(notification, exc, now)
    _record(
        notification,
        state=Notification.State.SENT,
        sent_at=timezone.now(),
        next_attempt_at=None,
        provider_message_id=str(message_id or "")[:255],
        last_error="",
    )
    return Notification.State.SENT


def deliver_due(*, now: datetime | None = None, limit: int = 200) -> Counter:
    """Send every row whose next attempt has come (the sweeper); count the outcomes by state."""
    now = now or timezone.now()
    due = (
        Notification.objects.filter(state__in=TO_SEND, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    outcomes: Counter = Counter()
    for pk in list(due):
        outcomes[deliver(pk, now=now)] += 1
    outcomes.pop(SKIPPED, None)
    return outcomes


def resend(ids: Iterable[int], *, now: datetime | None = None) -> int:
    """Give failed or given-up notifications a fresh set of attempts, starting now (admin "Gửi lại")."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = Notification.objects.filter(
            pk__in=list(ids), state__in=[Notification.State.FAILED, Notification.State.DEAD]
        )
        picked = list(rows.values_list("pk", flat=True))
        Notification.objects.filter(pk__in=picked).update(
            state=Notification.State.PENDING, attempts=0, next_attempt_at=now
        )
        queue_after_commit(picked)
    return len(picked)


def _claim(pk: int, now: datetime) -> Notification | None:
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=pk).first()
        if notification is None or notification.state not in TO_SEND:
            return None
        if notification.next_attempt_at is not None and notification.next_attempt_at > now:
            return None
        notification.attempts += 1
        notification.next_attempt_at = now + LEASE
        notification.save(update_fields=["attempts", "next_attempt_at"])
    return notification


def _failed(notification: Notification, exc: Exception, now: datetime, permanent: bool = False) -> str:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if permanent or notification.attempts >= MAX_ATTEMPTS:
        state, next_at = Notification.State.DEAD, None
    else:
        state, next_at = Notification.State.FAILED, now + BACKOFF[notification.attempts - 1]
    logger.warning("Gửi thông báo %s thất bại (lần %s): %s", notification.pk, notification.attempts, error)
    _record(notification, state=state, next_attempt_at=next_at, last_error=error)
    return state


def _record(notification: Notification, **fields) -> None:
    # Only the attempt that claimed the row writes its outcome; a later claim (after the lease
    # ran out) owns the row now.
    Notification.objects.filter(pk=notification.pk, attempts=notification.attempts).update(**fields)
    for name, value in fields.items():
        setattr(notification, name, value)
