"""The JSON API: idempotent reception, scoped reads, refusals as clear JSON errors, CSRF."""

import json

import pytest
from django.test import Client

from motcua.dossiers.models import Dossier
from motcua.org.tokens import issue_token
from tests.factories import APPLICANT, Desk, required_components


def body(scene, **extra):
    return {
        "procedure_code": scene.version.procedure.code,
        "agency": scene.agency.identifier_code,
        "applicant": APPLICANT,
        "summary": "Đăng ký kết hôn",
        "components": required_components(scene.version),
        **extra,
    }


@pytest.fixture
def api(scene):
    client = Client()
    client.force_login(scene.desk)
    client.handler.enforce_csrf_checks = False
    return client


def post(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


def test_receive_twice_with_the_same_key_creates_one_dossier(scene, api):
    first = post(api, "/api/v1/dossiers", body(scene), HTTP_IDEMPOTENCY_KEY="abc-123")
    again = post(api, "/api/v1/dossiers", body(scene), HTTP_IDEMPOTENCY_KEY="abc-123")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["code"].startswith("000.00.06.H56-")
    assert Dossier.objects.count() == 1


def test_missing_component_gives_vietnamese_error_and_nothing(scene, api):
    response = post(api, "/api/v1/dossiers", body(scene, components=[]))
    assert response.status_code == 422
    assert "Thiếu thành phần hồ sơ bắt buộc" in response.json()["detail"]
    assert not Dossier.objects.exists()


def test_read_with_events_and_act(scene, api):
    created = post(api, "/api/v1/dossiers", body(scene)).json()
    detail = api.get(f"/api/v1/dossiers/{created['id']}").json()
    assert detail["events"][0]["action"] == "accept"
    head = Client()
    head.force_login(scene.head)
    r = post(head, f"/api/v1/dossiers/{created['id']}/assign", {"assignee": scene.desk.username})
    assert r.status_code == 200 and r.json()["state"] == 4


def test_action_out_of_turn_is_a_409_with_message(scene, api):
    created = post(api, "/api/v1/dossiers", body(scene)).json()
    r = post(api, f"/api/v1/dossiers/{created['id']}/return-result", {"method": "desk", "receiver": "A"})
    assert r.status_code == 409 and "Không thể" in r.json()["detail"]
    assert len(api.get(f"/api/v1/dossiers/{created['id']}").json()["events"]) == 1


def test_other_agency_cannot_list_read_or_act(scene, api):
    created = post(api, "/api/v1/dossiers", body(scene)).json()
    other = Desk(
        "000.00.07.H56", "Ủy ban nhân dân phường Hoàn Kiếm", version=scene.version, with_process=False
    )
    client = Client()
    client.force_login(other.head)
    assert client.get("/api/v1/dossiers").json()["items"] == []
    assert client.get(f"/api/v1/dossiers/{created['id']}").status_code == 404
    r = post(client, f"/api/v1/dossiers/{created['id']}/assign", {"assignee": other.specialist.username})
    assert r.status_code == 404
    assert Dossier.objects.get(pk=created["id"]).state == 2


def test_anonymous_gets_401(scene):
    assert Client().get("/api/v1/dossiers").status_code == 401


def test_session_post_without_csrf_token_is_refused(scene):
    client = Client(enforce_csrf_checks=True)
    client.force_login(scene.desk)
    r = post(client, "/api/v1/dossiers", body(scene))
    assert r.status_code == 403 and not Dossier.objects.exists()


def test_bearer_token_works_without_csrf(scene):
    key = issue_token(scene.desk, "máy quét")
    client = Client(enforce_csrf_checks=True)
    r = post(client, "/api/v1/dossiers", body(scene), HTTP_AUTHORIZATION=f"Bearer {key}")
    assert r.status_code == 201
    assert client.get("/api/v1/dossiers", HTTP_AUTHORIZATION="Bearer sai").status_code == 401


def test_due_endpoint_and_openapi(db):
    r = Client().get(
        "/api/v1/calendar/due", {"start": "2026-02-10T09:00", "limit": 15, "unit": "working_days"}
    )
    assert r.status_code == 200 and r.json()["due"].startswith("2026-03-10T09:00")
    assert Client().get("/api/v1/openapi.json").status_code == 200
    assert Client().get("/api/docs").status_code == 302


def test_ledger_lists_the_agencys_dossiers(scene, api):
    for _ in range(2):
        post(api, "/api/v1/dossiers", body(scene))
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    rows = api.get(
        "/api/v1/ledger", {"agency": scene.agency.identifier_code, "date_from": today, "date_to": today}
    ).json()
    assert [r["line"] for r in rows] == [1, 2] and rows[0]["owner"] == "Nguyễn Văn An"


def test_token_reads_roles_of_today_and_a_removed_role_counts_at_once(scene):
    """The roles come with the token's own query; nothing is kept between calls."""
    from datetime import timedelta

    from django.utils import timezone

    from motcua.org.models import Membership
    from motcua.org.selectors import roles_by_agency
    from motcua.org.tokens import user_for_token

    key = issue_token(scene.desk, "máy quét")
    user = user_for_token(key)
    assert user == scene.desk and user.username == scene.desk.username
    assert roles_by_agency(user) == {scene.agency.pk: frozenset({"desk_officer"})}
    client, auth = Client(), {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert post(client, "/api/v1/dossiers", body(scene), **auth).status_code == 201
    Membership.objects.filter(user=scene.desk).update(valid_to=timezone.localdate() - timedelta(days=1))
    r = post(client, "/api/v1/dossiers", body(scene), **auth)
    assert r.status_code == 403
    assert "không có quyền" in r.json()["detail"]
    assert Dossier.objects.count() == 1
    scene.desk.is_active = False
    scene.desk.save()
    assert user_for_token(key) is None
