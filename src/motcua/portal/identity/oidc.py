"""A real identity provider (VNeID or any OpenID Connect provider) reached over HTTPS.

Chosen with ``MOTCUA_IDENTITY_PROVIDER=motcua.portal.identity.oidc.OpenIDConnect`` and configured
by the provider's registration of this portal:

    MOTCUA_OIDC_ISSUER                  the ``iss`` the provider writes into its ID tokens
    MOTCUA_OIDC_AUTHORIZATION_ENDPOINT  where the citizen's browser is sent to log in
    MOTCUA_OIDC_TOKEN_ENDPOINT          where the code is exchanged for the ID token (server to server)
    MOTCUA_OIDC_CLIENT_ID, MOTCUA_OIDC_CLIENT_SECRET
    MOTCUA_OIDC_PUBLIC_KEY_FILE         PEM of the provider's RSA key when it signs with RS256; without
                                        it the token must be HS256-signed with the client secret
    MOTCUA_OIDC_PERSONAL_ID_CLAIM       the claim holding the 12-digit personal ID (default personal_id)

The authorization code flow (OpenID Connect Core §3.1), the client authenticated by
``client_secret_post``, the ID token checked for signature, issuer, audience, expiry and nonce
(``base.verify_id_token``). The endpoints of the national VNeID service are not public; this
adapter follows the standard, and the simulator speaks the same protocol for the demo and tests.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from .base import Claims, IdentityError, _unb64, verify_id_token

TIMEOUT_SECONDS = 15
REQUIRED = (
    "MOTCUA_OIDC_ISSUER",
    "MOTCUA_OIDC_AUTHORIZATION_ENDPOINT",
    "MOTCUA_OIDC_TOKEN_ENDPOINT",
    "MOTCUA_OIDC_CLIENT_ID",
    "MOTCUA_OIDC_CLIENT_SECRET",
)


def _setting(name: str, default: str = "") -> str:
    return str(getattr(settings, name, "") or os.environ.get(name, default))


def _post_form(url: str, fields: dict) -> dict:
    """POST a form and read the JSON answer; any failure is the provider's, told to the citizen."""
    body = urlencode(fields).encode()
    request = Request(url, data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})  # noqa: S310
    try:
        with urlopen(request, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310 — a configured https URL
            return json.loads(answer.read())
    except (URLError, TimeoutError, ValueError) as exc:
        raise IdentityError(_("Không kết nối được với hệ thống định danh điện tử; hãy thử lại sau.")) from exc


def _verify_rs256(token: str, pem: bytes, **expected) -> dict:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    try:
        header, body, signature = token.split(".")
        algorithm = json.loads(_unb64(header)).get("alg")
        claims = json.loads(_unb64(body))
    except (ValueError, json.JSONDecodeError) as exc:
        raise IdentityError(_("Mã xác thực không hợp lệ.")) from exc
    if algorithm != "RS256":
        raise IdentityError(_("Chữ ký của mã xác thực không đúng."))
    key = serialization.load_pem_public_key(pem)
    try:
        key.verify(_unb64(signature), f"{header}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature as exc:
        raise IdentityError(_("Chữ ký của mã xác thực không đúng.")) from exc
    if claims.get("iss") != expected["issuer"] or claims.get("aud") != expected["audience"]:
        raise IdentityError(_("Mã xác thực không dành cho hệ thống này."))
    if int(claims.get("exp", 0)) < time.time():
        raise IdentityError(_("Mã xác thực đã hết hạn; hãy đăng nhập lại."))
    if str(claims.get("nonce", "")) != expected["nonce"]:
        raise IdentityError(_("Phiên đăng nhập không khớp; hãy đăng nhập lại."))
    return claims


class OpenIDConnect:
    name = "VNeID"

    def __init__(self, post: Callable[[str, dict], dict] | None = None):
        missing = [name for name in REQUIRED if not _setting(name)]
        if missing:
            raise ImproperlyConfigured(f"Thiếu cấu hình đăng nhập định danh điện tử: {', '.join(missing)}.")
        self.issuer = _setting("MOTCUA_OIDC_ISSUER")
        self.authorization_endpoint = _setting("MOTCUA_OIDC_AUTHORIZATION_ENDPOINT")
        self.token_endpoint = _setting("MOTCUA_OIDC_TOKEN_ENDPOINT")
        self.client_id = _setting("MOTCUA_OIDC_CLIENT_ID")
        self.client_secret = _setting("MOTCUA_OIDC_CLIENT_SECRET")
        key_file = _setting("MOTCUA_OIDC_PUBLIC_KEY_FILE")
        self.public_key = Path(key_file).read_bytes() if key_file else None
        self.personal_id_claim = _setting("MOTCUA_OIDC_PERSONAL_ID_CLAIM", "personal_id")
        self._post = post

    def authorization_url(self, *, state: str, nonce: str, redirect_uri: str) -> str:
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self.client_id,
                "redirect_uri": redirect_uri,
                "scope": "openid profile",
                "state": state,
                "nonce": nonce,
            }
        )
        separator = "&" if "?" in self.authorization_endpoint else "?"
        return f"{self.authorization_endpoint}{separator}{query}"

    def exchange(self, *, code: str, redirect_uri: str, nonce: str) -> Claims:
        if not code:
            raise IdentityError(_("Thiếu mã ủy quyền; hãy đăng nhập lại."))
        answer = (self._post or _post_form)(
            self.token_endpoint,
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "client_id": self.client_id,
                "client_secret": self.client_secret,
            },
        )
        token = answer.get("id_token") if isinstance(answer, dict) else None
        if not token:
            raise IdentityError(_("Hệ thống định danh điện tử từ chối đăng nhập; hãy thử lại."))
        expected = {"issuer": self.issuer, "audience": self.client_id, "nonce": nonce}
        if self.public_key:
            claims = _verify_rs256(token, self.public_key, **expected)
        else:
            claims = verify_id_token(token, self.client_secret.encode(), **expected)
        personal_id = str(claims.get(self.personal_id_claim, ""))
        if not (personal_id.isdigit() and len(personal_id) == 12):
            raise IdentityError(_("Tài khoản định danh điện tử không cho biết số định danh cá nhân."))
        return Claims(
            subject=str(claims.get("sub", "")),
            personal_id=personal_id,
            name=str(claims.get("name", "")),
            phone=str(claims.get("phone_number", "")),
            email=str(claims.get("email", "")),
        )
