"""Liên thông: agency A hands a dossier to agency B for verification, B notes and hands it back,
B can no longer act, and A finishes it."""

from playwright.sync_api import expect

from motcua.dossiers.states import State
from motcua.org.models import Role
from tests.e2e.walk import csrf_post, dossier_url, fact, open_action, with_specialist
from tests.factories import Desk, make_agency, make_user

B_NAME = "Ủy ban nhân dân phường Hoàn Kiếm"
NOTE_B = "Đã xác minh: bên nữ chưa đăng ký kết hôn tại phường Hoàn Kiếm"


def test_hand_off_to_another_agency_and_back(page, live_server, officer_login, transactional_db):
    scene = Desk()
    agency_b = make_agency("000.00.07.H56", B_NAME)
    head_b = make_user(agency_b, Role.HEAD, username="truongphong_hk")
    specialist_b = make_user(agency_b, Role.SPECIALIST, username="chuyenvien_hk")
    d = with_specialist(scene)
    url = dossier_url(live_server, d)

    # A: the specialist asks agency B to verify.
    officer_login(scene.specialist)
    page.goto(url)
    form = open_action(page, "hand_off")
    form.get_by_label("Cơ quan phối hợp", exact=True).select_option(label=B_NAME)
    form.get_by_label("Thời hạn của cơ quan phối hợp", exact=False).fill("2")  # printed on the transfer slip
    form.get_by_label("Ghi chú, ý kiến").fill("Đề nghị xác minh tình trạng hôn nhân của bên nữ")
    form.get_by_role("button", name="Chuyển liên thông").click()
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Chuyển liên thông.")
    expect(fact(page, "Đang xử lý tại")).to_have_text(f"{B_NAME} (liên thông)")
    expect(page.locator("details#note")).to_have_count(0)  # A no longer works on it meanwhile
    expect(page.locator("details#forward")).to_have_count(0)

    # B: the head finds it waiting for assignment and gives it to a specialist from the list.
    officer_login(head_b)
    page.goto(f"{live_server.url}/ho-so/?tab=unassigned")
    row = page.locator("tr", has=page.get_by_role("link", name=d.code))
    row.get_by_label("Phân công cho").select_option(label=str(specialist_b))
    row.get_by_role("button", name="Phân công").click()
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Phân công xử lý.")

    # B: the specialist verifies, notes and hands it back.
    officer_login(specialist_b)
    page.goto(f"{live_server.url}/ho-so/?tab=mine")
    page.get_by_role("link", name=d.code).click()
    expect(page.locator("#dossier-assignee")).to_have_text(str(specialist_b))
    expect(page.locator("details#issue_result")).to_have_count(0)  # B issues no result
    form = open_action(page, "note")
    form.get_by_label("Ghi chú, ý kiến").fill(NOTE_B)
    form.get_by_role("button", name="Ghi ý kiến xác minh").click()
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Ghi ý kiến xác minh.")
    expect(page.locator("#timeline")).to_contain_text(NOTE_B)
    form = open_action(page, "hand_back")
    form.get_by_role("button", name="Trả lại cơ quan chủ trì").click()
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Trả lại cơ quan chủ trì.")

    # After the hand-back B still sees the dossier it took part in, but may do nothing with it.
    expect(fact(page, "Đang xử lý tại")).to_have_count(0)
    expect(page.locator("#actions")).to_contain_text("Không có thao tác nào bạn có thể thực hiện")
    response = csrf_post(page, f"{url}thao-tac/note/", {"note": "Ý kiến muộn"})
    assert response.status == 302
    page.reload()
    expect(page.locator(".messages")).to_contain_text("Tài khoản không có quyền «Ghi ý kiến xác minh»")
    expect(page.locator("#timeline")).not_to_contain_text("Ý kiến muộn")
    page.goto(f"{live_server.url}/ho-so/?tab=mine")
    expect(page.get_by_role("link", name=d.code)).to_have_count(0)

    # A: the specialist reads B's note and moves it on; the leader approves; the clerk issues.
    officer_login(scene.specialist)
    page.goto(url)
    expect(page.locator("#timeline")).to_contain_text("Trả lại cơ quan chủ trì")
    expect(page.locator("#timeline")).to_contain_text(NOTE_B)
    form = open_action(page, "forward")
    form.get_by_label("Chuyển cho").select_option(label=str(scene.leader))
    form.get_by_role("button", name="Chuyển bước tiếp theo").click()
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Chuyển bước tiếp theo.")

    officer_login(scene.leader)
    page.goto(url)
    open_action(page, "approve").get_by_role("button", name="Phê duyệt").click()
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Phê duyệt.")
    form = open_action(page, "forward")
    form.get_by_label("Chuyển cho").select_option(label=str(scene.clerk))
    form.get_by_role("button", name="Chuyển bước tiếp theo").click()
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Chuyển bước tiếp theo.")

    officer_login(scene.clerk)
    page.goto(url)
    open_action(page, "issue_result").get_by_role("button", name="Ban hành kết quả").click()
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Ban hành kết quả.")
    expect(page.locator("#dossier-state")).to_have_text("Chờ trả kết quả")
    d.refresh_from_db()
    assert d.state == State.READY_FOR_RETURN and d.current_agency_id == scene.agency.pk
