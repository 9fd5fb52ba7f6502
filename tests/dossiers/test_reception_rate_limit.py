"""A per-token reception rate limit on ``POST /api/v1/dossiers``.

Before, one desk token received 9,999 dossiers in 44 s (issue 14, item 7). A caller over the limit
gets 429 with a Vietnamese ``detail`` and ``Retry-After``, and nothing is received.
"""

import json

from django.conf import settings as django_settings
from django.test import Client

from motcua.dossiers.models import Dossier
from motcua.org.tokens import issue_token
from motcua.signin.models import RateCounter
from tests.dossiers.test_api import body


def send(scene, token: str):
    return Client().post(
        "/api/v1/dossiers",
        json.dumps(body(scene)),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_a_token_over_its_limit_gets_429_and_receives_nothing(scene, rate_clock, settings):
    settings.MOTCUA_RECEPTION_RATE = "3/m"
    token = issue_token(scene.desk, "máy tiếp nhận")
    for _ in range(3):
        assert send(scene, token).status_code == 201
    refused = send(scene, token)
    assert refused.status_code == 429
    assert "quá nhiều hồ sơ" in refused.json()["detail"]
    assert 0 < int(refused["Retry-After"]) <= 60
    assert Dossier.objects.count() == 3
    # Another token (here the same officer's second one) has its own allowance.
    assert send(scene, issue_token(scene.desk, "máy thứ hai")).status_code == 201
    # The next minute the first token receives again.
    rate_clock.now += 61
    assert send(scene, token).status_code == 201


def test_the_session_of_an_officer_is_limited_too(scene, rate_clock, settings):
    settings.MOTCUA_RECEPTION_RATE = "2/m"
    client = Client()
    client.force_login(scene.desk)
    client.handler.enforce_csrf_checks = False
    codes = [
        client.post("/api/v1/dossiers", json.dumps(body(scene)), content_type="application/json").status_code
        for _ in range(3)
    ]
    assert codes == [201, 201, 429]


def test_reading_is_not_counted(scene, rate_clock, settings):
    settings.MOTCUA_RECEPTION_RATE = "1/m"
    token = issue_token(scene.desk, "đọc")
    reader = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    for _ in range(5):
        assert reader.get("/api/v1/dossiers").status_code == 200
    assert send(scene, token).status_code == 201


def test_the_default_is_120_a_minute():
    assert django_settings.MOTCUA_RECEPTION_RATE == "120/m"


def test_the_limit_is_documented_in_the_openapi_schema(db):
    schema = Client().get("/api/v1/openapi.json").json()
    refused = schema["paths"]["/api/v1/dossiers"]["post"]["responses"]["429"]
    assert "Retry-After" in refused["headers"] and "MOTCUA_RECEPTION_RATE" in refused["description"]


def test_a_stranger_writes_no_counter(scene, rate_clock, settings):
    settings.MOTCUA_RECEPTION_RATE = "1/m"
    for n in range(3):
        assert send(scene, f"mc_khong-co-that-{n}").status_code == 401
    # No row per invented token: counting starts once the caller is known.
    assert not RateCounter.objects.exists()
