"""Simulators are off unless switched on: nobody logs in as any citizen, pays nothing or pushes dossiers.

Issue 14 items 1–3. Each test switches the simulators off the way a production server has them
(``MOTCUA_SIMULATORS`` unset) and plays the attack that worked before.
"""

import json

import pytest
from django.test import Client

from motcua.dossiers.models import Dossier
from motcua.integrations.portal_sync import conf, signing
from motcua.org.models import Applicant
from motcua.payments.models import Payment
from tests.integrations.test_portal_sync_inbound import submission
from tests.payments.conftest import GATEWAY, start

pytestmark = pytest.mark.django_db
OFF = frozenset()


def test_vneid_login_does_not_reach_the_simulator_when_it_is_off(client, settings):
    settings.MOTCUA_SIMULATORS = OFF
    answer = client.get("/cong-dan/vneid/")
    assert answer.status_code == 302 and answer.url == "/cong-dan/dang-nhap/"
    page = client.get(answer.url)
    assert "chưa kết nối với tài khoản định danh điện tử" in page.content.decode()
    assert "Đăng nhập bằng tài khoản định danh điện tử (VNeID)" not in page.content.decode()


def test_the_simulated_vneid_cannot_be_used_to_become_anyone_when_off(client, settings):
    settings.MOTCUA_SIMULATORS = OFF
    query = (
        "client_id=motcua-portal&response_type=code&redirect_uri=http://testserver/cong-dan/vneid/callback/"
    )
    consent = client.post(
        f"/vneid-gia-lap/authorize?{query}", {"personal_id": "001090012345", "name": "Nguyễn Văn An"}
    )
    assert consent.status_code == 404
    assert client.post("/vneid-gia-lap/token", {"code": "x"}).status_code == 404


def test_the_vneid_button_is_offered_when_the_simulator_is_switched_on(client, settings):
    settings.MOTCUA_SIMULATORS = frozenset({"identity"})
    assert (
        "Đăng nhập bằng tài khoản định danh điện tử (VNeID)"
        in client.get("/cong-dan/dang-nhap/").content.decode()
    )
    answer = client.get("/cong-dan/vneid/")
    assert answer.status_code == 302 and answer.url.startswith("/vneid-gia-lap/authorize?")


def test_no_free_payment_through_the_simulated_gateway_when_it_is_off(citizen_client, dossier, settings):
    request = start(citizen_client, dossier)  # a payment started while the simulator was on
    settings.MOTCUA_SIMULATORS = OFF
    assert citizen_client.post(GATEWAY, {**request, "choice": "success"}).status_code == 404
    payment = Payment.objects.get(reference=request["reference"])
    assert payment.state == Payment.State.PENDING and payment.receipt_number is None
    # No new online payment is started either: the citizen is told to pay at the desk.
    page = citizen_client.get(f"/thanh-toan/ho-so/{dossier.pk}/")
    assert "nộp phí, lệ phí tại Bộ phận Một cửa" in page.content.decode()
    refused = citizen_client.post(f"/thanh-toan/ho-so/{dossier.pk}/", follow=True)
    assert "chưa kết nối cổng thanh toán trực tuyến" in refused.content.decode()
    assert Payment.objects.filter(dossier=dossier).count() == 1


def test_the_gateway_request_replayed_as_a_callback_changes_nothing(citizen_client, dossier):
    # The merchant's own signed request (same secret) was accepted as an IPN and failed the payment.
    request = start(citizen_client, dossier)
    answer = Client().post("/thanh-toan/ipn/simulator/", request)
    assert answer.status_code == 400 and answer.json()["status"] == "invalid_signature"
    back = citizen_client.get("/thanh-toan/ket-qua/simulator/", request)
    assert back.status_code == 400
    payment = Payment.objects.get(reference=request["reference"])
    assert payment.state == Payment.State.PENDING and payment.callback_data == {}


def _push(client, desk, secret):
    body = json.dumps(
        submission(
            desk,
            ChuHoSo={
                "LoaiDoiTuong": 1,
                "SoDinhDanh": "001090012345",
                "HoTen": "Kẻ Giả Mạo",
                "SoDienThoai": "0999999999",
            },
        ),
        ensure_ascii=False,
    ).encode()
    return client.post(
        "/lien-thong/dvcqg/ho-so",
        body,
        content_type="application/json",
        HTTP_X_DVC_SIGNATURE=signing.sign(body, secret),
    )


def test_a_dossier_signed_with_the_demo_secret_is_refused_in_production(client, settings):
    from tests.factories import Desk

    desk = Desk()
    before = list(Applicant.objects.values_list("identifier", "name", "phone"))
    settings.MOTCUA_SIMULATORS = OFF
    assert conf.secret() == ""
    answer = _push(client, desk, conf.DEV_SECRET)
    assert answer.status_code == 503
    assert "MOTCUA_PORTAL_SECRET" in answer.json()["error"]
    # A configured real secret: the demo one is no key to it.
    settings.MOTCUA_PORTAL_SECRET = "bi-mat-that-cua-tinh"
    assert _push(client, desk, conf.DEV_SECRET).status_code == 401
    assert Dossier.objects.count() == 0
    assert list(Applicant.objects.values_list("identifier", "name", "phone")) == before
