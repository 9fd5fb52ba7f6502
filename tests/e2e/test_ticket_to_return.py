"""The whole day of one dossier, as the officers do it in the browser: a queue ticket from the
kiosk, reception at the counter, the receipt, assignment, the steps of the internal process, the
leader's approval, the signed result and its return at the desk."""

import re

from playwright.sync_api import expect

from motcua.desk.models import QueueTicket
from motcua.desk.queue import seed_counters
from motcua.dossiers.models import Dossier
from tests.e2e.walk import flat, open_action, pdf_text
from tests.factories import APPLICANT, Desk


def test_ticket_to_signed_result_returned(page, live_server, officer_login, transactional_db):
    scene = Desk()
    seed_counters(scene.agency)

    # The citizen takes a number at the kiosk.
    page.goto(f"{live_server.url}/mot-cua/kiosk/{scene.agency.pk}/")
    page.get_by_role("button", name="Lĩnh vực khác").click()
    expect(page.locator(".number")).to_have_text("001")

    # The desk officer sits at a counter and calls it.
    officer_login(scene.desk)
    page.get_by_role("link", name="Xếp hàng").click()
    page.get_by_role("button", name="Ngồi quầy này").first.click()
    page.get_by_role("button", name="Gọi số tiếp theo").click()
    expect(page.locator("#counter-panel .big")).to_contain_text("001")
    page.get_by_role("link", name="Tiếp nhận hồ sơ").click()

    # Reception: the procedure found without diacritics, the checklist, the receipt.
    page.get_by_label("Tìm thủ tục").fill("dang ky ket hon")
    page.get_by_role("link", name="Đăng ký kết hôn").click()
    page.get_by_label("Số định danh cá nhân / mã số doanh nghiệp").fill(APPLICANT["identifier"])
    page.get_by_label("Họ và tên / tên tổ chức").fill(APPLICANT["name"])
    page.get_by_label("Tờ khai đăng ký kết hôn").check()
    page.get_by_label("Giấy xác nhận tình trạng hôn nhân").check()
    page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()
    expect(page.locator(".messages")).to_contain_text("Đã tiếp nhận hồ sơ")
    code = page.locator("#dossier-code").inner_text()
    assert re.fullmatch(r"000\.00\.06\.H56-\d{6}-0001", code)
    receipt = flat(pdf_text(page, page.get_by_role("link", name=re.compile("Mẫu 01")).get_attribute("href")))
    assert code in receipt and APPLICANT["name"] in receipt
    d = Dossier.objects.get(code=code)
    assert QueueTicket.objects.get(dossier=d).display_number == "001"

    # The head assigns it from the list of dossiers waiting for assignment.
    officer_login(scene.head)
    page.goto(f"{live_server.url}/ho-so/?tab=unassigned")
    row = page.locator("tr", has_text=code)
    row.get_by_label("Phân công cho").select_option(label=str(scene.desk))
    row.get_by_role("button", name="Phân công").click()
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Phân công xử lý")

    # Desk step → appraisal → approval → result, each officer from their own list.
    def pass_on(user, to_user, note=""):
        officer_login(user)
        page.get_by_role("link", name="Hồ sơ của tôi").click()
        page.get_by_role("link", name=code).click()
        box = open_action(page, "forward")
        if to_user is not None:
            box.get_by_label(re.compile("Chuyển cho")).select_option(label=str(to_user))
        if note:
            box.get_by_label("Ghi chú, ý kiến").fill(note)
        box.get_by_role("button", name="Chuyển bước tiếp theo").click()
        expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Chuyển bước tiếp theo")

    pass_on(scene.desk, scene.specialist)
    pass_on(scene.specialist, scene.leader, note="Hồ sơ đủ điều kiện đăng ký kết hôn")

    officer_login(scene.leader)
    page.get_by_role("link", name="Hồ sơ của tôi").click()
    page.get_by_role("link", name=code).click()
    open_action(page, "approve").get_by_role("button", name="Phê duyệt").click()
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Phê duyệt")
    box = open_action(page, "forward")
    box.get_by_label(re.compile("Chuyển cho")).select_option(label=str(scene.clerk))
    box.get_by_role("button", name="Chuyển bước tiếp theo").click()

    officer_login(scene.clerk)
    page.get_by_role("link", name="Hồ sơ của tôi").click()
    page.get_by_role("link", name=code).click()
    open_action(page, "issue_result").get_by_role("button", name="Ban hành kết quả").click()
    expect(page.locator("#dossier-state")).to_have_text("Chờ trả kết quả")
    expect(page.locator(".signature")).to_contain_text("Chữ ký số hợp lệ")

    # The control sheet on the page shows every step with its budget and use.
    steps = page.locator("section", has_text="Quy trình nội bộ — thời gian từng bước")
    expect(steps.locator("tbody tr")).to_have_count(4)
    expect(steps).to_contain_text("Đúng hạn")
    expect(page.locator("#timeline")).to_contain_text("Hồ sơ đủ điều kiện đăng ký kết hôn")

    # Return at the desk: who received it.
    officer_login(scene.desk)
    page.get_by_role("link", name="Trả kết quả", exact=True).click()
    page.get_by_role("link", name=code).click()
    box = open_action(page, "return_result")
    box.get_by_label(re.compile("Người nhận kết quả")).fill(APPLICANT["name"])
    box.get_by_role("button", name="Trả kết quả").click()
    expect(page.locator("#dossier-state")).to_have_text("Đã trả kết quả")
    d.refresh_from_db()
    assert d.returned_to == APPLICANT["name"] and d.timeliness in {"early", "on_time"}
