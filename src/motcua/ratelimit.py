"""Rate limits (django-ratelimit) on the public look-ups and on API reception (issue 14, item 7).

Counters live in the default cache, a database table shared by every application server
(``CountingDatabaseCache``); the limits are settings read at each request (``MOTCUA_LOOKUP_RATE``,
``MOTCUA_LOOKUP_RATE_PER_CODE``, ``MOTCUA_RECEPTION_RATE``), empty meaning no limit.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import math
import pickle
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.timezone import now as tz_now
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage


class CountingDatabaseCache(DatabaseCache):
    """Django's database cache with an atomic ``incr`` that keeps the entry's expiry.

    The stock ``incr`` reads, adds and writes back with the default timeout: two servers counting
    at once lose increments, and an hour's counter would expire after five minutes.
    """

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        now = connection.ops.adapt_datetimefield_value(tz_now().replace(microsecond=0, tzinfo=None))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            # On SQLite the write lock is taken at BEGIN (transaction_mode IMMEDIATE in settings).
            cursor.execute(
                f"SELECT value FROM {table} WHERE cache_key = %s AND expires > %s{lock}",  # noqa: S608
                [key, now],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(base64.b64decode(row[0].encode())) + delta  # noqa: S301 — our own rows
            stored = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET value = %s WHERE cache_key = %s", [stored, key])  # noqa: S608
        return value


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
