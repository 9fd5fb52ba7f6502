"""The JSON API carries the Decree 118/2025 actions the pages have: the appraising agency's
supplement proposal (Art. 19.5), closing an unanswered supplement (Art. 19.5) and the paper
transfer of a boundary-free dossier (Art. 20.1.a). Refusals are JSON 4xx with the Vietnamese
message, and change nothing."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from motcua.dossiers import services
from motcua.dossiers.states import State
from tests.dossiers.conftest import receive, vn
from tests.factories import Desk

from .test_api import post
from .test_boundary_free_reception import _receive, province  # noqa: F401 — fixture


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    client.handler.enforce_csrf_checks = False
    return client


def _events(dossier) -> list[str]:
    return list(dossier.events.order_by("seq").values_list("action", flat=True))


def _in_appraisal(scene, received="2026-03-02 09:00"):
    d = receive(scene, received)
    services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn("2026-03-03 09:10"))
    services.forward(d.pk, actor=scene.desk, to_user=scene.specialist, at=vn("2026-03-03 09:20"))
    return d


def test_the_specialist_proposes_a_supplement_through_the_api(scene):
    d = _in_appraisal(scene)
    url = f"/api/v1/dossiers/{d.pk}/propose-supplement"
    answer = post(_client(scene.specialist), url, {"items": ["Bản sao giấy khai sinh", "Ảnh 4x6"]})
    assert answer.status_code == 200, answer.content
    last = answer.json()["events"][-1]
    assert last["action"] == "propose_supplement"
    assert last["data"]["items"] == ["Bản sao giấy khai sinh", "Ảnh 4x6"]
    assert last["to_agency"] == scene.agency.identifier_code  # sent back to the desk
    assert answer.json()["state"] == State.PROCESSING  # the applicant is not asked yet


def test_propose_supplement_refusals_are_json_and_change_nothing(scene):
    d = _in_appraisal(scene)
    before = _events(d)
    url = f"/api/v1/dossiers/{d.pk}/propose-supplement"
    empty = post(_client(scene.specialist), url, {"items": ["  "]})
    assert empty.status_code == 422
    assert "ít nhất một nội dung cần bổ sung" in empty.json()["detail"]
    desk = post(_client(scene.desk), url, {"items": ["Bản sao"]})  # the desk issues, it does not propose
    assert desk.status_code == 403 and desk.json()["detail"]
    stranger = Desk(identifier="000.00.07.H56", name="Ủy ban nhân dân phường Kim Mã", version=scene.version)
    hidden = post(_client(stranger.specialist), url, {"items": ["Bản sao"]})
    assert hidden.status_code == 404
    missing = post(_client(scene.specialist), url, {})
    assert missing.status_code == 422
    assert _events(d) == before


def test_the_desk_closes_an_unanswered_supplement_through_the_api(scene):
    d = receive(scene, "2026-03-02 09:00")
    services.request_supplement(d.pk, actor=scene.desk, items=["Bản sao"], at=vn("2026-03-02 10:00"))
    # Notice Mon 2/3/2026: «sau 15 ngày» calendar days → closable from 17/3/2026 00:00, long past.
    url = f"/api/v1/dossiers/{d.pk}/close"
    head = post(_client(scene.head), url, {"note": ""})
    assert head.status_code == 403  # closing is the desk's
    answer = post(_client(scene.desk), url, {"note": "Người nộp không bổ sung"})
    assert answer.status_code == 200, answer.content
    assert answer.json()["state"] == State.CLOSED
    last = answer.json()["events"][-1]
    assert last["action"] == "close" and last["data"]["after_days"] == 15
    again = post(_client(scene.desk), url, {"note": ""})
    assert again.status_code == 409 and again.json()["detail"]
    assert _events(d).count("close") == 1


def test_closing_too_early_is_refused_with_the_first_day(scene):
    now = timezone.localtime()
    d = receive(scene, (now - timedelta(days=3)).strftime("%Y-%m-%d %H:%M"))
    notice = now - timedelta(days=2)
    services.request_supplement(d.pk, actor=scene.desk, items=["Bản sao"], at=notice)
    answer = post(_client(scene.desk), f"/api/v1/dossiers/{d.pk}/close", {"note": ""})
    assert answer.status_code == 409
    # The first day: the notice's day + 15 calendar days, written dd/mm/yyyy.
    first_day = (notice.date() + timedelta(days=15)).strftime("%d/%m/%Y")
    assert f"từ {first_day}" in answer.json()["detail"]
    d.refresh_from_db()
    assert d.state == State.AWAITING_SUPPLEMENT


def test_the_commune_desk_records_the_paper_transfer_through_the_api(province):  # noqa: F811
    p = province
    d = _receive(p, "2026-03-10 09:00", competent=p["department"])
    url = f"/api/v1/dossiers/{d.pk}/transfer-paper"
    # The department's desk sees the dossier but the paper leaves from the receiving point.
    dept = post(_client(p["dept_desk"]), url, {"note": ""})
    assert dept.status_code == 403 and dept.json()["detail"]
    answer = post(_client(p["commune_desk"]), url, {"note": "Gửi qua bưu điện"})
    assert answer.status_code == 200, answer.content
    last = answer.json()["events"][-1]
    assert last["action"] == "transfer_paper" and last["to_agency"] == p["department"].identifier_code
    # Due Wed 11/3/2026 09:00 (Tue 09:00 + 8 office hours); recorded now, months later: late.
    assert last["data"]["late"] is True
    twice = post(_client(p["commune_desk"]), url, {"note": ""})
    assert twice.status_code == 409 and "đã được chuyển" in twice.json()["detail"]
    assert _events(d).count("transfer_paper") == 1


def test_no_paper_to_transfer_for_the_agencys_own_dossier(scene):
    d = receive(scene, "2026-03-02 09:00")
    answer = post(_client(scene.desk), f"/api/v1/dossiers/{d.pk}/transfer-paper", {"note": ""})
    assert answer.status_code == 409
    assert "không có hồ sơ giấy cần chuyển" in answer.json()["detail"]
    assert "transfer_paper" not in _events(d)


def test_the_2018_apology_through_the_api_is_refused_for_a_new_dossier(scene):
    d = _in_appraisal(scene)  # received 2/3/2026: Decree 118/2025
    answer = post(
        _client(scene.head),
        f"/api/v1/dossiers/{d.pk}/apology",
        {"reason": "Chờ xác minh", "new_due_at": "2026-04-02T16:00:00+07:00"},
    )
    assert answer.status_code == 409
    assert answer.json()["code"] == "apology_new_regime"
    assert "Phiếu đề nghị gia hạn thời gian giải quyết" in answer.json()["detail"]
    d.refresh_from_db()
    assert d.apology_due_at is None and "issue_apology" not in _events(d)
