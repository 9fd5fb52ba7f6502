"""A late dossier: red in the warning list, then its new appointment by the rules it was received
under. Received today (Decree 118/2025 Art. 19.6): the head of the competent agency files the
extension request, the desk applies it, the new appointment shows; the 2018 apology letter is
neither offered nor accepted. Received before 1/7/2025 (Decree 61/2018): the apology letter
(form 04 of 2018) with a new appointment, once."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.walk import csrf_post, dossier_url, fact, flat, pdf_text, with_specialist
from tests.factories import Desk

RED = "rgb(164, 0, 0)"  # --late in site.css
REASON = "Cần xác minh tình trạng hôn nhân tại nơi cư trú trước đây"


def _late_row(page, d):
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
    return row


def test_late_dossier_gets_an_extension_requested_by_the_head_and_applied_by_the_desk(
    page, live_server, officer_login, transactional_db
):
    scene = Desk()
    # Received about six weeks ago (Decree 118/2025): far past its 15 working days.
    received = datetime.combine(
        timezone.localdate() - timedelta(days=42), time(9, 0), timezone.get_current_timezone()
    )
    d = with_specialist(scene, at=received)
    assert d.due_at < timezone.now() and d.regime == "nd118_2025"
    original = timezone.localtime(d.due_at).strftime("%H:%M %d/%m/%Y")

    # The head of the agency: the warning list points to the extension request, not to form 04.
    officer_login(scene.head)
    row = _late_row(page, d)
    row.get_by_role("link", name="Đề nghị gia hạn").click()
    expect(page.locator("#dossier-urgency")).to_contain_text("Quá hạn")
    expect(page.locator("details#issue_apology")).to_have_count(0)
    box = page.locator("details#request_extension")
    expect(box).to_have_attribute("open", "")  # the warning list's link opens the form it points to
    new_day = timezone.localdate() + timedelta(days=7)
    box.get_by_label("Lý do").fill(REASON)
    box.get_by_label("Ngày giờ hẹn lại").fill(f"{new_day:%Y-%m-%d}T16:30")
    box.get_by_role("button", name="Đề nghị gia hạn thời gian giải quyết").click()
    shown = f"16:30 {new_day:%d/%m/%Y}"
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Đề nghị gia hạn thời gian giải quyết.")
    expect(page.locator("#timeline")).to_contain_text("Đề nghị gia hạn thời gian giải quyết")
    expect(page.locator("#timeline")).to_contain_text(shown)
    expect(fact(page, "Hẹn trả kết quả")).to_have_text(original)  # the desk has not applied it yet

    # A crafted 2018 apology is refused in Vietnamese, pointing to the extension request.
    response = csrf_post(
        page,
        dossier_url(live_server, d, "thao-tac/issue_apology/"),
        {"reason": "Lần hai", "new_due_at": f"{new_day:%Y-%m-%d}T16:30"},
    )
    assert response.status == 302
    page.reload()
    expect(page.locator(".messages")).to_contain_text("không dùng phiếu xin lỗi và hẹn lại")
    expect(page.locator(".messages")).to_contain_text("Phiếu đề nghị gia hạn thời gian giải quyết")

    # The desk: the waiting request is the one form open on the dossier page.
    officer_login(scene.desk)
    page.goto(dossier_url(live_server, d))
    box = page.locator("details#apply_extension")
    expect(box).to_have_attribute("open", "")
    expect(page.locator("details[open]")).to_have_count(1)
    box.get_by_role("button", name="Điều chỉnh thời gian trả kết quả (gia hạn)").click()
    expect(page.locator(".messages")).to_contain_text(
        "Đã thực hiện: Điều chỉnh thời gian trả kết quả (gia hạn)."
    )
    expect(fact(page, "Hẹn trả mới (gia hạn)")).to_have_text(shown)
    expect(fact(page, "Hẹn trả kết quả")).to_have_text(original)  # kept for statistics
    expect(page.locator("#dossier-urgency")).to_contain_text("Còn")
    form04 = page.get_by_role("link", name="Mẫu 04 — Phiếu đề nghị gia hạn thời gian giải quyết")
    text = flat(pdf_text(page, form04.get_attribute("href")))
    assert shown in text and d.code in text and "Cần xác minh tình trạng hôn nhân" in text
    expect(page.locator("details#apply_extension")).to_have_count(0)
    d.refresh_from_db()
    assert timezone.localtime(d.apology_due_at).strftime("%H:%M %d/%m/%Y") == shown

    # The specialist's worklist shows the new appointment in place of the original one.
    officer_login(scene.specialist)
    page.goto(f"{live_server.url}/ho-so/?tab=mine")
    row = page.locator("tr", has=page.get_by_role("link", name=d.code))
    expect(row).to_contain_text(shown)
    expect(row).to_contain_text("(đã hẹn lại)")


def test_a_dossier_received_before_july_2025_gets_one_apology_letter(
    page, live_server, officer_login, transactional_db
):
    scene = Desk()
    received = datetime(2025, 6, 2, 9, 0, tzinfo=timezone.get_current_timezone())  # Decree 61/2018
    d = with_specialist(scene, at=received)
    assert d.regime == "nd61_2018"

    officer_login(scene.specialist)
    row = _late_row(page, d)
    row.get_by_role("link", name="Phát hành phiếu xin lỗi").click()
    expect(page.locator("details#request_extension")).to_have_count(0)
    box = page.locator("details#issue_apology")
    expect(box).to_have_attribute("open", "")
    new_day = timezone.localdate() + timedelta(days=7)
    box.get_by_label("Lý do").fill(REASON)
    box.get_by_label("Ngày giờ hẹn lại").fill(f"{new_day:%Y-%m-%d}T16:30")
    box.get_by_role("button", name="Phát hành phiếu xin lỗi, hẹn lại").click()

    shown = f"16:30 {new_day:%d/%m/%Y}"
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Phát hành phiếu xin lỗi, hẹn lại.")
    expect(page.locator(".messages")).to_contain_text("In Mẫu 04")
    expect(fact(page, "Hẹn lại (phiếu xin lỗi)")).to_have_text(shown)
    form04 = page.get_by_role("link", name="Mẫu 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả")
    text = flat(pdf_text(page, form04.get_attribute("href")))
    assert shown in text and d.code in text

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
