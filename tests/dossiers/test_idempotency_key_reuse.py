"""An idempotency key names one request: the same key with another body is refused (issue 14,
item 12a), while a retry of the same request still gets the first dossier."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from motcua.dossiers.models import Dossier
from tests.dossiers.test_api import body, post
from tests.factories import APPLICANT, Desk

MESSAGE = "Khóa chống gửi trùng đã được dùng cho một yêu cầu khác"


@pytest.fixture
def scene(db) -> Desk:
    return Desk()


@pytest.fixture
def api(scene):
    client = Client()
    client.force_login(scene.desk)
    return client


def test_the_same_key_with_another_body_is_a_422_and_changes_nothing(scene, api):
    first = post(api, "/api/v1/dossiers", body(scene), HTTP_IDEMPOTENCY_KEY="k-7")
    assert first.status_code == 201
    stored = Dossier.objects.values().get()
    other_owner = {**APPLICANT, "identifier": "001090099999", "name": "Trần Thị Bình"}
    for changed in [
        body(scene, summary="Đăng ký kết hôn lần hai"),
        body(scene, applicant=other_owner),
        body(scene, sets=2),
    ]:
        again = post(api, "/api/v1/dossiers", changed, HTTP_IDEMPOTENCY_KEY="k-7")
        assert again.status_code == 422
        assert MESSAGE in again.json()["detail"]
        assert first.json()["code"] not in again.content.decode()  # the first dossier is not handed out
    assert Dossier.objects.values().get() == stored


def test_a_retry_of_the_same_request_gets_the_first_dossier(scene, api):
    first = post(api, "/api/v1/dossiers", body(scene), HTTP_IDEMPOTENCY_KEY="k-8")
    # The same request, its keys in another order and spaced differently, with a default written out.
    same = json.dumps({**dict(reversed(list(body(scene).items()))), "sets": 1}, indent=2)
    again = api.post("/api/v1/dossiers", same, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-8")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"] and Dossier.objects.count() == 1


def test_the_fingerprint_goes_with_the_dossier_without_a_look_up_first(scene, api):
    with CaptureQueriesContext(connection) as queries:
        assert post(api, "/api/v1/dossiers", body(scene), HTTP_IDEMPOTENCY_KEY="k-9").status_code == 201
    table = Dossier._meta.db_table
    assert not [q["sql"] for q in queries if q["sql"].startswith("SELECT") and f'"{table}"' in q["sql"]]
    assert len(Dossier.objects.get().request_hash) == 64
