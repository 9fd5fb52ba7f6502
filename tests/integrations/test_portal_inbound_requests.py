"""An online applicant stops or adjusts their dossier through the national portal (Decree 118/2025
Art. 21.3): signed pushes, one event per request id, a clear refusal after the result."""

import json

import pytest
from django.urls import reverse

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.integrations.models import Notification
from motcua.integrations.portal_sync import inbound_requests, signing
from tests.integrations.test_portal_sync_inbound import post as push_dossier
from tests.integrations.test_portal_sync_inbound import submission
from tests.integrations.test_portal_sync_outbox import portal  # noqa: F401 — fixture

URL = "/lien-thong/dvcqg/yeu-cau"
OWNER = "001090012345"


def send(client, data, secret=None):
    body = json.dumps(data, ensure_ascii=False).encode()
    return client.post(
        URL, body, content_type="application/json", HTTP_X_DVC_SIGNATURE=signing.sign(body, secret)
    )


@pytest.fixture
def online(client, scene, portal):  # noqa: F811
    """An online dossier pushed by the portal (G22-2511-000001), accepted at the desk, with contacts."""
    answer = push_dossier(
        client,
        submission(
            scene,
            ChuHoSo={
                "LoaiDoiTuong": 1,
                "SoDinhDanh": OWNER,
                "HoTen": "Nguyễn Văn An",
                "Email": "an@example.vn",
                "SoDienThoai": "0912345678",
            },
        ),
    )
    d = Dossier.objects.get(pk=answer.json()["MaHoSoHeThong"])
    return services.accept(d.pk, actor=scene.desk)


def stop(request_id="YC-1", **extra):
    return {
        "MaYeuCau": request_id,
        "LoaiYeuCau": "DungXuLy",
        "MaHoSoCong": "G22-2511-000001",
        "SoDinhDanh": OWNER,
        "LyDo": "Không còn nhu cầu",
        **extra,
    }


def adjust(request_id="DC-1", **extra):
    return {
        "MaYeuCau": request_id,
        "LoaiYeuCau": "DieuChinh",
        "MaHoSoCong": "G22-2511-000001",
        "SoDinhDanh": OWNER,
        "LyDo": "Đổi số điện thoại",
        "NoiDungDieuChinh": {"SoDienThoai": "0987654321", "TrichYeu": "Đăng ký kết hôn (bổ sung)"},
        **extra,
    }


def test_a_stop_from_the_portal_ends_the_dossier_once(client, online):
    answer = send(client, stop())
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["KetQua"] == "DaDungXuLy" and body["TrangThaiHoSo"] == State.WITHDRAWN
    assert body["TrungLap"] is False
    d = Dossier.objects.get(pk=online.pk)
    event = d.events.get(action="withdraw")
    assert event.actor is None and event.note == "Không còn nhu cầu"
    assert event.data == {"source": "portal", "by_applicant": True, "request_id": "YC-1"}
    # The portal retries (its answer was lost): the same answer, nothing recorded twice.
    again = send(client, stop())
    assert again.status_code == 200 and again.json()["TrungLap"] is True
    assert Dossier.objects.get(pk=online.pk).event_count == d.event_count
    assert Notification.objects.filter(dossier=d, kind="withdrawn").count() == 2  # e-mail and SMS, once
    email = Notification.objects.get(dossier=d, kind="withdrawn", channel="email")
    assert "gửi qua Cổng Dịch vụ công quốc gia" in email.body
    # Another request id for a stopped dossier: refused with the reason.
    later = send(client, stop("YC-2"))
    assert later.status_code == 409
    assert "đã được dừng giải quyết theo yêu cầu" in later.json()["error"]


def test_an_adjustment_from_the_portal_is_kept_and_flagged(client, online):
    answer = send(client, adjust())
    assert answer.status_code == 200, answer.content
    assert answer.json()["KetQua"] == "DaDieuChinh"
    d = Dossier.objects.get(pk=online.pk)
    assert d.contact_phone == "0987654321" and d.summary == "Đăng ký kết hôn (bổ sung)"
    assert d.amended_at is not None and d.state == State.RECEIVED
    event = d.events.get(action="amend")
    assert event.data["changes"]["contact_phone"]["before"] == "0912345678"
    assert send(client, adjust()).json()["TrungLap"] is True
    assert d.events.filter(action="amend").count() == 1
    # The confirmation goes to the new number, and the previous one hears of the change too (a
    # change nobody asked for must not go unnoticed).
    texts = dict(
        Notification.objects.filter(dossier=d, kind="amended", channel="sms").values_list("recipient", "body")
    )
    assert sorted(r[-9:] for r in texts) == ["912345678", "987654321"]
    assert all("Da nhan yeu cau dieu chinh noi dung ho so G22-2511-000001" in body for body in texts.values())


def test_bad_requests_get_a_clear_answer_and_change_nothing(client, online, scene):
    before = Dossier.objects.get(pk=online.pk).event_count
    assert send(client, stop(), secret="sai").status_code == 401
    assert send(client, {"MaYeuCau": "x"}).status_code == 400
    assert send(client, stop(LoaiYeuCau="HuyBo")).status_code == 400
    unknown = send(client, stop(MaHoSoCong="G22-0000-000000"))
    assert unknown.status_code == 404 and "Không tìm thấy hồ sơ" in unknown.json()["error"]
    # Someone else's personal ID: answered as unknown, the dossier's existence is not told.
    assert send(client, stop(SoDinhDanh="001092000111")).status_code == 404
    empty = send(client, stop(LyDo="  "))
    assert empty.status_code == 422 and "Cần ghi lý do" in empty.json()["error"]
    bad = send(client, adjust(NoiDungDieuChinh={"Email": "khong-hop-le"}))
    assert bad.status_code == 422 and "thư điện tử không hợp lệ" in bad.json()["error"]
    odd = send(client, adjust(NoiDungDieuChinh={"HanTra": "2030-01-01"}))
    assert odd.status_code == 422 and "HanTra" in odd.json()["error"]
    assert send(client, adjust(NoiDungDieuChinh="sửa")).status_code == 422
    assert Dossier.objects.get(pk=online.pk).event_count == before


def test_after_the_result_the_portal_is_told_why_not(client, online, scene):
    from tests.integrations.test_notifications_triggers import walk_to_result

    walk_to_result(scene, online)
    before = Dossier.objects.get(pk=online.pk).event_count
    for request in (stop(), adjust()):
        answer = send(client, request)
        assert answer.status_code == 409
        assert (
            "đã có kết quả giải quyết" in answer.json()["error"] and answer.json()["code"] == "after_result"
        )
    assert Dossier.objects.get(pk=online.pk).event_count == before


def test_our_own_code_finds_a_dossier_received_at_the_desk(client, scene, portal):  # noqa: F811
    from tests.integrations.conftest import receive

    d = receive(scene)
    answer = send(client, stop(MaHoSoCong=None, MaHoSo=d.code))
    assert answer.status_code == 200 and Dossier.objects.get(pk=d.pk).state == State.WITHDRAWN


def test_the_simulated_portal_sends_a_request_in_process_and_over_http(client, online, portal, settings):  # noqa: F811
    [(status, answer)] = portal.push_request(adjust("DC-9"), inbound_requests.handle, times=1)
    assert status == 200 and answer["KetQua"] == "DaDieuChinh"
    twice = portal.push_request(stop("YC-9"), inbound_requests.handle, times=2)
    assert [s for s, _a in twice] == [200, 200] and twice[1][1]["TrungLap"] is True
    assert Dossier.objects.get(pk=online.pk).events.filter(action="withdraw").count() == 1

    body = json.dumps(stop("YC-10"), ensure_ascii=False).encode()
    url = reverse("portal_simulator_request")
    relayed = client.post(url, body, content_type="application/json", HTTP_X_DVC_SIGNATURE=signing.sign(body))
    assert relayed.status_code == 200 and relayed.json()["TrangThaiHTTP"] == 409
    settings.MOTCUA_SIMULATORS = frozenset()
    off = client.post(url, body, content_type="application/json", HTTP_X_DVC_SIGNATURE=signing.sign(body))
    assert off.status_code == 404
