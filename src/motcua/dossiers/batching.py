"""Writes of a transition whose results nobody reads, sent to PostgreSQL together.

A reception writes its dossier, then its participation, its event, the portal outbox row and the
indicator counters. Only the dossier's id is needed to go on; the rest are answers nobody waits
for, yet each one cost a round trip to the server. Inside ``batched()``, ``later()`` queues such a
write; the queue goes out as one pipeline (psycopg's pipeline mode: one round trip) as soon as
anything else is about to run on the connection — a read, a savepoint, another write — and at
the end of the block, before the commit. So statements run in exactly the order they were written
and every read sees the writes before it; only an error of a queued write surfaces a little later,
still inside the same transaction, which then rolls back as a whole.

Outside a block, or on SQLite (no round trips to save), ``later()`` runs its statement at once.
Recorded queries (``DEBUG``, a test's count) list every batched statement, marked ``[batched]``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import psycopg
from django.db import transaction
from django.db.models.constants import OnConflict
from django.db.models.sql import InsertQuery

from motcua.org.compiled import execute_prepared

_QUEUE = "_motcua_later"


@contextmanager
def batched(conn=None) -> Iterator[None]:
    """Queue ``later()`` writes on this connection until the next statement or the block's end."""
    conn = conn or transaction.get_connection()
    if conn.vendor != "postgresql" or getattr(conn, _QUEUE, None) is not None:
        yield  # SQLite, or already inside a block (the outer block sends)
        return
    setattr(conn, _QUEUE, [])
    conn.execute_wrappers.append(_send_first)
    try:
        yield
        flush(conn)
    finally:
        conn.execute_wrappers.remove(_send_first)
        setattr(conn, _QUEUE, None)  # on an exception the queue is dropped: the transaction rolls back


def later(
    sql: str,
    params: Sequence | Sequence[Sequence],
    *,
    many: bool = False,
    then: Callable[[object], None] | None = None,
) -> None:
    """Run ``sql`` now or with the next batch; ``then(cursor)`` reads its outcome once it has run
    (a RETURNING row, the row count)."""
    conn = transaction.get_connection()
    queue = getattr(conn, _QUEUE, None)
    if queue is None:
        with conn.cursor() as cursor:
            (cursor.executemany if many else cursor.execute)(sql, params)
            if then is not None:
                then(cursor)
        return
    queue.append((sql, params, many, then))


_INSERTS: dict[tuple, tuple] = {}


def insert_later(obj, *, ignore_conflicts: bool = False) -> None:
    """``Model.objects.bulk_create([obj], ignore_conflicts=…)`` as a ``later()`` write (no id back).

    The statement is compiled by the ORM once per model; each call only prepares the values.
    """
    conn = transaction.get_connection()
    model = type(obj)
    key = (conn.alias, conn.vendor, model, ignore_conflicts)
    if key not in _INSERTS:
        fields = [f for f in model._meta.local_concrete_fields if not f.primary_key]
        query = InsertQuery(model, on_conflict=OnConflict.IGNORE if ignore_conflicts else None)
        query.insert_values(fields, [obj])
        ((sql, _params),) = query.get_compiler(connection=conn).as_sql()
        _INSERTS[key] = (sql, fields)
    sql, fields = _INSERTS[key]
    later(sql, [f.get_db_prep_save(f.pre_save(obj, True), conn) for f in fields])


def flush(conn) -> None:
    """Send what is queued on ``conn`` in one round trip; errors come out as Django's errors."""
    queue = getattr(conn, _QUEUE, None)
    if not queue:
        return
    pending = list(queue)
    queue.clear()
    started = time.monotonic()
    conn.validate_no_broken_transaction()
    with conn.wrap_database_errors:
        raw = conn.connection
        cursors = []
        with raw.pipeline():
            for sql, params, many, _then in pending:
                cursor = psycopg.Cursor(raw)  # server-side parameters, prepared
                execute_prepared(cursor, sql, params, many=many)
                cursors.append(cursor)
        for cursor, (_sql, _params, _many, then) in zip(cursors, pending, strict=True):
            if then is not None:
                then(cursor)
            cursor.close()
    if conn.queries_logged:
        spent = f"{(time.monotonic() - started) / len(pending):.3f}"
        conn.queries_log.extend({"sql": f"[batched] {sql}", "time": spent} for sql, *_ in pending)


def _send_first(execute, sql, params, many, context):
    flush(context["connection"])
    return execute(sql, params, many, context)
