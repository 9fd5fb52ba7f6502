"""Wrong or missing input on the reception form and the action forms: a Vietnamese message on the
page, nothing created or changed; a double click makes one dossier."""

import pytest
from playwright.sync_api import expect

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.states import State
from tests.e2e.walk import csrf_post, dossier_url, open_action, with_specialist
from tests.factories import APPLICANT, Desk


@pytest.fixture
def scene(transactional_db) -> Desk:
    return Desk()


def open_reception(page, live_server, officer_login, scene: Desk, identifier=APPLICANT["identifier"]):
    officer_login(scene.desk)
    page.goto(f"{live_server.url}/mot-cua/tiep-nhan/?thu_tuc={scene.version.procedure.pk}")
    page.get_by_label("Số định danh cá nhân / mã số doanh nghiệp").fill(identifier)
    page.get_by_label("Họ và tên / tên tổ chức").fill(APPLICANT["name"])
    page.get_by_label("Tờ khai đăng ký kết hôn").check()


def test_reception_refuses_an_id_that_is_not_12_digits(page, live_server, officer_login, scene):
    open_reception(page, live_server, officer_login, scene, identifier="00109001234")
    page.get_by_label("Giấy xác nhận tình trạng hôn nhân").check()
    page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Số định danh cá nhân phải gồm đúng 12 chữ số")
    expect(alert).to_contain_text("00109001234")
    # What was typed stays on the form to be corrected.
    expect(page.get_by_label("Họ và tên / tên tổ chức")).to_have_value(APPLICANT["name"])
    expect(page.get_by_label("Giấy xác nhận tình trạng hôn nhân")).to_be_checked()
    assert not Dossier.objects.exists()


def test_reception_refuses_a_missing_required_component(page, live_server, officer_login, scene):
    open_reception(page, live_server, officer_login, scene)
    page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Thiếu thành phần hồ sơ bắt buộc")
    expect(alert).to_contain_text("Giấy xác nhận tình trạng hôn nhân")
    expect(page.get_by_label("Tờ khai đăng ký kết hôn")).to_be_checked()
    # Asking for a supplement needs at least one item.
    page.get_by_role("button", name="Yêu cầu bổ sung (mẫu 02)").click()
    expect(page.get_by_role("alert")).to_contain_text("phải liệt kê ít nhất một nội dung cần bổ sung")
    assert not Dossier.objects.exists()


def test_double_click_on_accept_makes_one_dossier(page, live_server, officer_login, scene):
    open_reception(page, live_server, officer_login, scene)
    page.get_by_label("Giấy xác nhận tình trạng hôn nhân").check()
    page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").dblclick()
    expect(page.locator(".messages")).to_contain_text("Đã tiếp nhận hồ sơ")
    expect(page.locator("#dossier-state")).to_have_text("Đã tiếp nhận")
    assert Dossier.objects.count() == 1
    # The same form sent twice without the page's guard (two posts in a row): one more dossier only.
    open_reception(page, live_server, officer_login, scene)
    page.get_by_label("Giấy xác nhận tình trạng hôn nhân").check()
    statuses = page.locator("#reception-form").evaluate(
        """async (form) => {
            const body = () => { const b = new FormData(form); b.set("outcome", "accept"); return b; };
            const one = await fetch(form.action, {method: "POST", body: body()});
            const two = await fetch(form.action, {method: "POST", body: body()});
            return [one.redirected, two.redirected, await two.text()];
        }"""
    )
    assert statuses[0] and statuses[1] and "gửi trùng" in statuses[2]
    assert Dossier.objects.count() == 2


def test_action_forms_without_a_reason_change_nothing(page, live_server, officer_login, scene):
    d = with_specialist(scene)
    events = DossierEvent.objects.filter(dossier=d).count()
    officer_login(scene.specialist)
    url = dossier_url(live_server, d)
    page.goto(url)

    # Only spaces in a required box pass the browser's check; the server says what is missing.
    form = open_action(page, "send_back")
    form.get_by_label("Lý do").fill("   ")
    form.get_by_role("button", name="Trả lại bước trước").click()
    expect(page.locator(".messages")).to_contain_text("Cần nêu lý do trả lại bước trước.")

    # The required attribute removed (an old browser, a tampered page): the same refusal. Under
    # Decree 118/2025 (Art. 19.5) the appraising officer proposes the supplement; the desk issues it.
    form = open_action(page, "propose_supplement")
    form.get_by_label("Nội dung cần bổ sung").evaluate("el => el.removeAttribute('required')")
    form.get_by_role("button", name="Đề nghị bổ sung hồ sơ").click()
    expect(page.locator(".messages")).to_contain_text(
        "Phiếu yêu cầu bổ sung phải liệt kê ít nhất một nội dung cần bổ sung."
    )

    # A post made by hand, with the session's CSRF token.
    response = csrf_post(page, f"{url}thao-tac/note/", {"note": ""})
    assert response.status == 302
    page.reload()
    expect(page.locator(".messages")).to_contain_text("Nội dung ý kiến không được để trống.")

    expect(page.locator("#dossier-state")).to_have_text("Đang xử lý")
    d.refresh_from_db()
    assert d.state == State.PROCESSING and d.step_index == 1 and d.supplement_count == 0
    assert DossierEvent.objects.filter(dossier=d).count() == events
