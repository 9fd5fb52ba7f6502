"""Shared-secret HMAC of a request body (both directions): ``X-DVC-Signature: sha256=<hex>``."""

from __future__ import annotations

import hashlib
import hmac

from . import conf

HEADER = "X-DVC-Signature"
META = "HTTP_X_DVC_SIGNATURE"


def sign(body: bytes, secret: str | None = None) -> str:
    key = (secret if secret is not None else conf.secret()).encode()
    return "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()


def verify(body: bytes, signature: str | None, secret: str | None = None) -> bool:
    """A signature made with an empty secret proves nothing: with no secret configured, nothing passes."""
    key = secret if secret is not None else conf.secret()
    return bool(signature) and bool(key) and hmac.compare_digest(sign(body, key), str(signature))
