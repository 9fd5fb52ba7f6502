"""The simulator on both sides of the protocol.

Provider side: ``/vneid-gia-lap/authorize`` (the person confirms who they are), ``/token`` (code →
ID token, client authenticated with its secret). Relying-party side: ``Simulator`` builds the
authorization URL and exchanges the code by calling the token endpoint's own function — the same
checks a real provider runs behind HTTP.
"""

import hashlib
import secrets
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext as _

from ..base import Claims, IdentityError, sign_jwt, verify_id_token

ISSUER = "https://vneid-gia-lap.motcua.local"
CLIENT_ID = "motcua-portal"
CODE_TTL = 120


def client_secret() -> bytes:
    """Shared between the portal and the simulator; derived from SECRET_KEY, never in the repo."""
    configured = getattr(settings, "MOTCUA_IDENTITY_CLIENT_SECRET", "")
    return (configured or hashlib.sha256(f"vneid-sim:{settings.SECRET_KEY}".encode()).hexdigest()).encode()


def issue_code(*, claims: dict, client_id: str, redirect_uri: str, nonce: str) -> str:
    code = secrets.token_urlsafe(24)
    cache.set(
        f"vneid-code:{code}",
        {"claims": claims, "client": client_id, "uri": redirect_uri, "nonce": nonce},
        CODE_TTL,
    )
    return code


def token(*, code: str, client_id: str, secret: str, redirect_uri: str) -> dict:
    """The token endpoint: a code works once, for the client and redirect URI it was issued to."""
    grant = cache.get(f"vneid-code:{code}")
    cache.delete(f"vneid-code:{code}")
    if grant is None:
        raise IdentityError(_("Mã ủy quyền không hợp lệ hoặc đã được dùng."))
    if grant["client"] != client_id or grant["uri"] != redirect_uri or secret.encode() != client_secret():
        raise IdentityError(_("Ứng dụng không được phép dùng mã ủy quyền này."))
    now = int(time.time())
    payload = {
        "iss": ISSUER,
        "aud": client_id,
        "iat": now,
        "exp": now + 300,
        "nonce": grant["nonce"],
        **grant["claims"],
    }
    return {"token_type": "Bearer", "id_token": sign_jwt(payload, client_secret()), "expires_in": 300}


class Simulator:
    name = _("VNeID (giả lập)")

    def authorization_url(self, *, state: str, nonce: str, redirect_uri: str) -> str:
        query = urlencode(
            {
                "response_type": "code",
                "client_id": CLIENT_ID,
                "redirect_uri": redirect_uri,
                "scope": "openid profile",
                "state": state,
                "nonce": nonce,
            }
        )
        return f"{reverse('vneid_sim_authorize')}?{query}"

    def exchange(self, *, code: str, redirect_uri: str, nonce: str) -> Claims:
        answer = token(
            code=code, client_id=CLIENT_ID, secret=client_secret().decode(), redirect_uri=redirect_uri
        )
        claims = verify_id_token(
            answer["id_token"], client_secret(), issuer=ISSUER, audience=CLIENT_ID, nonce=nonce
        )
        return Claims(
            subject=claims["sub"],
            personal_id=claims.get("personal_id", ""),
            name=claims.get("name", ""),
            phone=claims.get("phone_number", ""),
        )
