"""Record a read of personal data: one INSERT, and the page shows even when the INSERT fails.

Why a failed log does not hide the page (ADR 0003): the reads are made by officers at work —
a citizen waiting at the counter, a deadline running — and what makes the INSERT fail while the
page's own queries succeed (a full disk, a database failing over to read-only) is an incident the
operators must fix, not a reason to stop serving. The failure is written to the server log at
ERROR level with the same fields, so the read is still on record and the gap is visible.
"""

from __future__ import annotations

import ipaddress
import logging

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from .models import PersonalDataAccess

logger = logging.getLogger("motcua.audit")

What = PersonalDataAccess.What


def client_ip(request) -> str | None:
    """The address the request came from.

    ``REMOTE_ADDR`` unless the server sits behind ``MOTCUA_PROXY_COUNT`` trusted reverse proxies;
    then the address the outermost of them saw, counted from the right of ``X-Forwarded-For``
    (the left end is whatever the client chose to write there).
    """
    hops = getattr(settings, "MOTCUA_PROXY_COUNT", 0)
    address = request.META.get("REMOTE_ADDR") or ""
    if hops > 0:
        chain = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(chain) >= hops:
            address = chain[-hops]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def record_read(
    request, user, what: str, *, dossier=None, subject: str = "", detail: str = "", agency=None
) -> None:
    """Note that ``user`` read personal data: of ``dossier`` (its applicant) or of ``subject``.

    ``dossier`` needs its applicant loaded (``get_visible`` does), so nothing more is queried.
    ``agency``: the agency the officer acted for, when the page knows it (the desk's lookup).
    """
    row = PersonalDataAccess(
        actor=user,
        actor_name=getattr(user, "username", "")[:150],
        agency=agency,
        what=what,
        detail=(detail or "")[:255],
        ip=client_ip(request),
    )
    if dossier is not None:
        row.dossier_id = dossier.pk
        row.dossier_code = dossier.code or ""
        row.subject = dossier.applicant.identifier if dossier.applicant_id else ""
    if subject:
        row.subject = subject[:32]
    try:
        if connection.in_atomic_block:
            with transaction.atomic():  # a savepoint: a failed INSERT must not spoil the caller's work
                row.save()
        else:
            row.save()  # autocommit: the one statement
    except DatabaseError:
        logger.exception(
            "Không ghi được nhật ký truy cập dữ liệu cá nhân: %s %s hồ sơ=%s mã=%s chủ dữ liệu=%s %s ip=%s",
            row.actor_name,
            row.what,
            row.dossier_id,
            row.dossier_code,
            row.subject,
            row.detail,
            row.ip,
        )
