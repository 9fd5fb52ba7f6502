"""The simulator's message format: VNPay-style sorted query strings signed with HMAC-SHA512.

The signature covers every parameter but ``secure_hash``, sorted by name and URL-encoded, keyed
with a secret shared by the merchant (us) and the gateway. The secret comes from
``MOTCUA_PAYMENT_SECRET`` (setting or environment); without one, a demo secret is generated once
into ``DATA_DIR`` — never into the repository.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings

HASH_FIELD = "secure_hash"
SECRET_FILE = "payment-simulator-secret.txt"  # noqa: S105 (a file name, not a secret)


def secret() -> str:
    configured = getattr(settings, "MOTCUA_PAYMENT_SECRET", "") or os.environ.get("MOTCUA_PAYMENT_SECRET", "")
    if configured:
        return configured
    path = Path(settings.DATA_DIR) / SECRET_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(32)
    # O_EXCL: two processes starting together keep the first secret written.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    return value


def canonical(params: Mapping[str, str]) -> str:
    return urlencode(sorted((k, str(v)) for k, v in params.items() if k != HASH_FIELD))


def sign(params: Mapping[str, str]) -> str:
    return hmac.new(secret().encode(), canonical(params).encode(), hashlib.sha512).hexdigest()


def signed(params: Mapping[str, str]) -> dict[str, str]:
    """The parameters with their ``secure_hash`` added."""
    data = {k: str(v) for k, v in params.items() if k != HASH_FIELD}
    data[HASH_FIELD] = sign(data)
    return data


def verify(params: Mapping[str, str]) -> bool:
    given = str(params.get(HASH_FIELD, "") or "")
    return bool(given) and hmac.compare_digest(sign(params), given.lower())
