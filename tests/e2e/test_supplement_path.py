"""Supplements: asked at the desk (form 02) and during appraisal; the clock stops and resumes."""

from datetime import datetime, timedelta

from django.utils import timezone
from playwright.sync_api import expect

from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from tests.e2e.walk import dossier_url, fact, flat, open_action, pdf_text, with_specialist
from tests.factories import APPLICANT, Desk

MISSING = "Giấy xác nhận tình trạng hôn nhân do UBND nơi cư trú cấp"


def test_desk_asks_for_the_missing_paper_with_form_02(page, live_server, officer_login, transactional_db):
    scene = Desk()
    officer_login(scene.desk)
    page.get_by_role("link", name="Tiếp nhận").first.click()
    page.get_by_label("Tìm thủ tục").fill("ket hon")
    page.get_by_role("link", name="Đăng ký kết hôn").click()
    # The officer sees the time limit the appointment is counted from.
    expect(page.locator("#reception-form")).to_contain_text("Thời hạn: 15 ngày làm việc")
    page.get_by_label("Số định danh cá nhân / mã số doanh nghiệp").fill(APPLICANT["identifier"])
    page.get_by_label("Họ và tên / tên tổ chức").fill(APPLICANT["name"])
    page.get_by_label("Tờ khai đăng ký kết hôn").check()  # the second required paper is missing
    page.get_by_label("Nội dung cần bổ sung / lý do từ chối").fill(MISSING)
    page.get_by_role("button", name="Yêu cầu bổ sung (mẫu 02)").click()

    expect(page.locator(".messages")).to_contain_text(
        "Đã lập phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02)"
    )
    expect(page.locator("#dossier-state")).to_have_text("Chờ bổ sung")
    expect(page.locator("#dossier-urgency")).to_have_text("Tạm dừng — chờ người nộp")
    expect(page.locator("#timeline")).to_contain_text(MISSING)
    expect(page.locator("#timeline li").first.locator("span.small")).to_have_text(str(scene.desk))
    # The paper that was brought is listed by name and kind of copy.
    papers = page.locator("section", has=page.get_by_role("heading", name="Thành phần hồ sơ"))
    expect(papers.locator("tbody tr")).to_have_count(1)
    expect(papers.locator("tbody tr")).to_contain_text("Tờ khai đăng ký kết hôn")
    expect(papers.locator("tbody tr")).to_contain_text("Bản chính")
    d = Dossier.objects.get()
    assert d.state == State.AWAITING_SUPPLEMENT and not d.code

    form02 = page.get_by_role("link", name="Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")
    expect(form02).to_be_visible()
    text = flat(pdf_text(page, form02.get_attribute("href")))
    assert "PHIẾU YÊU CẦU BỔ SUNG" in text.upper()
    assert MISSING in text
    assert APPLICANT["name"] in text and "Đăng ký kết hôn" in text


def test_specialist_asks_during_appraisal_and_desk_records_the_supplement(
    page, live_server, officer_login, transactional_db, monkeypatch
):
    scene = Desk()
    d = with_specialist(scene)
    officer_login(scene.specialist)
    page.goto(f"{live_server.url}/ho-so/?tab=mine")
    page.get_by_role("link", name=d.code).click()
    expect(page.locator("#dossier-state")).to_have_text("Đang xử lý")
    due_before = fact(page, "Hẹn trả kết quả").inner_text()

    # Decree 118/2025 Art. 19.5: the specialist proposes, the desk issues the request.
    form = open_action(page, "propose_supplement")
    form.get_by_label("Nội dung cần bổ sung").fill("Bản sao trích lục khai sinh có chứng thực")
    form.get_by_role("button", name="Đề nghị bổ sung hồ sơ (chuyển Bộ phận Một cửa)").click()
    expect(page.locator("#dossier-state")).to_have_text("Đang xử lý")
    officer_login(scene.desk)
    page.goto(f"{live_server.url}/mot-cua/cho-dong/")
    page.get_by_role("link", name=d.code).click()
    form = open_action(page, "request_supplement")
    form.get_by_label("Nội dung cần bổ sung").fill("Bản sao trích lục khai sinh có chứng thực")
    form.get_by_role("button", name="Yêu cầu bổ sung hồ sơ").click()
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Yêu cầu bổ sung hồ sơ.")
    expect(page.locator(".messages")).to_contain_text("In Mẫu 02")
    expect(page.locator("#dossier-state")).to_have_text("Chờ bổ sung")
    expect(page.locator("#dossier-urgency")).to_have_text("Tạm dừng — chờ người nộp")
    form02 = page.get_by_role("link", name="Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")
    text = flat(pdf_text(page, form02.get_attribute("href")))
    assert "Bản sao trích lục khai sinh có chứng thực" in text and d.code in text

    # A week later the applicant brings the paper to the desk: the limit restarts from zero.
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(days=7))
    officer_login(scene.desk)
    page.goto(f"{live_server.url}/ho-so/?tab=paused")
    page.get_by_role("link", name=d.code).click()
    form = open_action(page, "complete_supplement")
    form.get_by_label("Ghi chú, ý kiến").fill("Đã nhận bản sao trích lục khai sinh")
    form.get_by_role("button", name="Tiếp nhận hồ sơ bổ sung").click()

    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Tiếp nhận hồ sơ bổ sung.")
    expect(page.locator("#dossier-state")).to_have_text("Đang xử lý")
    expect(page.locator("#dossier-urgency")).to_contain_text("Còn")
    expect(page.locator("#timeline")).to_contain_text("Tiếp nhận hồ sơ bổ sung")
    expect(page.locator("#timeline")).to_contain_text("Đã nhận bản sao trích lục khai sinh")
    due_after = fact(page, "Hẹn trả kết quả").inner_text()
    pushed = datetime.strptime(due_after, "%H:%M %d/%m/%Y") - datetime.strptime(due_before, "%H:%M %d/%m/%Y")
    assert pushed >= timedelta(days=3), (due_before, due_after)
    assert dossier_url(live_server, d) in page.url
