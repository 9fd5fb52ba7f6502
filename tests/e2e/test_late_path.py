"""A late dossier: red in the warning list, apology letter (form 04) with a new appointment, once."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.walk import csrf_post, dossier_url, fact, flat, pdf_text, with_specialist
from tests.factories import Desk

RED = "rgb(164, 0, 0)"  # --late in site.css


def test_late_dossier_gets_one_apology_with_a_new_appointment(
    page, live_server, officer_login, transactional_db
):
    scene = Desk()
    # Received about six weeks ago: far past its 15 working days.
    received = datetime.combine(
        timezone.localdate() - timedelta(days=42), time(9, 0), timezone.get_current_timezone()
    )
    d = with_specialist(scene, at=received)
    assert d.due_at < timezone.now()

    officer_login(scene.specialist)
    page.get_by_role("link", name="Hồ sơ quá hạn hoặc đến hạn trong một ngày làm việc").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Hồ sơ quá hạn và đến hạn trong một ngày làm việc"
    )
    row = page.locator("tr", has=page.get_by_role("link", name=d.code))
    expect(row).to_have_class("late")
    badge = row.locator(".badge")
    expect(badge).to_contain_text("Quá hạn")
    expect(badge).to_have_css("color", RED)
    expect(row.locator("td").first).to_have_css("border-left-color", RED)

    row.get_by_role("link", name="Phát hành").click()
    expect(page.locator("#dossier-urgency")).to_contain_text("Quá hạn")
    box = page.locator("details#issue_apology")
    expect(box).to_have_attribute("open", "")  # the warning list's link opens the form it points to
    new_day = timezone.localdate() + timedelta(days=7)
    box.get_by_label("Lý do").fill("Cần xác minh tình trạng hôn nhân tại nơi cư trú trước đây")
    box.get_by_label("Ngày giờ hẹn lại").fill(f"{new_day:%Y-%m-%d}T16:30")
    box.get_by_role("button", name="Phát hành phiếu xin lỗi, hẹn lại").click()

    shown = f"16:30 {new_day:%d/%m/%Y}"
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Phát hành phiếu xin lỗi, hẹn lại.")
    expect(page.locator(".messages")).to_contain_text("In Mẫu 04")
    expect(fact(page, "Hẹn lại (phiếu xin lỗi)")).to_have_text(shown)
    expect(page.locator("#dossier-urgency")).to_contain_text("Còn")
    expect(page.locator("#timeline")).to_contain_text("Phát hành phiếu xin lỗi, hẹn lại")
    form04 = page.get_by_role("link", name="Mẫu 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả")
    text = flat(pdf_text(page, form04.get_attribute("href")))
    assert shown in text and d.code in text
    assert "Cần xác minh tình trạng hôn nhân" in text

    # Once only: the action is gone from the page, and a crafted post is refused in Vietnamese.
    expect(page.locator("details#issue_apology")).to_have_count(0)
    later = f"{new_day + timedelta(days=7):%Y-%m-%d}T16:30"
    response = csrf_post(
        page,
        dossier_url(live_server, d, "thao-tac/issue_apology/"),
        {"reason": "Lần hai", "new_due_at": later},
    )
    assert response.status == 302
    page.reload()
    expect(page.locator(".messages")).to_contain_text("chỉ được hẹn lại một lần")
    expect(fact(page, "Hẹn lại (phiếu xin lỗi)")).to_have_text(shown)
    d.refresh_from_db()
    assert timezone.localtime(d.apology_due_at).strftime("%H:%M %d/%m/%Y") == shown

    # The worklist shows the new appointment in place of the original one.
    page.goto(f"{live_server.url}/ho-so/?tab=mine")
    row = page.locator("tr", has=page.get_by_role("link", name=d.code))
    expect(row).to_contain_text(shown)
    expect(row).to_contain_text("(đã hẹn lại)")
