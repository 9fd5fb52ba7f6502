"""Paying online through the gateway simulator: success, failure, cancel — as the citizen sees it."""

from motcua.payments.models import Payment

from .conftest import FEE, GATEWAY, choose, pdf_text, start


def test_successful_payment_is_confirmed_with_receipt_number_one(
    citizen_client, dossier, confirmed, django_capture_on_commit_callbacks
):
    request = start(citizen_client, dossier)
    assert request["amount"] == str(FEE)
    assert len(request["secure_hash"]) == 128  # HMAC-SHA512, hex

    gateway = citizen_client.get(GATEWAY, request)
    assert gateway.status_code == 200
    page = gateway.content.decode()
    assert "200.000 đồng" in page
    for button in ("Thanh toán thành công", "Thanh toán thất bại", "Hủy giao dịch"):
        assert button in page

    with django_capture_on_commit_callbacks(execute=True):
        back = choose(citizen_client, request, "success")
    payment = Payment.objects.get(reference=request["reference"])
    assert payment.state == Payment.State.PAID
    assert payment.receipt_number == 1
    assert payment.provider == "simulator" and payment.provider_txn
    assert payment.callback_data["via"] == "ipn"
    assert confirmed == [payment]

    result = citizen_client.get(back)
    assert result.status_code == 200
    assert "Thanh toán thành công" in result.content.decode()
    assert payment.receipt_label in result.content.decode()

    receipt = citizen_client.get(f"/thanh-toan/bien-lai/{payment.pk}.pdf")
    assert receipt.status_code == 200
    assert receipt["Content-Type"] == "application/pdf"
    text = pdf_text(receipt.content)
    for expected in [
        "BIÊN LAI THU PHÍ, LỆ PHÍ",
        "Số: 0000001/2026",
        "200.000 đồng",
        dossier.code,
        "Nguyễn Văn An",
        "Đăng ký kết hôn",
        "Lệ phí đăng ký kết hôn",
        "Ủy ban nhân dân phường Ba Đình".upper(),
        payment.reference,
        payment.provider_txn,
        "Trực tuyến",
    ]:
        assert expected in text, expected

    again = citizen_client.get(f"/thanh-toan/ho-so/{dossier.pk}/").content.decode()
    assert "Đã thanh toán" in again and "0000001/2026" in again
    assert citizen_client.post(f"/thanh-toan/ho-so/{dossier.pk}/").url == f"/thanh-toan/ho-so/{dossier.pk}/"
    assert dossier.payments.count() == 1


def test_failed_payment_records_failure_and_can_be_retried(citizen_client, dossier, confirmed):
    request = start(citizen_client, dossier)
    back = choose(citizen_client, request, "failure")
    payment = Payment.objects.get(reference=request["reference"])
    assert payment.state == Payment.State.FAILED
    assert payment.receipt_number is None
    assert confirmed == []
    page = citizen_client.get(back)
    assert page.status_code == 200
    assert "Thanh toán không thành công" in page.content.decode()
    assert "Thanh toán lại" in page.content.decode()
    assert citizen_client.get(f"/thanh-toan/bien-lai/{payment.pk}.pdf").status_code == 404

    retry = start(citizen_client, dossier)
    assert retry["reference"] != request["reference"]
    choose(citizen_client, retry, "success")
    assert Payment.objects.get(reference=retry["reference"]).receipt_number == 1


def test_cancelled_payment(citizen_client, dossier, confirmed):
    request = start(citizen_client, dossier)
    back = choose(citizen_client, request, "cancel")
    payment = Payment.objects.get(reference=request["reference"])
    assert payment.state == Payment.State.CANCELLED
    assert payment.provider_txn == ""
    assert "Giao dịch đã bị hủy" in citizen_client.get(back).content.decode()
    assert confirmed == []


def test_abandoned_attempt_is_cancelled_by_a_new_one(citizen_client, dossier):
    first = start(citizen_client, dossier)
    second = start(citizen_client, dossier)
    states = dict(Payment.objects.values_list("reference", "state"))
    assert states == {first["reference"]: "cancelled", second["reference"]: "pending"}
