"""Rate limits (django-ratelimit) on the public look-ups and on API reception (issue 14, item 7).

Counters live in the ``ratelimit`` cache, a table shared by every application server
(``CounterCache``); the limits are settings read at each request (``MOTCUA_LOOKUP_RATE``,
``MOTCUA_LOOKUP_RATE_PER_CODE``, ``MOTCUA_RECEPTION_RATE``), empty meaning no limit.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.db import connections, router
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage


class CounterCache(BaseCache):
    """The rate-limit counters: integers in one table (``signin.RateCounter``), each change one
    statement, shared by every application server.

    django-ratelimit counts with ``add(key, 1, period)`` then, when the key exists, ``incr(key)``.
    On Django's database cache these are two transactions of four statements each (a table-wide
    ``COUNT(*)`` for culling, a locking read, a write; measured: half the statements of an API
    reception). Here ``add`` is one ``INSERT … ON CONFLICT`` that replaces only an expired row and
    ``incr`` one ``UPDATE … RETURNING``, atomic under concurrency on PostgreSQL and SQLite (≥ 3.35).
    Only integer counters are stored: nothing else should use this cache.
    """

    def __init__(self, location, params):
        super().__init__(params)

    @property
    def _table(self) -> str:
        return self._model()._meta.db_table

    @staticmethod
    def _model():
        from motcua.signin.models import RateCounter

        return RateCounter

    def _cursor(self):
        db = router.db_for_write(self._model())
        connection = connections[db]
        return connection, connection.cursor()

    def _expiry(self, timeout) -> float:
        seconds = self.default_timeout if timeout is DEFAULT_TIMEOUT else timeout
        return time.time() + (seconds if seconds is not None else 10 * 365 * 86400)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        connection, cursor = self._cursor()
        table, now = connection.ops.quote_name(self._table), time.time()
        with cursor:
            cursor.execute(
                f'INSERT INTO {table} ("key", value, expires) VALUES (%s, %s, %s) '  # noqa: S608
                f'ON CONFLICT ("key") DO UPDATE SET value = excluded.value, expires = excluded.expires '
                f"WHERE {table}.expires <= %s",
                [key, int(value), self._expiry(timeout), now],
            )
            added = cursor.rowcount == 1
            if added and int(value) == 1:
                # A new window of some counter: forget the windows that are over (few rows, indexed).
                cursor.execute(f"DELETE FROM {table} WHERE expires <= %s", [now])  # noqa: S608
        return added

    def incr(self, key, delta=1, version=None) -> int:
        key = self.make_and_validate_key(key, version=version)
        connection, cursor = self._cursor()
        table = connection.ops.quote_name(self._table)
        with cursor:
            cursor.execute(
                f'UPDATE {table} SET value = value + %s WHERE "key" = %s AND expires > %s RETURNING value',  # noqa: S608
                [int(delta), key, time.time()],
            )
            row = cursor.fetchone()
        if row is None:
            raise ValueError(f"Key '{key}' not found")
        return int(row[0])

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        row = self._model().objects.filter(key=key, expires__gt=time.time()).values_list("value").first()
        return default if row is None else int(row[0])

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        key = self.make_and_validate_key(key, version=version)
        self._model().objects.update_or_create(
            key=key, defaults={"value": int(value), "expires": self._expiry(timeout)}
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return bool(self._model().objects.filter(key=key).update(expires=self._expiry(timeout)))

    def delete(self, key, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return bool(self._model().objects.filter(key=key).delete()[0])

    def has_key(self, key, version=None) -> bool:
        return self.get(key, version=version) is not None

    def clear(self) -> None:
        self._model().objects.all().delete()


def client_ip(request: HttpRequest) -> str:
    """The client's address: the connection's, or behind ``MOTCUA_PROXY_COUNT`` trusted reverse
    proxies the one the outermost of them saw (X-Forwarded-For read from its end, where proxies
    append; its left end is whatever the client wrote). The same rule as the audit trail's."""
    remote = request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 — a unix socket has none
    proxies = getattr(settings, "MOTCUA_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if len(hops) < proxies:
        return remote
    candidate = hops[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def period_words(rate: str) -> str:
    """The period of a rate in words: "10/m" → "1 phút", "5/10m" → "10 phút", "20/h" → "1 giờ"."""
    period = rate.partition("/")[2]
    seconds = int(period[:-1] or 1) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[-1]]
    for size, name in ((86400, _("ngày")), (3600, _("giờ")), (60, _("phút"))):
        if seconds % size == 0:
            return f"{seconds // size} {name}"
    return f"{seconds} {_('giây')}"


def _seconds_left(usages: list[dict]) -> int:
    return max(1, *(u["time_left"] for u in usages))


def _count(request: HttpRequest, group: str, rate: str, value: str) -> dict | None:
    """Count this request in ``group`` for ``value``; the usage when over the limit, else None."""
    if not rate:
        return None
    usage = get_usage(request, group=group, key=lambda _group, _request: value, rate=rate, increment=True)
    return usage if usage and usage["should_limit"] else None


def too_many_lookups(request: HttpRequest, seconds: int) -> HttpResponse:
    minutes = max(1, math.ceil(seconds / 60))
    response = render(request, "ratelimited.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def limit_lookups(group: str, code_field: str = "ma", id_field: str = "so") -> Callable:
    """A public look-up by code + ID: each try is counted per address and per code; over either
    limit the page answers 429 and looks nothing up. Opening the page without both is not a try."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            source = request.POST if request.method == "POST" else request.GET
            code = source.get(code_field, "").strip().upper()
            identifier = source.get(id_field, "").strip()
            if code and identifier:
                over = [
                    u
                    for u in (
                        _count(request, f"{group}:ip", settings.MOTCUA_LOOKUP_RATE, client_ip(request)),
                        _count(request, f"{group}:code", settings.MOTCUA_LOOKUP_RATE_PER_CODE, code),
                    )
                    if u
                ]
                if over:
                    return too_many_lookups(request, _seconds_left(over))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _caller(request: HttpRequest) -> str:
    """Who receives: the bearer token (its hash), else the officer of the session."""
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return "token:" + hashlib.sha256(token.strip().encode()).hexdigest()
    return f"user:{request.auth.pk}"


def limit_reception(view: Callable) -> Callable:
    """On the ninja operation ``POST /api/v1/dossiers``, under its route: once the caller is
    authenticated and the body valid (a stranger's requests write no counter), at most
    ``MOTCUA_RECEPTION_RATE`` dossiers per token, then 429 with ``Retry-After``."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        usage = _count(request, "api-reception", settings.MOTCUA_RECEPTION_RATE, _caller(request))
        if usage:
            seconds = _seconds_left([usage])
            response = JsonResponse(
                {
                    "detail": _(
                        "Đã gửi quá nhiều hồ sơ: mỗi khóa truy cập được gửi tối đa %(limit)d hồ sơ "
                        "trong %(period)s; vui lòng gửi lại sau %(seconds)d giây."
                    )
                    % {
                        "limit": usage["limit"],
                        "period": period_words(settings.MOTCUA_RECEPTION_RATE),
                        "seconds": seconds,
                    },
                    "code": "rate_limited",
                },
                status=429,
            )
            response["Retry-After"] = str(seconds)
            return response
        return view(request, *args, **kwargs)

    return wrapped


# The 429 of ``limit_reception`` in the OpenAPI schema (``openapi_extra`` of the operation).
RECEPTION_LIMIT_OPENAPI = {
    "responses": {
        "429": {
            "description": "Khóa truy cập đã gửi quá số hồ sơ cho phép trong khoảng thời gian "
            "(MOTCUA_RECEPTION_RATE); gửi lại sau số giây ở Retry-After, không hồ sơ nào được tiếp nhận",
            "headers": {"Retry-After": {"description": "số giây phải đợi", "schema": {"type": "integer"}}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    }
}
