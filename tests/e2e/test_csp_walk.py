"""The main pages under the Content-Security-Policy: nothing refused, everything still works.

Issue 14 item 10. Chromium reports each thing the policy blocks on the console ("Executing inline
script violates the following Content Security Policy directive…"); the walk fails on any console
error, script error or failed request. Every page must carry the policy, so that a page without it cannot
pass by having nothing to refuse. The behaviours moved out of the templates into
``static/motcua/site.js`` are used as an officer or a citizen uses them.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from tests.e2e.walk import dossier_url, receive
from tests.factories import APPLICANT, Desk


@pytest.fixture
def scene(transactional_db) -> Desk:
    return Desk()


@pytest.fixture
def problems(page: Page) -> list[str]:
    """Console errors (CSP refusals among them) and uncaught script errors, as they happen."""
    seen: list[str] = []

    def console(message):
        # The browser asks for /favicon.ico by itself on pages without an icon: not the page's doing.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            seen.append(f"console: {message.text} ({message.location.get('url')})")

    page.on("console", console)
    page.on("pageerror", lambda e: seen.append(f"script error: {e}"))
    page.on("response", lambda r: seen.append(f"{r.status}: {r.url}") if r.status >= 400 else None)
    return seen


def visit(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, (url, response and response.status)
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy, (url, policy)
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_officer_pages_and_the_dossier_actions(page, live_server, officer_login, scene, problems):
    d = receive(scene)
    other = receive(scene, applicant={**APPLICANT, "identifier": "001090099999", "name": "Trần Thị Bình"})
    officer_login(scene.head)
    visit(page, f"{live_server.url}/can-bo/")
    visit(page, f"{live_server.url}/ho-so/?tab=unassigned")
    expect(page.get_by_role("link", name=other.code)).to_be_visible()
    # The list's filters reload the rows through htmx.
    with page.expect_response(re.compile(r"/ho-so/\?.*q=")):
        page.get_by_label("Mã hồ sơ, họ tên hoặc số định danh").fill(d.code)
        page.get_by_label("Mã hồ sơ, họ tên hoặc số định danh").press("Enter")
    expect(page.get_by_role("link", name=other.code)).to_have_count(0)
    expect(page.get_by_role("link", name=d.code)).to_be_visible()

    officer_login(scene.desk)

    # A link to one action opens its form (moved from the page's inline script).
    visit(page, dossier_url(live_server, d) + "#withdraw")
    box = page.locator("details#withdraw")
    expect(box).to_have_attribute("open", "")

    # An action that ends the dossier asks first: "no" changes nothing, "yes" withdraws it.
    box.get_by_label("Lý do").fill("Người nộp xin rút hồ sơ")
    asked: list[str] = []

    def answer(dialog, accept: bool):
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, accept=False))
    box.get_by_role("button", name="Rút hồ sơ theo yêu cầu").click()
    expect(page.locator("#dossier-state")).to_have_text("Đã tiếp nhận")
    assert asked == ["Rút hồ sơ theo đơn của người nộp? Hồ sơ sẽ kết thúc."]
    d.refresh_from_db()
    assert d.state == State.RECEIVED

    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    box.get_by_role("button", name="Rút hồ sơ theo yêu cầu").click()
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện")
    d.refresh_from_db()
    assert d.state == State.WITHDRAWN and len(asked) == 2
    assert problems == []


def test_reception_form_searches_and_looks_up_under_the_policy(
    page, live_server, officer_login, scene, problems
):
    receive(scene)  # the applicant is known from an earlier dossier
    officer_login(scene.desk)
    visit(page, f"{live_server.url}/mot-cua/tiep-nhan/")
    page.get_by_label("Tìm thủ tục").fill("ket hon")  # htmx search as one types
    page.get_by_role("link", name="Đăng ký kết hôn").click()
    expect(page.locator("#procedure-name")).to_have_text("Đăng ký kết hôn")

    # The twelfth digit sends the look-up, under the name the server reads (``so``).
    field = page.get_by_label("Số định danh cá nhân / mã số doanh nghiệp")
    with page.expect_request(re.compile(r"/tiep-nhan/nguoi-nop/\?.*\bso=" + APPLICANT["identifier"])):
        field.press_sequentially(APPLICANT["identifier"])
    # The name on record is copied into the form by its button (moved to site.js).
    page.locator("#applicant-info").get_by_role("button").click()
    expect(page.get_by_label("Họ và tên / tên tổ chức")).to_have_value(APPLICANT["name"])

    page.get_by_label("Tờ khai đăng ký kết hôn").check()
    page.get_by_label("Giấy xác nhận tình trạng hôn nhân").check()
    # A double click makes one dossier (the page's guard, moved to site.js).
    page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").dblclick()
    expect(page.locator("#dossier-state")).to_have_text("Đã tiếp nhận")
    assert Dossier.objects.count() == 2
    assert problems == []


def test_citizen_pages_kiosk_and_ticket(page, live_server, scene, problems):
    d = receive(scene)
    visit(page, f"{live_server.url}/thu-tuc/")
    page.get_by_label("Tên thủ tục").fill("ket hon")
    expect(page.locator("#results")).to_contain_text("Đăng ký kết hôn")

    visit(page, f"{live_server.url}/tra-cuu/?ma={d.code}")
    visit(page, f"{live_server.url}/thu-tuc/{scene.version.procedure.pk}/")

    # The kiosk's ticket has a print button (moved from an onclick attribute).
    visit(page, f"{live_server.url}/mot-cua/kiosk/{scene.agency.pk}/")
    page.get_by_role("button", name="Lĩnh vực khác").click()
    expect(page.locator(".number")).to_have_text("001")
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_role("button", name="In số thứ tự").click()
    assert page.evaluate("window.printed") == 1
    assert problems == []


def test_dashboard_and_reform_pages(page, live_server, officer_login, scene, problems):
    receive(scene)
    officer_login(scene.leader)
    visit(page, f"{live_server.url}/chi-so/")
    expect(page.locator("#ranking table, #ranking p").first).to_be_visible()  # loaded by htmx
    visit(page, f"{live_server.url}/cai-cach/")
    visit(page, f"{live_server.url}/cai-cach/ke-hoach/")
    assert problems == []


def test_api_documentation_renders_under_the_policy(page, live_server, problems):
    visit(page, f"{live_server.url}/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("motcua API")
    expect(page.locator(".opblock").first).to_be_visible()
    assert problems == []


def test_admin_pages(page, live_server, scene, problems):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("quantri", "quantri@example.vn", "mat-khau-quan-tri-2026")
    visit(page, f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill("quantri")
    page.locator("#id_password").fill("mat-khau-quan-tri-2026")
    page.locator("input[type=submit]").click()
    expect(page.locator("#site-name")).to_be_visible()
    visit(page, f"{live_server.url}/admin/catalog/procedure/")
    visit(page, f"{live_server.url}/admin/catalog/procedure/{scene.version.procedure.pk}/change/")
    expect(page.locator("#procedure_form")).to_be_visible()
    assert problems == []


def test_the_walk_would_see_an_inline_script(page, live_server, problems):
    """The detector is not blind: a page with an inline script, under the site's own policy."""
    policy = page.request.get(f"{live_server.url}/dang-nhap/").headers["content-security-policy"]
    html = "<!doctype html><title>x</title><script>document.title = 'đã chạy'</script><p>x</p>"
    page.route(
        f"{live_server.url}/kiem-tra/",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body=html, headers={"Content-Security-Policy": policy}
        ),
    )
    page.goto(f"{live_server.url}/kiem-tra/")
    expect(page.locator("p")).to_have_text("x")
    assert page.title() == "x"
    assert any("inline script" in p and "Content Security Policy" in p for p in problems), problems
