"""Extension (Decree 118/2025 Art. 19.6) on the dossier page and in the API: offered only to those
who may — the head of the agency holding the dossier asks, the receiving desk applies — and refusals
as Vietnamese messages that change nothing."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from motcua.dossiers import services
from tests.dossiers.conftest import receive, vn
from tests.factories import Desk


@pytest.fixture
def scene(db) -> Desk:
    return Desk()


def page(user, d) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("dossier_detail", args=[d.pk])).content.decode()


def test_buttons_follow_who_may_and_the_step_of_the_flow(scene):
    d = receive(scene, "2026-03-05 16:00")  # due Thu 26/3/2026 16:00
    services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn("2026-03-06 08:00"))
    assert 'id="request_extension"' in page(scene.head, d)
    for user in (scene.specialist, scene.desk):
        assert 'id="request_extension"' not in page(user, d)
    assert 'id="apply_extension"' not in page(scene.desk, d)  # nothing to apply yet

    client = Client()
    client.force_login(scene.head)
    client.post(
        reverse("dossier_act", args=[d.pk, "request_extension"]),
        {"reason": "Chờ xác minh", "new_due_at": "2026-04-02T16:00"},
    )
    head_page = page(scene.head, d)
    assert 'id="request_extension"' not in head_page  # one waits for the desk
    assert "Thời gian trả kết quả mới: 16:00 02/04/2026" in head_page
    assert "Phiếu đề nghị gia hạn thời gian giải quyết" in head_page  # form 04, by regime
    desk_page = page(scene.desk, d)
    assert 'id="apply_extension"' in desk_page
    assert 'id="apply_extension"' not in page(scene.specialist, d)

    client.force_login(scene.desk)
    client.post(reverse("dossier_act", args=[d.pk, "apply_extension"]), {"note": ""})
    d.refresh_from_db()
    assert d.apology_due_at == vn("2026-04-02 16:00") and d.due_at == vn("2026-03-26 16:00")
    after = page(scene.desk, d)
    assert 'id="apply_extension"' not in after and 'id="request_extension"' not in page(scene.head, d)


def test_api_request_and_apply_with_vietnamese_refusals(scene):
    d = receive(scene, "2026-03-05 16:00")
    services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn("2026-03-06 08:00"))
    head, desk = Client(), Client()
    head.force_login(scene.head)
    desk.force_login(scene.desk)
    for c in (head, desk):
        c.handler.enforce_csrf_checks = False

    def post(client, path, body):
        return client.post(
            f"/api/v1/dossiers/{d.pk}/{path}", json.dumps(body), content_type="application/json"
        )

    r = post(head, "request-extension", {"reason": "Chờ xác minh", "new_due_at": "2026-03-20T10:00:00+07:00"})
    assert (
        r.status_code == 422
        and "phải sau thời hạn trả kết quả hiện tại (16:00 26/03/2026)" in r.json()["detail"]
    )
    r = post(desk, "request-extension", {"reason": "Chờ xác minh", "new_due_at": "2026-04-02T16:00:00+07:00"})
    assert r.status_code == 403 and "Đề nghị gia hạn" in r.json()["detail"]
    r = post(desk, "apply-extension", {})
    assert r.status_code == 409 and "chưa có phiếu đề nghị gia hạn" in r.json()["detail"]
    r = post(head, "request-extension", {"reason": "Chờ xác minh", "new_due_at": "2026-04-02T16:00:00+07:00"})
    assert r.status_code == 200 and r.json()["events"][-1]["action"] == "request_extension"
    r = post(desk, "apply-extension", {})
    assert r.status_code == 200
    assert r.json()["apology_due_at"].startswith("2026-04-02T")
    assert r.json()["due_at"].startswith("2026-03-26T")
    r = post(head, "request-extension", {"reason": "Lần nữa", "new_due_at": "2026-04-09T16:00:00+07:00"})
    assert r.status_code == 409 and "chỉ được gia hạn một lần" in r.json()["detail"]
