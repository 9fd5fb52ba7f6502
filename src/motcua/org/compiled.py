"""Statements run on every request, with their SQL built once and, on PostgreSQL, prepared.

Building a query through the ORM (filters, joins, a subquery) costs more Python time than the
database spends answering it. For the few reads every API call makes, the queryset is built once
with a marker in place of the value that changes, compiled, and afterwards only run: the marker's
parameter is swapped for the value, the row comes back through the same converters the ORM uses.

``statement`` runs such a statement with server-side parameters, prepared on the connection:
PostgreSQL stops planning it each time (the token query with its roles took 0.27 ms to plan and
0.04 ms to run). It goes through the connection's execute wrappers like any ORM query.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager

import psycopg
from django.conf import settings
from django.db import connections
from django.db.models import QuerySet

MARK = "\x00motcua-compiled-value\x00"  # stands for the value given at run time; never a real one

_COMPILED: dict[Hashable, tuple] = {}


def first_row(key: Hashable, build: Callable[[str], QuerySet], value: str, using: str = "default"):
    """The first row of ``build(MARK).values_list(…)`` with ``value`` in place of ``MARK``, or None.

    ``key`` names what ``build`` returns (include whatever else changes it, such as the day).
    """
    conn = connections[using]
    full_key = (conn.alias, conn.vendor, key)
    compiled = _COMPILED.get(full_key)
    if compiled is None:
        if len(_COMPILED) > 64:  # keys with a day in them: drop yesterday's
            _COMPILED.clear()
        compiler = build(MARK)[:1].query.get_compiler(connection=conn)
        sql, params = compiler.as_sql()
        slots = [i for i, p in enumerate(params) if p == MARK]
        if len(slots) != 1:
            raise RuntimeError(f"{key}: the marker must appear once among the parameters")  # pragma: no cover
        columns = [col for col, _sql, _alias in compiler.select]
        converters = compiler.get_converters(columns)
        compiled = _COMPILED[full_key] = (sql, list(params), slots[0], compiler, converters)
    sql, params, slot, compiler, converters = compiled
    params = list(params)
    params[slot] = value
    with statement(conn, sql, params) as cursor:
        row = cursor.fetchone()
    if row is None:
        return None
    return next(compiler.apply_converters([row], converters)) if converters else list(row)


@contextmanager
def statement(conn, sql: str, params) -> Iterator:
    """A cursor on which ``sql`` (``%s`` placeholders) has run, closed after the block.

    On PostgreSQL the statement is prepared, with server-side parameters, and goes through the
    connection's execute wrappers and query recording like an ORM query; elsewhere it is an ORM
    cursor's ``execute``."""
    if conn.vendor != "postgresql":
        with conn.cursor() as cursor:
            cursor.execute(sql, params)
            yield cursor
        return
    cursor = _run_prepared(conn, sql, params)
    try:
        yield cursor
    finally:
        cursor.close()


def _run_prepared(conn, sql: str, params):
    def on_server(sql, params, _many, context):
        conn.validate_no_broken_transaction()
        with conn.wrap_database_errors:
            cursor = psycopg.Cursor(conn.connection)
            execute_prepared(cursor, sql, params)
            return cursor

    started = time.monotonic()
    with conn.cursor() as wrapper:  # opens the connection if needed; its wrappers run first
        cursor = wrapper._execute_with_wrappers(sql, params, False, on_server)
    if conn.queries_logged:
        conn.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
    return cursor


def execute_prepared(cursor, sql: str, params, *, many: bool = False) -> None:
    """``cursor.execute`` asking psycopg to prepare the statement (Django leaves preparing off, for
    connection poolers in transaction mode; ``MOTCUA_PREPARED_STATEMENTS=0`` turns it off here too).
    A batch of one row is run as one statement so that it is prepared as well."""
    prepare = True if settings.MOTCUA_PREPARED_STATEMENTS else None
    if prepare and cursor.connection.prepare_threshold is None:
        # Django turns psycopg's automatic preparing off; asked-for preparing needs a threshold.
        # Set so high that only the statements asked for here are prepared.
        cursor.connection.prepare_threshold = 1 << 30
    if many and len(params) == 1:
        many, params = False, params[0]
    if many:
        cursor.executemany(sql, params)
    else:
        cursor.execute(sql, params, prepare=prepare)
