"""What a citizen may not do: open another citizen's dossier, result, payment or receipt (a plain
"Không tìm thấy", no hint it exists), or turn a payment into "paid" by altering what the gateway
sends back."""

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from playwright.sync_api import expect

from motcua.feedback.models import Rating
from motcua.payments.models import Payment
from motcua.payments.providers.simulator import signing
from tests.e2e.portal_walk import FEE_VND, make_citizen, online_dossier, online_scene, to_signed_result
from tests.e2e.walk import csrf_post


def altered(url: str, **changes: str) -> str:
    """The URL with some query parameters replaced (the signature left as it was)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    assert set(changes) <= set(query), (changes, query)
    return urlunsplit(parts._replace(query=urlencode({**query, **changes})))


def params_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


def test_tampered_gateway_answers_leave_the_payment_unpaid(
    page, live_server, citizen_login, transactional_db
):
    scene = online_scene()
    owner = make_citizen()
    d = online_dossier(scene, owner)
    citizen_login(owner)
    page.goto(f"{live_server.url}/thanh-toan/ho-so/{d.pk}/")
    page.get_by_role("button", name=re.compile("Thanh toán trực tuyến")).click()
    page.wait_for_url("**/thanh-toan/cong-gia-lap/**")
    request_url = page.url
    assert params_of(request_url)["amount"] == str(FEE_VND)

    # The request to the gateway altered on its way (a smaller amount): the gateway refuses it.
    response = page.goto(altered(request_url, amount="1000"))
    assert response.status == 400
    expect(page.locator(".messages .error")).to_contain_text("Chữ ký của yêu cầu thanh toán không hợp lệ")
    expect(page.get_by_role("button", name="Thanh toán thành công")).to_have_count(0)

    # A genuine failure comes back signed; the browser's copy altered to say "paid" is refused.
    page.goto(request_url)
    page.get_by_role("button", name="Thanh toán thất bại").click()
    page.wait_for_url("**/thanh-toan/ket-qua/simulator/**")
    expect(page.locator(".messages .warning")).to_contain_text("Thanh toán không thành công.")
    payment = Payment.objects.get(dossier=d)
    assert payment.state == Payment.State.FAILED
    back = page.url
    answer = params_of(back)
    forged_hash = answer["secure_hash"][:-1] + ("0" if answer["secure_hash"][-1] != "0" else "1")
    for tampered in (
        altered(back, response_code="00", transaction_status="00"),
        altered(back, response_code="00", transaction_status="00", amount="1000"),
        altered(back, secure_hash=forged_hash),
        altered(back, amount=str(FEE_VND * 10)),
    ):
        response = page.goto(tampered)
        assert response.status == 400, tampered
        expect(page.locator(".messages .error")).to_contain_text(
            "Chữ ký dữ liệu không hợp lệ: kết quả thanh toán không được ghi nhận."
        )
        expect(page.get_by_role("link", name="Tải biên lai (PDF)")).to_have_count(0)
        payment.refresh_from_db()
        assert payment.state == Payment.State.FAILED and payment.receipt_number is None

    # Even a correctly signed "paid" with another amount is not settled, only flagged.
    page.goto(f"{live_server.url}/thanh-toan/ho-so/{d.pk}/")
    page.get_by_role("button", name=re.compile("Thanh toán trực tuyến")).click()
    page.wait_for_url("**/thanh-toan/cong-gia-lap/**")
    retry = Payment.objects.get(dossier=d, state=Payment.State.PENDING)
    wrong = signing.signed({**answer, "reference": retry.reference, "response_code": "00", "amount": "1000"})
    response = page.goto(f"{live_server.url}/thanh-toan/ket-qua/simulator/?{urlencode(wrong)}")
    assert response.status == 400
    expect(page.locator(".messages .error")).to_contain_text("Số tiền cổng thanh toán báo về không khớp")
    retry.refresh_from_db()
    assert retry.state == Payment.State.PENDING and retry.anomaly == Payment.Anomaly.AMOUNT
    assert not Payment.objects.filter(dossier=d, state=Payment.State.PAID).exists()

    page.goto(f"{live_server.url}/thanh-toan/ho-so/{d.pk}/")
    expect(page.get_by_text("Đã thanh toán", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("Thanh toán trực tuyến"))).to_be_visible()


def test_another_citizen_cannot_open_my_dossier_result_payment_or_receipt(
    page, live_server, citizen_login, transactional_db
):
    scene = online_scene()
    owner = make_citizen()
    other = make_citizen("001192004567", "Trần Thị Bích Ngọc")
    d = to_signed_result(scene, online_dossier(scene, owner))

    # The owner pays and has everything.
    citizen_login(owner)
    page.goto(f"{live_server.url}/thanh-toan/ho-so/{d.pk}/")
    page.get_by_role("button", name=re.compile("Thanh toán trực tuyến")).click()
    page.get_by_role("button", name="Thanh toán thành công").click()
    expect(page.locator(".messages .success")).to_contain_text("Thanh toán thành công.")
    payment = Payment.objects.get(dossier=d, state=Payment.State.PAID)
    urls = {
        "dossier": f"/cong-dan/ho-so/{d.pk}/",
        "result": f"/cong-dan/ho-so/{d.pk}/ket-qua.pdf",
        "payment": f"/thanh-toan/ho-so/{d.pk}/",
        "receipt": f"/thanh-toan/bien-lai/{payment.pk}.pdf",
        "rating": f"/phan-anh/danh-gia/{d.pk}/",
        "supplement": f"/cong-dan/ho-so/{d.pk}/bo-sung/",
    }
    for name in ("dossier", "result", "payment", "receipt", "rating"):
        assert page.request.get(f"{live_server.url}{urls[name]}").status == 200, name

    # Someone else, logged in with their own account, finds nothing.
    citizen_login(other)
    expect(page.locator("main")).not_to_contain_text(d.code)
    for name, url in urls.items():
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 404, (name, response.status)
        expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy")
        expect(page.locator("main")).not_to_contain_text(d.code)
    # Nor by posting: no payment started, no rating given.
    page.goto(f"{live_server.url}/cong-dan/ho-so/")
    assert csrf_post(page, urls["payment"], {}).status == 404
    assert csrf_post(page, urls["rating"], {"level": "unsatisfied"}).status == 404
    assert Payment.objects.filter(dossier=d).count() == 1
    assert not Rating.objects.filter(dossier=d).exists()
