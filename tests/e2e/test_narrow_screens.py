"""On a phone (390 × 844) the officers' pages with wide tables do not scroll sideways: each table
scrolls inside its own box (the dossier page, the worklist, the ledger, the "to close" page, the
warning list, the desk head's figures)."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from motcua.dossiers import services
from motcua.org.models import Role
from tests.e2e.walk import dossier_url, receive, with_specialist
from tests.factories import APPLICANT, Desk, make_user

PHONE = {"width": 390, "height": 844}


def fits(page: Page, what: str) -> None:
    """The page is no wider than the phone; else name the elements sticking out."""
    width = page.evaluate("document.scrollingElement.scrollWidth")
    if width > PHONE["width"]:
        wide = page.evaluate(
            """(limit) => [...document.querySelectorAll("body *")]
                .filter((e) => e.getBoundingClientRect().right > limit + 1 && !e.closest("table"))
                .slice(0, 8)
                .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)""",
            PHONE["width"],
        )
        raise AssertionError(f"{what}: scrollWidth {width} > {PHONE['width']}: {wide}")


def test_officer_pages_fit_a_phone(page, live_server, officer_login, transactional_db):
    scene = Desk()
    chief = make_user(scene.agency, Role.DESK_OFFICER, Role.HEAD, username="truong_motcua")
    now = timezone.now()
    d = with_specialist(scene, at=now - timedelta(days=40))  # late: in the warning list too
    services.add_note(d.pk, actor=scene.specialist, note="Đã đối chiếu bản chính giấy khai sinh " * 4)
    waiting = receive(
        scene, at=now - timedelta(days=30), applicant={**APPLICANT, "identifier": "001090054321"}
    )
    services.request_supplement(
        waiting.pk,
        actor=scene.desk,
        items=["Bản sao giấy khai sinh có chứng thực"],
        at=now - timedelta(days=20),
    )
    receive(scene, applicant={**APPLICANT, "identifier": "001090099999"})  # today: on the ledger

    page.set_viewport_size(PHONE)
    officer_login(chief)
    pages = {
        "trang làm việc": f"{live_server.url}/can-bo/",
        "hồ sơ": dossier_url(live_server, d),
        "danh sách hồ sơ": f"{live_server.url}/ho-so/?tab=agency",
        "sổ theo dõi": f"{live_server.url}/so-theo-doi/",
        "hồ sơ chờ đóng": f"{live_server.url}/mot-cua/cho-dong/",
        "sắp quá hạn": f"{live_server.url}/ho-so/canh-bao/",
        "thống kê": f"{live_server.url}/mot-cua/xep-hang/thong-ke/",
    }
    for what, url in pages.items():
        page.goto(url)
        expect(page.locator("h1")).to_be_visible()
        if what != "trang làm việc":  # the home page has its figures, no table here
            expect(page.locator("table").first).to_be_visible()
        fits(page, what)
    # The wide table is still all there: it scrolls inside its own box.
    page.goto(f"{live_server.url}/so-theo-doi/")
    table = page.locator("table").first
    assert table.evaluate("t => t.scrollWidth > t.clientWidth")
    assert table.evaluate("t => getComputedStyle(t).overflowX") == "auto"
