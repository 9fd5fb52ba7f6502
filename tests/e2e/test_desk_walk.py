"""A desk officer and the back office walk one dossier from reception to returned result."""

import re

from playwright.sync_api import expect

from motcua.dossiers.models import Dossier
from tests.factories import APPLICANT, Desk


def test_reception_to_return(page, live_server, officer_login, transactional_db):
    scene = Desk()
    officer_login(scene.desk)
    page.get_by_role("link", name="Tiếp nhận").first.click()
    page.get_by_label("Tìm thủ tục").fill("ket hon")
    page.get_by_role("link", name="Đăng ký kết hôn").click()
    expect(page.locator("#procedure-name")).to_have_text("Đăng ký kết hôn")
    page.get_by_label("Số định danh cá nhân / mã số doanh nghiệp").fill(APPLICANT["identifier"])
    page.get_by_label("Họ và tên / tên tổ chức").fill(APPLICANT["name"])
    page.get_by_label("Tờ khai đăng ký kết hôn").check()
    page.get_by_label("Giấy xác nhận tình trạng hôn nhân").check()
    page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()
    expect(page.locator(".messages")).to_contain_text("Đã tiếp nhận hồ sơ")
    code = page.locator("#dossier-code").inner_text()
    assert re.fullmatch(r"000\.00\.06\.H56-\d{6}-0001", code)
    expect(page.locator("#dossier-state")).to_have_text("Đã tiếp nhận")
    d = Dossier.objects.get(code=code)
    assert d.applicant.name == APPLICANT["name"]
