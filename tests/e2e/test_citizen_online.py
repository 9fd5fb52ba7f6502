"""A citizen's whole online dossier: found in the catalogue without diacritics, submitted with real
files (draft first, a repeated submit still one dossier), paid through the gateway with a receipt,
accepted from the desk's online queue, processed to a signed result, downloaded and rated once."""

import io
import re

from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Channel, State
from motcua.feedback.models import Rating
from motcua.payments.models import Payment
from motcua.portal.models import Submission
from tests.e2e.portal_walk import (
    REQUIRED,
    fill_submission,
    make_citizen,
    online_scene,
    open_procedure,
    small_pdf,
)
from tests.e2e.walk import csrf_post, dossier_url, flat, open_action, pdf_text


def test_citizen_submits_pays_gets_signed_result_and_rates(
    page, live_server, officer_login, citizen_login, transactional_db, tmp_path
):
    scene = online_scene()
    citizen = make_citizen()
    pdf = small_pdf(tmp_path)

    # Found without diacritics; the procedure page offers the online submission.
    citizen_login(citizen)
    open_procedure(page, live_server, "ket hon")
    expect(page.get_by_text("Dịch vụ công trực tuyến toàn trình")).to_be_visible()
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    expect(page.locator("#procedure-name")).to_have_text("Đăng ký kết hôn")

    # A draft keeps the files; the submit then needs no new upload.
    fill_submission(page, pdf)
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu bản nháp")
    expect(page.get_by_text(f"✓ Đã tải lên: {pdf.name}")).to_have_count(len(REQUIRED))
    draft = Submission.objects.get(user=citizen)
    assert draft.state == Submission.State.DRAFT and draft.files.count() == len(REQUIRED)
    assert not Dossier.objects.exists()

    # The same draft open in a second tab; a double click on "Nộp hồ sơ" in the first.
    other = page.context.new_page()
    other.goto(page.url)
    page.locator("#nop").dblclick()
    page.wait_for_url("**/cong-dan/ho-so/*/")
    expect(page.locator("#state")).to_have_text("Chờ tiếp nhận")
    d = Dossier.objects.get()
    assert page.url.endswith(f"/cong-dan/ho-so/{d.pk}/")
    # The stale form in the second tab (as after going back) submitted again: the same dossier.
    other.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    other.wait_for_url(f"**/cong-dan/ho-so/{d.pk}/")
    expect(other.locator("#state")).to_have_text("Chờ tiếp nhận")
    other.close()
    # The draft's own address now leads to the dossier, not to a new form.
    page.goto(f"{live_server.url}/cong-dan/nop/{scene.version.procedure_id}/?nhap={draft.pk}")
    expect(page.locator("#state")).to_have_text("Chờ tiếp nhận")
    assert page.url.endswith(f"/cong-dan/ho-so/{d.pk}/")
    assert Dossier.objects.count() == 1
    draft.refresh_from_db()
    assert draft.state == Submission.State.SUBMITTED and draft.dossier_id == d.pk
    assert d.channel == Channel.ONLINE and d.state == State.AWAITING_RECEPTION
    assert d.applicant.identifier == citizen.personal_id
    assert d.files.filter(kind="component").count() == len(REQUIRED)

    # Payment through the gateway simulator, then the receipt.
    page.goto(f"{live_server.url}/cong-dan/ho-so/{d.pk}/")
    page.get_by_role("link", name="Phí, lệ phí và thanh toán").click()
    page.get_by_role("button", name=re.compile("Thanh toán trực tuyến")).click()
    page.wait_for_url("**/thanh-toan/cong-gia-lap/**")
    expect(page.locator("dd.big")).to_have_text("50.000 đồng")
    page.get_by_role("button", name="Thanh toán thành công").click()
    expect(page.locator(".messages")).to_contain_text("Thanh toán thành công.")
    payment = Payment.objects.get(dossier=d)
    assert payment.state == Payment.State.PAID and payment.amount_vnd == 50_000
    assert payment.receipt_label == f"0000001/{timezone.localdate().year}"
    receipt = flat(pdf_text(page, page.get_by_role("link", name="Tải biên lai (PDF)").get_attribute("href")))
    assert "50.000 đồng" in receipt and payment.receipt_label in receipt and payment.reference in receipt

    # The desk accepts it from the online queue.
    officer_login(scene.desk)
    page.goto(f"{live_server.url}/ho-so/?tab=reception")
    page.locator("#rows tr", has_text=citizen.full_name).get_by_role("link").first.click()
    expect(page.locator("#dossier-state")).to_have_text("Chờ tiếp nhận")
    open_action(page, "accept").get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page.locator("#dossier-state")).to_have_text("Đã tiếp nhận")
    d.refresh_from_db()
    assert d.code and d.received_by == scene.desk

    # Assignment, the steps, approval and the signed result.
    officer_login(scene.head)
    page.goto(f"{live_server.url}/ho-so/?tab=unassigned")
    row = page.locator("tr", has_text=d.code)
    row.get_by_label("Phân công cho").select_option(label=str(scene.desk))
    row.get_by_role("button", name="Phân công").click()
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Phân công xử lý")

    def act(user, name, button, to_user=None):
        officer_login(user)
        page.goto(dossier_url(live_server, d))
        box = open_action(page, name)
        if to_user is not None:
            box.get_by_label(re.compile("Chuyển cho")).select_option(label=str(to_user))
        box.get_by_role("button", name=button).click()
        expect(page.locator(".messages")).to_contain_text(f"Đã thực hiện: {button}")

    act(scene.desk, "forward", "Chuyển bước tiếp theo", scene.specialist)
    act(scene.specialist, "forward", "Chuyển bước tiếp theo", scene.leader)
    act(scene.leader, "approve", "Phê duyệt")
    box = open_action(page, "forward")
    box.get_by_label(re.compile("Chuyển cho")).select_option(label=str(scene.clerk))
    box.get_by_role("button", name="Chuyển bước tiếp theo").click()
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Chuyển bước tiếp theo")
    act(scene.clerk, "issue_result", "Ban hành kết quả")
    expect(page.locator("#dossier-state")).to_have_text("Chờ trả kết quả")

    # The citizen sees the result, downloads the signed PDF and rates the service once.
    citizen_login(citizen)
    page.get_by_role("link", name=d.code).click()
    expect(page.locator("#state")).to_have_text("Chờ trả kết quả")
    expect(page.locator("#signature")).to_contain_text("Chữ ký số hợp lệ")
    href = page.get_by_role("link", name="Tải kết quả điện tử (PDF đã ký số)").get_attribute("href")
    result = page.request.get(f"{live_server.url}{href}")
    assert result.ok and result.headers["content-type"] == "application/pdf"
    body = result.body()
    assert body.startswith(b"%PDF")
    fields = PdfReader(io.BytesIO(body)).get_fields() or {}
    assert any(f.get("/FT") == "/Sig" and f.get("/V") for f in fields.values()), fields

    page.get_by_role("link", name="Đánh giá mức độ hài lòng").click()
    page.locator(".levels").get_by_label("Hài lòng", exact=True).check()
    page.get_by_label("Ý kiến góp ý (không bắt buộc)").fill("Cán bộ hướng dẫn tận tình")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.locator(".messages")).to_contain_text("Cảm ơn bạn đã đánh giá")
    expect(page.locator("#rating-given")).to_contain_text("Hài lòng")
    rating = Rating.objects.get(dossier=d)
    assert rating.level == "satisfied" and rating.rated_by == citizen
    assert rating.comment == "Cán bộ hướng dẫn tận tình"

    # A second rating, posted by hand since the form is gone, is refused and changes nothing.
    expect(page.get_by_role("button", name="Gửi đánh giá")).to_have_count(0)
    second = csrf_post(page, page.url, {"level": "unsatisfied", "comment": "Đổi ý"})
    assert "mỗi hồ sơ chỉ đánh giá một lần" in second.text()
    assert Rating.objects.filter(dossier=d).count() == 1
    assert Rating.objects.get(dossier=d).level == "satisfied"
