"""Another agency's officer sees nothing of a dossier: its page, its forms and its actions are
"Không tìm thấy", and no list, search or warning shows it."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from playwright.sync_api import expect

from motcua.dossiers.models import DossierEvent
from tests.e2e.walk import csrf_post, dossier_url, receive, with_specialist
from tests.factories import Desk

OTHER_APPLICANT = {
    "kind": 1,
    "identifier": "001190054321",
    "name": "Trần Thị Bích",
    "address": "5 Hàng Bài, Hà Nội",
    "phone": "0987654321",
    "email": "",
}


def test_other_agency_sees_nothing_of_the_dossier(page, live_server, officer_login, transactional_db):
    a = Desk()
    b = Desk("000.00.07.H56", "Ủy ban nhân dân phường Hoàn Kiếm", version=a.version)
    # A's dossier is late (it would be in any warning list that leaked); B has one of its own.
    received = datetime.combine(
        timezone.localdate() - timedelta(days=42), time(9, 0), timezone.get_current_timezone()
    )
    secret = with_specialist(a, at=received)
    own = receive(b, applicant=OTHER_APPLICANT)
    events = DossierEvent.objects.filter(dossier=secret).count()

    officer_login(b.head)
    for tail in ("", "mau-01.pdf", "mau-05.pdf"):
        response = page.goto(dossier_url(live_server, secret, tail))
        assert response.status == 404, tail
        expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy")
        expect(page.locator("main")).to_contain_text("không có quyền xem")
        expect(page.locator("main")).not_to_contain_text(secret.code)
        expect(page.locator("main")).not_to_contain_text(secret.applicant.name)

    for action, data in [("note", {"note": "Xem trộm"}), ("refuse", {"reasons": "Không rõ"})]:
        response = csrf_post(page, dossier_url(live_server, secret, f"thao-tac/{action}/"), data)
        assert response.status == 404, action
        assert "Không tìm thấy" in response.text()
    assert DossierEvent.objects.filter(dossier=secret).count() == events

    # Lists, search and warnings show B's own dossier and nothing of A's.
    for tab in ("mine", "unassigned", "agency", "paused"):
        page.goto(f"{live_server.url}/ho-so/?tab={tab}")
        expect(page.locator("#rows")).not_to_contain_text(secret.code)
    page.goto(f"{live_server.url}/ho-so/?tab=agency")
    expect(page.get_by_role("link", name=own.code)).to_be_visible()
    page.goto(f"{live_server.url}/ho-so/tra-cuu/")
    search = page.get_by_label("Mã hồ sơ, họ tên hoặc số định danh")
    search.fill(OTHER_APPLICANT["name"])
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_role("link", name=own.code)).to_be_visible()
    for q in (secret.code, secret.applicant.identifier, secret.applicant.name):
        search.fill(q)
        with page.expect_response(lambda r: "/ho-so/tra-cuu/" in r.url and "q=" in r.url):
            page.get_by_role("button", name="Lọc").click()
        expect(page.locator("#rows")).to_contain_text("Không có hồ sơ nào.")
    page.goto(f"{live_server.url}/ho-so/canh-bao/")
    expect(page.locator("main")).to_contain_text("Không có hồ sơ quá hạn hoặc sắp đến hạn.")

    # A's own head does see it — the same pages work for the right agency.
    officer_login(a.head)
    page.goto(f"{live_server.url}/ho-so/canh-bao/")
    expect(page.get_by_role("link", name=secret.code)).to_be_visible()
    expect(page.get_by_role("link", name=own.code)).to_have_count(0)
