"""Writing notifications into the outbox, inside the caller's transaction.

The rows are written with the change that caused them, so a crash right after commit loses
nothing: the sweeper finds them. Sending is only queued once the transaction has committed, so
a rolled-back change never notifies anyone and the page never waits for a mail or SMS server.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from motcua.integrations.models import Notification

from . import sms

logger = logging.getLogger(__name__)
TEMPLATES = "integrations/notifications"


def write(
    *,
    key: str,
    kind: str,
    context: dict,
    subject: str,
    email: str = "",
    phone: str = "",
    dossier=None,
    event_seq: int | None = None,
) -> list[Notification]:
    """One row per channel the recipient can be reached on; none when neither is known.

    Writing the same ``key`` again returns the existing rows and adds nothing.
    """
    email, phone = (email or "").strip(), (phone or "").strip()
    if not (email or phone):
        return []
    now = timezone.now()
    rows = []
    # Citizens are written to in Vietnamese whatever language the officer's page uses.
    with translation.override("vi"):
        if email:
            body = _tidy(render_to_string(f"{TEMPLATES}/{kind}_email.txt", context))
            rows.append(Notification(channel=Notification.Channel.EMAIL, recipient=email, body=body))
        if phone:
            rows.append(_sms_row(phone, render_to_string(f"{TEMPLATES}/{kind}_sms.txt", context)))
    for row in rows:
        row.key, row.kind, row.dossier, row.event_seq = key, kind, dossier, event_seq
        row.subject = " ".join(str(subject).split())[:255]
        if row.state == Notification.State.PENDING:
            row.next_attempt_at = now
    # A replay of the same cause meets the unique key and changes nothing ("update" key to itself),
    # yet the ids come back on PostgreSQL and SQLite alike.
    rows = Notification.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["key", "channel"], update_fields=["key"]
    )
    queue_after_commit(r.pk for r in rows if r.state == Notification.State.PENDING)
    return rows


def _tidy(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t]+\n", "\n", text)).strip() + "\n"


def _sms_row(phone: str, text: str) -> Notification:
    body = sms.to_sms_text(text)
    try:
        number = sms.normalize_phone(phone)
    except sms.InvalidPhone as exc:
        # Kept, not skipped: the officer sees in the admin why the citizen got no SMS.
        return Notification(
            channel=Notification.Channel.SMS,
            recipient=phone[:254],
            body=body,
            state=Notification.State.DEAD,
            last_error=str(exc),
        )
    return Notification(channel=Notification.Channel.SMS, recipient=number, body=body)


def queue_after_commit(ids: Iterable[int]) -> None:
    ids = [pk for pk in ids if pk is not None]
    if ids:
        # robust: a queue that cannot take the job must not turn a committed change into an error
        # page; the row stays pending and the sweeper sends it.
        transaction.on_commit(partial(queue, ids), robust=True)


def queue(ids: list[int]) -> None:
    from .tasks import deliver_notification

    for pk in ids:
        try:
            deliver_notification.enqueue(pk)
        except Exception:
            logger.exception("Không đưa được thông báo %s vào hàng đợi; bộ quét sẽ gửi sau.", pk)
