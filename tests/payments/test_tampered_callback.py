"""A callback whose signature does not check out changes nothing and shows an error page."""

from urllib.parse import urlencode

from django.test import Client

from motcua.payments.models import Payment
from motcua.payments.providers.simulator import views as gateway_views

from .conftest import GATEWAY, start


def _result(client, dossier, choice="success"):
    request = start(client, dossier)
    return request, gateway_views.result_params(request, choice)


def _unchanged(reference: str) -> None:
    payment = Payment.objects.get(reference=reference)
    assert payment.state == Payment.State.PENDING
    assert payment.receipt_number is None and payment.provider_txn == "" and payment.callback_data == {}


def test_changed_amount_is_refused(citizen_client, dossier, confirmed):
    request, result = _result(citizen_client, dossier)
    result["amount"] = "2000"
    page = citizen_client.get("/thanh-toan/ket-qua/simulator/?" + urlencode(result))
    assert page.status_code == 400
    assert "Chữ ký dữ liệu không hợp lệ" in page.content.decode()
    _unchanged(request["reference"])
    assert confirmed == []


def test_one_changed_character_of_the_hash_is_refused(citizen_client, dossier):
    request, result = _result(citizen_client, dossier)
    last = result["secure_hash"][-1]
    result["secure_hash"] = result["secure_hash"][:-1] + ("0" if last != "0" else "1")
    assert citizen_client.get("/thanh-toan/ket-qua/simulator/", result).status_code == 400
    ipn = Client().post("/thanh-toan/ipn/simulator/", result)
    assert ipn.status_code == 400 and ipn.json()["status"] == "invalid_signature"
    _unchanged(request["reference"])


def test_missing_hash_and_unknown_provider_are_refused(citizen_client, dossier):
    request, result = _result(citizen_client, dossier)
    unsigned = {k: v for k, v in result.items() if k != "secure_hash"}
    assert citizen_client.get("/thanh-toan/ket-qua/simulator/", unsigned).status_code == 400
    assert citizen_client.get("/thanh-toan/ket-qua/vnpay-that/", result).status_code == 400
    _unchanged(request["reference"])


def test_genuine_callback_with_another_amount_is_flagged_not_paid(citizen_client, dossier, settings):
    request = start(citizen_client, dossier)
    Payment.objects.filter(reference=request["reference"]).update(amount_vnd=150_000)
    result = gateway_views.result_params(request, "success")  # signed, but for 200.000 đồng
    page = citizen_client.get("/thanh-toan/ket-qua/simulator/", result)
    assert page.status_code == 400
    assert "không khớp" in page.content.decode()
    payment = Payment.objects.get(reference=request["reference"])
    assert payment.state == Payment.State.PENDING and payment.receipt_number is None
    assert payment.anomaly == Payment.Anomaly.AMOUNT


def test_gateway_refuses_a_tampered_request(citizen_client, dossier):
    request = start(citizen_client, dossier)
    cheaper = {**request, "amount": "1000"}
    page = citizen_client.get(GATEWAY, cheaper)
    assert page.status_code == 400
    assert "Chữ ký của yêu cầu thanh toán không hợp lệ" in page.content.decode()
    assert citizen_client.post(GATEWAY, {**cheaper, "choice": "success"}).status_code == 400
    _unchanged(request["reference"])


def test_a_secret_is_generated_into_the_data_dir_when_none_is_set(citizen_client, dossier, settings):
    request = start(citizen_client, dossier)
    assert len((settings.DATA_DIR / "payment-simulator-secret.txt").read_text()) == 64
    assert citizen_client.get(GATEWAY, request).status_code == 200
    settings.MOTCUA_PAYMENT_SECRET = "khoa-bi-mat-cua-tinh"
    assert citizen_client.get(GATEWAY, request).status_code == 400
