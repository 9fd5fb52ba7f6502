"""Calendars built from the library holidays plus the administrator's overrides.

A calendar is cached in-process per (office hours, scope). Saving or deleting an override bumps a
version counter that empties the cache. Two gaps are closed as well:

* a calendar built inside a transaction that changed an override is not cached, since a rollback
  sends no signal and would leave it stale;
* other processes (web server, worker) never see the signal, so an entry expires after
  ``CACHE_SECONDS``.
"""

from __future__ import annotations

import logging
import threading
import time as clock
from contextlib import nullcontext
from datetime import date

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.utils import OperationalError, ProgrammingError

from .core import OfficeHours, WorkCalendar

logger = logging.getLogger(__name__)

CACHE_SECONDS = 300.0

_lock = threading.Lock()
_version = 0
_cache: dict[tuple[OfficeHours, str], tuple[int, float, WorkCalendar]] = {}
_uncommitted = threading.local()  # per thread, hence per database connection


def build_calendar(hours: OfficeHours | None = None, scope: str = "") -> WorkCalendar:
    """The working-day calendar of an agency: its hours, global overrides and its own ones."""
    hours = hours or OfficeHours.default()
    scope = (scope or "").strip()
    key = (hours, scope)
    now = clock.monotonic()
    if not connection.in_atomic_block:
        _uncommitted.changed = False  # whatever transaction changed an override has ended
    cacheable = not getattr(_uncommitted, "changed", False)
    with _lock:
        version = _version
        cached = _cache.get(key)
    if cacheable and cached and cached[0] == version and now - cached[1] < CACHE_SECONDS:
        return cached[2]
    overrides = _load_overrides(scope)
    if overrides is None:
        # Not migrated yet: library defaults, not cached so the table is used once it exists.
        return WorkCalendar(hours)
    days_off, working_days = overrides
    calendar = WorkCalendar(hours, days_off=days_off, working_days=working_days)
    with _lock:
        if cacheable and version == _version:  # an override saved meanwhile makes it stale
            _cache[key] = (version, now, calendar)
    return calendar


def invalidate_calendar_cache() -> None:
    """Forget every cached calendar; bulk operations that send no signals must call it."""
    global _version
    with _lock:
        _version += 1
        _cache.clear()


def _load_overrides(scope: str) -> tuple[set[date], set[date]] | None:
    from .models import CalendarOverride  # models imports this module to connect its signals

    scopes = {"", scope}
    # On PostgreSQL a failed query poisons the surrounding transaction; a savepoint contains it.
    guard = transaction.atomic() if connection.in_atomic_block else nullcontext()
    try:
        with guard:
            rows = list(
                CalendarOverride.objects.filter(scope__in=scopes).values_list("date", "kind", "scope")
            )
    except (OperationalError, ProgrammingError):
        logger.debug("calendar overrides unavailable, using library holidays only", exc_info=True)
        return None
    # The agency's own decision for a date prevails over the one given for every agency.
    decided: dict[date, str] = {}
    for day, kind, row_scope in sorted(rows, key=lambda row: row[2] != ""):
        if row_scope == scope or day not in decided:
            decided[day] = kind
    days_off = {d for d, k in decided.items() if k == CalendarOverride.Kind.DAY_OFF}
    working_days = {d for d, k in decided.items() if k == CalendarOverride.Kind.WORKING_DAY}
    return days_off, working_days


def override_changed(using: str = DEFAULT_DB_ALIAS, **kwargs: object) -> None:
    """Signal receiver for saved or deleted overrides (connected in ``models``)."""
    invalidate_calendar_cache()
    if connections[using].in_atomic_block:
        _uncommitted.changed = True
        transaction.on_commit(_override_committed, using=using)


def _override_committed() -> None:
    _uncommitted.changed = False
    invalidate_calendar_cache()  # drops what other threads built before the commit
