"""The identity-provider interface and the OpenID Connect checks every provider shares."""

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _


class IdentityError(Exception):
    """The provider's answer cannot be trusted; the message is for the person logging in."""


@dataclass(frozen=True)
class Claims:
    subject: str
    personal_id: str
    name: str
    phone: str = ""
    email: str = ""


class Provider(Protocol):
    name: str

    def authorization_url(self, *, state: str, nonce: str, redirect_uri: str) -> str: ...

    def exchange(self, *, code: str, redirect_uri: str, nonce: str) -> Claims: ...


def provider_path() -> str:
    """The provider in use: ``MOTCUA_IDENTITY_PROVIDER``, else the simulator when it is switched on
    (``MOTCUA_SIMULATORS``), else "" — no login through an identity provider on this server."""
    from motcua.common import simulators

    configured = getattr(settings, "MOTCUA_IDENTITY_PROVIDER", "")
    if configured:
        return configured
    return simulators.IDENTITY_SIMULATOR if simulators.is_on(simulators.IDENTITY) else ""


def get_provider() -> Provider | None:
    path = provider_path()
    return import_string(path)() if path else None


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_jwt(payload: dict, secret: bytes) -> str:
    """A compact HS256 JSON Web Token (RFC 7519)."""
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = _b64(json.dumps(payload, ensure_ascii=False).encode())
    mac = hmac.new(secret, f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{_b64(mac)}"


def verify_id_token(token: str, secret: bytes, *, issuer: str, audience: str, nonce: str) -> dict:
    """Signature, issuer, audience, expiry and nonce of an ID token (OpenID Connect Core §3.1.3.7)."""
    try:
        header, body, mac = token.split(".")
        claims = json.loads(_unb64(body))
        algorithm = json.loads(_unb64(header)).get("alg")
    except (ValueError, json.JSONDecodeError) as exc:
        raise IdentityError(_("Mã xác thực không hợp lệ.")) from exc
    expected = hmac.new(secret, f"{header}.{body}".encode(), hashlib.sha256).digest()
    if algorithm != "HS256" or not hmac.compare_digest(expected, _unb64(mac)):
        raise IdentityError(_("Chữ ký của mã xác thực không đúng."))
    if claims.get("iss") != issuer or claims.get("aud") != audience:
        raise IdentityError(_("Mã xác thực không dành cho hệ thống này."))
    if int(claims.get("exp", 0)) < time.time():
        raise IdentityError(_("Mã xác thực đã hết hạn; hãy đăng nhập lại."))
    if not hmac.compare_digest(str(claims.get("nonce", "")), nonce):
        raise IdentityError(_("Phiên đăng nhập không khớp; hãy đăng nhập lại."))
    return claims
