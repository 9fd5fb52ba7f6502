"""From an inspection decision to followed-up conclusions, in the browser: the manager sets up the
decision, team and schedule; the inspector records findings and a ledger reconciliation that
does not match and closes the visit; the manager issues the notice; the unit reports a directive
done with evidence; the manager confirms it."""

from playwright.sync_api import expect

from motcua.reform.inspections.models import Directive, DirectiveState, Reconciliation
from tests.dossiers.conftest import receive
from tests.e2e.walk import flat, pdf_text
from tests.reform.inspections.conftest import build_scene, pdf_bytes


def test_decision_to_followed_up_conclusions(page, live_server, officer_login, transactional_db):
    s = build_scene()
    for day in ("2026-02-03 09:00", "2026-02-12 10:00", "2026-02-25 15:00"):
        receive(s.desk, day)
    base = f"{live_server.url}/cai-cach/kiem-tra/"

    # The province reform manager: decision, team, one visit, issue.
    officer_login(s.manager)
    page.goto(base)
    page.get_by_role("link", name="Lập quyết định kiểm tra").click()
    page.get_by_label("Số quyết định").fill("125/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill("2026-03-02")
    page.get_by_label("Cơ quan ban hành").fill("Ủy ban nhân dân Thành phố Hà Nội")
    page.get_by_label("Người ký", exact=True).fill("Nguyễn Văn Hùng")
    page.get_by_label("Chức vụ người ký").fill("Phó Chủ tịch")
    page.get_by_label("Mục đích, phạm vi kiểm tra").fill("Kiểm tra công tác cải cách hành chính năm 2026.")
    page.get_by_role("button", name="Lập quyết định").click()
    expect(page.locator(".messages")).to_contain_text("Đã lập quyết định kiểm tra 125/QĐ-UBND")
    page.get_by_label("Cán bộ", exact=True).select_option(
        label=f"{s.inspector.full_name} ({s.inspector.username})"
    )
    page.get_by_label("Vai trò trong đoàn").select_option(label="Trưởng đoàn")
    page.get_by_role("button", name="Thêm vào đoàn").click()
    expect(page.locator("#team")).to_contain_text("Trưởng đoàn")
    page.get_by_label("Cơ quan, đơn vị được kiểm tra").select_option(label=s.commune.name)
    page.get_by_label("Ngày kiểm tra").fill("2026-03-16")
    page.get_by_label("Thời kỳ kiểm tra từ ngày").fill("2026-02-01")
    page.get_by_label("Đến ngày").fill("2026-02-28")
    page.get_by_role("button", name="Thêm vào lịch").click()
    expect(page.locator("#visits")).to_contain_text(s.commune.name)
    page.get_by_role("button", name="Ban hành quyết định").click()
    expect(page.locator("#decision-state")).to_have_text("Đã ban hành")

    # The inspector on the team: findings, reconciliation, close.
    officer_login(s.inspector)
    page.goto(base)
    page.get_by_role("link", name="125/QĐ-UBND").click()
    page.get_by_role("link", name=s.commune.name).click()
    page.get_by_role("button", name="Bắt đầu kiểm tra").click()
    expect(page.locator("#visit-state")).to_have_text("Đang kiểm tra")
    selects = page.locator("#findings-form select")
    for i in range(selects.count()):
        selects.nth(i).select_option("pass")
    ledger_row = page.locator('tr[data-item="so-theo-doi"]')
    ledger_row.locator("select").select_option("fail")
    ledger_row.locator("input").fill("Sổ giấy thiếu hồ sơ so với hệ thống")
    page.get_by_role("button", name="Lưu kết quả kiểm tra").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi kết quả kiểm tra.")
    page.get_by_label("Số hồ sơ đếm được trên sổ giấy").fill("2")
    page.get_by_role("button", name="Ghi kết quả đối chiếu").click()
    expect(page.locator("#reconciliation")).to_contain_text("Sổ giấy: 2 — Hệ thống: 3")
    expect(page.locator("#difference")).to_have_text("−1")
    page.get_by_label("Nhận xét chung").fill("Đơn vị cần chấn chỉnh việc ghi sổ.")
    page.get_by_role("button", name="Kết thúc cuộc kiểm tra").click()
    expect(page.locator("#visit-state")).to_have_text("Đã kết thúc")
    expect(page.get_by_label("Số hồ sơ đếm được trên sổ giấy")).to_have_count(0)
    assert Reconciliation.objects.get().difference == -1

    # The manager issues the conclusions notice; the PDF opens with the directives.
    officer_login(s.manager)
    page.goto(base)
    page.get_by_role("link", name="125/QĐ-UBND").click()
    page.get_by_role("link", name="Ban hành thông báo kết luận").click()
    page.get_by_label("Số thông báo").fill("45/TB-UBND")
    page.get_by_label("Ngày thông báo").fill("2026-04-01")
    page.get_by_label("Kết quả kiểm tra (tóm tắt)").fill("Sổ theo dõi hồ sơ giấy không khớp hệ thống.")
    page.get_by_label("Nội dung chỉ đạo 1").fill("Ghi bổ sung sổ theo dõi hồ sơ cho khớp hệ thống.")
    page.get_by_label("Đơn vị thực hiện 1").select_option(label=s.commune.name)
    page.get_by_label("Thời hạn 1").fill("2026-04-30")
    page.get_by_role("button", name="Ban hành thông báo kết luận").click()
    expect(page.locator("#decision-state")).to_have_text("Đã kết luận")
    text = flat(pdf_text(page, page.locator("#notice-pdf").get_attribute("href")))
    assert "45/TB-UBND" in text and "THÔNG BÁO" in text
    assert f"1. Ghi bổ sung sổ theo dõi hồ sơ cho khớp hệ thống. Đơn vị thực hiện: {s.commune.name}" in text

    # The unit's leader reports the directive done with evidence.
    officer_login(s.leader)
    page.goto(base)
    page.get_by_role("link", name="Ghi bổ sung sổ theo dõi hồ sơ").click()
    page.get_by_label("Kết quả thực hiện", exact=True).fill("Đã ghi bổ sung 1 hồ sơ vào sổ.")
    page.get_by_label("Tệp minh chứng (PDF, JPG hoặc PNG)").set_input_files(
        files=[{"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("#directive-state")).to_have_text("Đã báo cáo, chờ xác nhận")
    expect(page.get_by_role("link", name="bien-ban.pdf")).to_be_visible()

    # The manager confirms; the follow-up table shows it done.
    officer_login(s.manager)
    page.goto(f"{base}theo-doi/")
    page.get_by_role("link", name="Ghi bổ sung sổ theo dõi hồ sơ").click()
    page.get_by_role("button", name="Xác nhận hoàn thành").click()
    expect(page.locator("#directive-state")).to_have_text("Đã hoàn thành")
    page.goto(f"{base}theo-doi/")
    directive = Directive.objects.get()
    expect(page.locator(f"#directive-{directive.pk}")).to_have_attribute("data-status", "done")
    expect(page.locator('[data-count="done"]')).to_have_text("1")
    expect(page.locator('[data-count="overdue"]')).to_have_text("0")
    assert directive.state == DirectiveState.CONFIRMED
