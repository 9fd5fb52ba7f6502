"""Screenshots of the citizen's pages on a phone (360 px wide) for the user guide (docs/screenshots/).

Run on purpose only: ``MOTCUA_SCREENSHOTS=1 uv run pytest tests/e2e/test_screenshots_citizen.py``.
Each page is also checked not to scroll sideways at that width.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from motcua.dossiers import services
from tests.e2e.portal_walk import fill_submission, make_citizen, online_scene, open_procedure, small_pdf

pytestmark = pytest.mark.skipif(
    os.environ.get("MOTCUA_SCREENSHOTS") != "1", reason="ảnh chụp màn hình: đặt MOTCUA_SCREENSHOTS=1"
)

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 360, "height": 740}
NAMES = (
    "cong-dan-thu-tuc-360",
    "cong-dan-chi-tiet-thu-tuc-360",
    "cong-dan-nop-ho-so-360",
    "cong-dan-ho-so-360",
    "cong-dan-thanh-toan-360",
)


def phone_shot(page: Page, name: str) -> None:
    """Check the page fits 360 px (no sideways scrolling), then save it whole."""
    page.wait_for_load_state("networkidle")
    page.mouse.move(0, 0)
    page.evaluate("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"] + 1:
        wide = page.evaluate(
            """(limit) => [...document.querySelectorAll("body *")]
                .filter((e) => e.getBoundingClientRect().right > limit + 1)
                .slice(0, 8)
                .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)""",
            PHONE["width"],
        )
        raise AssertionError(f"{name}: scrollWidth {width} > {PHONE['width']}: {wide}")
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)


def test_citizen_pages_on_a_phone(page, live_server, citizen_login, transactional_db, tmp_path):
    scene = online_scene()
    for role, name in (
        ("desk", "Phạm Thị Thu Hà"),
        ("head", "Trần Quốc Hùng"),
        ("specialist", "Nguyễn Thị Lan"),
    ):
        user = getattr(scene, role)
        user.full_name = name
        user.save(update_fields=["full_name"])
    scene.agency.address = "25 Điện Biên Phủ, phường Ba Đình, Hà Nội"
    scene.agency.save(update_fields=["address"])
    citizen = make_citizen()
    page.set_viewport_size(PHONE)

    citizen_login(citizen)
    open_procedure(page, live_server, "ket hon")
    page.goto(f"{live_server.url}/thu-tuc/?q=ket+hon")
    expect(page.locator("#results")).to_contain_text("Đăng ký kết hôn")
    phone_shot(page, "cong-dan-thu-tuc-360")

    page.locator("#results").get_by_role("link", name="Đăng ký kết hôn").click()
    expect(page.get_by_role("link", name="Nộp hồ sơ trực tuyến")).to_be_visible()
    phone_shot(page, "cong-dan-chi-tiet-thu-tuc-360")

    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.get_by_label("Địa chỉ", exact=True).fill("12 Phố Huế, phường Ba Đình, Hà Nội")
    fill_submission(page, small_pdf(tmp_path, "to-khai-dang-ky-ket-hon.pdf"))
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu bản nháp")
    phone_shot(page, "cong-dan-nop-ho-so-360")

    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    page.wait_for_url("**/cong-dan/ho-so/*/")
    pk = int(page.url.rstrip("/").rsplit("/", 1)[1])
    services.accept(pk, actor=scene.desk)
    services.assign(pk, actor=scene.head, assignee=scene.desk)
    services.forward(pk, actor=scene.desk, to_user=scene.specialist, note="Hồ sơ đầy đủ, chuyển thẩm định")

    page.get_by_role("link", name="Phí, lệ phí và thanh toán").click()
    page.get_by_role("button", name=re.compile("Thanh toán trực tuyến")).click()
    page.get_by_role("button", name="Thanh toán thành công").click()
    expect(page.locator(".messages")).to_contain_text("Thanh toán thành công.")
    page.get_by_role("link", name="Về trang thanh toán của hồ sơ").click()
    expect(page.locator(".badge.ok", has_text="Đã thanh toán")).to_be_visible()
    phone_shot(page, "cong-dan-thanh-toan-360")

    page.goto(f"{live_server.url}/cong-dan/ho-so/{pk}/")
    expect(page.locator("#state")).to_have_text("Đang xử lý")
    phone_shot(page, "cong-dan-ho-so-360")

    for name in NAMES:
        assert (OUT / f"{name}.png").stat().st_size > 10_000, name
