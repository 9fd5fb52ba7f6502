"""Reads made on every request, with their SQL built once.

Building a query through the ORM (filters, joins, a subquery) costs more Python time than the
database spends answering it. For the few reads every API call makes, the queryset is built once
with a marker in place of the value that changes, compiled, and afterwards only run: the marker's
parameter is swapped for the value, the row comes back through the same converters the ORM uses.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

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
    with conn.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    return next(compiler.apply_converters([row], converters)) if converters else list(row)
