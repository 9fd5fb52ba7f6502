"""The real identity-provider adapter: a citizen logs in only with a token the provider really signed.

The provider's token endpoint is replaced by a function that answers as the provider would; the
browser part of the flow runs through the portal's own pages.
"""

import base64
import json
import time
from urllib.parse import parse_qsl, urlsplit

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.core.exceptions import ImproperlyConfigured

from motcua.org.models import User
from motcua.portal.identity import oidc
from motcua.portal.identity.base import IdentityError, sign_jwt

SECRET = "bi-mat-cua-cong-dich-vu-cong"
CONFIG = {
    "MOTCUA_OIDC_ISSUER": "https://vneid.example.gov.vn",
    "MOTCUA_OIDC_AUTHORIZATION_ENDPOINT": "https://vneid.example.gov.vn/authorize",
    "MOTCUA_OIDC_TOKEN_ENDPOINT": "https://vneid.example.gov.vn/token",
    "MOTCUA_OIDC_CLIENT_ID": "motcua-hai-phong",
    "MOTCUA_OIDC_CLIENT_SECRET": SECRET,
}


@pytest.fixture
def configured(settings):
    for name, value in CONFIG.items():
        setattr(settings, name, value)
    return settings


def claims(nonce="n-1", **extra):
    now = int(time.time())
    return {
        "iss": CONFIG["MOTCUA_OIDC_ISSUER"],
        "aud": CONFIG["MOTCUA_OIDC_CLIENT_ID"],
        "sub": "vneid-abc",
        "iat": now,
        "exp": now + 300,
        "nonce": nonce,
        "personal_id": "001090012345",
        "name": "Nguyễn Văn An",
        **extra,
    }


def answering(token):
    seen = []

    def post(url, fields):
        seen.append((url, fields))
        return {"token_type": "Bearer", "id_token": token}

    post.seen = seen
    return post


def test_a_token_signed_with_the_client_secret_gives_the_citizen(configured):
    post = answering(sign_jwt(claims(), SECRET.encode()))
    got = oidc.OpenIDConnect(post=post).exchange(code="c-1", redirect_uri="https://x/cb", nonce="n-1")
    assert (got.personal_id, got.name) == ("001090012345", "Nguyễn Văn An")
    [(url, fields)] = post.seen
    assert url == CONFIG["MOTCUA_OIDC_TOKEN_ENDPOINT"]
    assert fields["client_secret"] == SECRET and fields["code"] == "c-1"


@pytest.mark.parametrize(
    ("changes", "key", "message"),
    [
        ({}, b"khoa-khac", "Chữ ký"),
        ({"aud": "ung-dung-khac"}, SECRET.encode(), "không dành cho hệ thống này"),
        ({"exp": -10}, SECRET.encode(), "hết hạn"),  # seconds from now
        ({"nonce": "n-khac"}, SECRET.encode(), "không khớp"),
        ({"personal_id": "123"}, SECRET.encode(), "số định danh"),
    ],
)
def test_a_token_that_does_not_check_out_logs_nobody_in(configured, changes, key, message):
    # The token is made when the test runs (not when it is collected): its expiry is real time.
    if "exp" in changes:
        changes = {"exp": int(time.time()) + changes["exp"]}
    provider = oidc.OpenIDConnect(post=answering(sign_jwt(claims(**changes), key)))
    with pytest.raises(IdentityError, match=message):
        provider.exchange(code="c-1", redirect_uri="https://x/cb", nonce="n-1")


def _rs256(payload, private_key):
    def b64(data):
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    head = b64(json.dumps({"alg": "RS256", "typ": "JWT"}).encode())
    body = b64(json.dumps(payload).encode())
    signature = private_key.sign(f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{head}.{body}.{b64(signature)}"


def test_rs256_tokens_are_checked_against_the_providers_public_key(configured, tmp_path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = tmp_path / "vneid.pem"
    pem.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    configured.MOTCUA_OIDC_PUBLIC_KEY_FILE = str(pem)
    good = oidc.OpenIDConnect(post=answering(_rs256(claims(), key)))
    assert good.exchange(code="c", redirect_uri="https://x/cb", nonce="n-1").personal_id == "001090012345"
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = oidc.OpenIDConnect(post=answering(_rs256(claims(), other)))
    with pytest.raises(IdentityError, match="Chữ ký"):
        forged.exchange(code="c", redirect_uri="https://x/cb", nonce="n-1")
    # A token "signed" with the client secret is no RS256 token.
    hs = oidc.OpenIDConnect(post=answering(sign_jwt(claims(), SECRET.encode())))
    with pytest.raises(IdentityError):
        hs.exchange(code="c", redirect_uri="https://x/cb", nonce="n-1")


def test_an_incomplete_configuration_is_named(settings):
    settings.MOTCUA_OIDC_ISSUER = CONFIG["MOTCUA_OIDC_ISSUER"]
    with pytest.raises(ImproperlyConfigured, match="MOTCUA_OIDC_TOKEN_ENDPOINT"):
        oidc.OpenIDConnect()


@pytest.mark.django_db
def test_the_login_through_the_portal_pages(client, configured, monkeypatch):
    configured.MOTCUA_IDENTITY_PROVIDER = "motcua.portal.identity.oidc.OpenIDConnect"
    configured.MOTCUA_SIMULATORS = frozenset()
    start = client.get("/cong-dan/vneid/")
    assert start.status_code == 302 and start.url.startswith(CONFIG["MOTCUA_OIDC_AUTHORIZATION_ENDPOINT"])
    asked = dict(parse_qsl(urlsplit(start.url).query))
    assert asked["client_id"] == CONFIG["MOTCUA_OIDC_CLIENT_ID"]
    monkeypatch.setattr(
        oidc, "_post_form", answering(sign_jwt(claims(nonce=asked["nonce"]), SECRET.encode()))
    )
    back = client.get("/cong-dan/vneid/callback/", {"code": "c-1", "state": asked["state"]})
    assert back.status_code == 302 and back.url == "/cong-dan/ho-so/"
    assert User.objects.get(personal_id="001090012345").full_name == "Nguyễn Văn An"
