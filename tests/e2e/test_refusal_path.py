"""Refusals with reasons: at the desk (form 03) and by the head after appraisal."""

from playwright.sync_api import expect

from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from tests.e2e.walk import dossier_url, flat, open_action, pdf_text, with_specialist
from tests.factories import APPLICANT, Desk

AT_DESK = "Một bên kết hôn là người nước ngoài, không thuộc thẩm quyền của UBND cấp xã"
AFTER_APPRAISAL = "Bên nữ chưa đủ 18 tuổi theo Luật Hôn nhân và gia đình"

NEW_TITLE = "Phiếu từ chối giải quyết hồ sơ thủ tục hành chính"


def test_desk_refuses_at_reception_with_form_03(page, live_server, officer_login, transactional_db):
    scene = Desk()
    officer_login(scene.desk)
    page.goto(f"{live_server.url}/mot-cua/tiep-nhan/?thu_tuc={scene.version.procedure.pk}")
    page.get_by_label("Số định danh cá nhân / mã số doanh nghiệp").fill(APPLICANT["identifier"])
    page.get_by_label("Họ và tên / tên tổ chức").fill(APPLICANT["name"])
    page.get_by_label("Tờ khai đăng ký kết hôn").check()
    page.get_by_label("Giấy xác nhận tình trạng hôn nhân").check()
    page.get_by_label("Nội dung cần bổ sung / lý do từ chối").fill(AT_DESK)
    page.get_by_role("button", name="Từ chối tiếp nhận (mẫu 03)").click()

    expect(page.locator(".messages")).to_contain_text(
        "Đã lập phiếu từ chối tiếp nhận giải quyết hồ sơ (mẫu 03)"
    )
    expect(page.locator("#dossier-state")).to_have_text("Từ chối")
    expect(page.locator("#timeline")).to_contain_text("Từ chối tiếp nhận")
    expect(page.locator("#timeline")).to_contain_text(AT_DESK)
    expect(page.locator("#actions")).to_contain_text("Không có thao tác nào")
    d = Dossier.objects.get()
    assert d.state == State.REFUSED and not d.code and d.due_at is None

    # Decree 118/2025 Art. 17.1.c, 19.3: one refusal form for both stages, under this title.
    form03 = page.get_by_role("link", name=f"Mẫu 03 — {NEW_TITLE}")
    text = flat(pdf_text(page, form03.get_attribute("href")))
    assert NEW_TITLE.upper() in text.upper() and AT_DESK in text
    assert APPLICANT["name"] in text and "Đăng ký kết hôn" in text
    # No receipt for a refused dossier: form 01 is not offered.
    expect(page.get_by_role("link", name="Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả")).to_have_count(0)


def test_head_refuses_after_appraisal(page, live_server, officer_login, transactional_db):
    scene = Desk()
    d = with_specialist(scene)

    # The specialist appraises but may not refuse: the action is the head's or the leader's.
    officer_login(scene.specialist)
    page.goto(dossier_url(live_server, d))
    expect(page.locator("details#note")).to_be_visible()
    expect(page.locator("details#refuse")).to_have_count(0)

    officer_login(scene.head)
    page.goto(f"{live_server.url}/ho-so/?tab=agency")
    page.get_by_role("link", name=d.code).click()
    form = open_action(page, "refuse")
    form.get_by_label("Lý do (mỗi dòng một lý do)").fill(AFTER_APPRAISAL)
    form.get_by_role("button", name="Từ chối giải quyết").click()

    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Từ chối giải quyết.")
    expect(page.locator(".messages")).to_contain_text("In Mẫu 03")
    expect(page.locator("#dossier-state")).to_have_text("Từ chối")
    expect(page.locator("#timeline")).to_contain_text(AFTER_APPRAISAL)
    expect(page.locator("#actions")).to_contain_text("Không có thao tác nào")
    # Decree 118/2025 Art. 17.1.c, 19.3: one refusal form for both stages, under this title.
    form03 = page.get_by_role("link", name=f"Mẫu 03 — {NEW_TITLE}")
    text = flat(pdf_text(page, form03.get_attribute("href")))
    assert AFTER_APPRAISAL in text
    assert APPLICANT["name"] in text and d.code in text
    d.refresh_from_db()
    assert d.state == State.REFUSED and d.ended_at is not None
