"""Issue 15's browser walk (Decree 118/2025): a ward's desk receives a provincial procedure decided
by the Department of Justice (boundary-free reception, Art. 14.2, 20.1), the department processes
it step by step, its specialist proposes a supplement after appraisal, the ward's desk issues it
(Art. 5.1.e, 19.5), the citizen answers online, the desk records it and the time limit restarts
from zero with a new appointment, the result comes back to the ward and is returned there.

The server's clock is set for each step (``timezone.now``) so the appointments are exact."""

import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from motcua.catalog.models import Component
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.org.models import Agency, Role
from tests.e2e.portal_walk import CITIZEN_PASSWORD, small_pdf
from tests.e2e.walk import dossier_url, fact, flat, open_action, pdf_text
from tests.factories import (
    APPLICANT,
    make_agency,
    make_process,
    make_unit,
    make_user,
    make_version,
    prove_identity,
)

VN = timezone.get_fixed_timezone(7 * 60)
DEPARTMENT_ID = "000.00.12.H56"
DEPARTMENT = "Sở Tư pháp"
WARD = "Ủy ban nhân dân phường Ba Đình"
FORM = "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp"
ID_COPY = "Bản chụp thẻ Căn cước"
MISSING = "Bản chụp thẻ Căn cước còn thời hạn (bản đã nộp hết hạn)"
REPLY = "Gửi bản chụp thẻ Căn cước mới cấp"


def vn(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN)


@pytest.fixture
def clock(monkeypatch):
    """The server's "now", moved by the test: ``clock("2026-03-10 09:00")``."""
    moment = {"now": None}
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: moment["now"] or real_now())

    def set_to(text: str) -> None:
        moment["now"] = vn(text)

    return set_to


def _province():
    city = make_unit()
    ward_unit = make_unit("00004", "Phường Ba Đình", level="commune", parent=city)
    department = make_agency(DEPARTMENT_ID, DEPARTMENT, unit=city, kind=Agency.Kind.DEPARTMENT)
    ward = make_agency(
        "000.00.41.H56", WARD, unit=ward_unit, kind=Agency.Kind.PEOPLES_COMMITTEE, boundary_free=True
    )
    version = make_version("2.000488", "Cấp Phiếu lý lịch tư pháp")  # 15 working days
    Component.objects.filter(version=version, order=1).update(name=FORM)
    Component.objects.filter(version=version, order=2).update(name=ID_COPY)
    make_process(version, department)  # desk ½ day, specialist 13, leader 1, clerk ½: the department's
    return {
        "department": department,
        "ward": ward,
        "version": version,
        "ward_desk": make_user(ward, Role.DESK_OFFICER, username="motcua_badinh"),
        "dept_head": make_user(department, Role.HEAD, username="truongphong_stp"),
        "dept_desk": make_user(department, Role.DESK_OFFICER, username="motcua_stp"),
        "specialist": make_user(department, Role.SPECIALIST, username="chuyenvien_stp"),
        "leader": make_user(department, Role.LEADER, username="lanhdao_stp"),
        "clerk": make_user(department, Role.CLERK, username="vanthu_stp"),
    }


def _citizen():
    from motcua.org.models import User

    user = User(
        username=APPLICANT["identifier"],
        personal_id=APPLICANT["identifier"],
        full_name=APPLICANT["name"],
        email=APPLICANT["email"],
        phone=APPLICANT["phone"],
    )
    user.set_password(CITIZEN_PASSWORD)
    user.save()
    return prove_identity(user)  # sees the dossier the desk received for its ID


def _forward(page, to_user):
    box = open_action(page, "forward")
    box.get_by_label("Chuyển cho").select_option(label=str(to_user))
    box.get_by_role("button", name="Chuyển bước tiếp theo").click()
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Chuyển bước tiếp theo.")


def test_ward_receives_for_the_department_supplement_restarts_the_clock_result_returned_at_the_ward(
    page, live_server, officer_login, citizen_login, transactional_db, tmp_path, clock
):
    p = _province()
    citizen = _citizen()

    # 1. Tuesday 10/3/2026 09:00, at the ward's desk: the provincial procedure, the department chosen.
    clock("2026-03-10 09:00")
    officer_login(p["ward_desk"])
    page.get_by_role("link", name="Tiếp nhận").first.click()
    page.get_by_label("Tìm thủ tục").fill("ly lich tu phap")
    page.get_by_role("link", name="Cấp Phiếu lý lịch tư pháp").click()
    expect(page.locator("#procedure-name")).to_have_text("Cấp Phiếu lý lịch tư pháp")
    competent = page.get_by_label("Cơ quan có thẩm quyền giải quyết")
    expect(competent.locator("option:checked")).to_have_text(f"{DEPARTMENT} ({DEPARTMENT_ID})")
    expect(page.locator("#reception-form")).to_contain_text("Tiếp nhận không phụ thuộc địa giới hành chính")
    page.get_by_label("Số định danh cá nhân / mã số doanh nghiệp").fill(APPLICANT["identifier"])
    page.get_by_label("Họ và tên / tên tổ chức").fill(APPLICANT["name"])
    page.get_by_label(FORM).check()
    page.get_by_label(ID_COPY).check()
    page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()
    expect(page.locator(".messages")).to_contain_text("Đã tiếp nhận hồ sơ")
    # The code carries the department's identifier (Art. 28.2.a), the day and the first number.
    code = f"{DEPARTMENT_ID}-260310-0001"
    expect(page.locator("#dossier-code")).to_have_text(code)
    d = Dossier.objects.get(code=code)
    url = dossier_url(live_server, d)
    # 15 working days of 8 office hours from Tue 10/3 09:00: 11–13/3 (3), 16–20/3 (8), 23–27/3 (13),
    # 30/3 (14), Tue 31/3 (15) → 09:00 31/03/2026.
    first_due = "09:00 31/03/2026"
    expect(fact(page, "Hẹn trả kết quả")).to_have_text(first_due)
    assert d.agency == p["ward"] and d.competent_agency == p["department"]
    assert d.current_agency == p["department"]  # the electronic dossier left at once (Art. 20.1.a)

    # 2. 09:30: the department's head finds it waiting and gives the reception step to its desk.
    clock("2026-03-10 09:30")
    officer_login(p["dept_head"])
    page.goto(f"{live_server.url}/ho-so/?tab=unassigned")
    row = page.locator("tr", has=page.get_by_role("link", name=code))
    row.get_by_label("Phân công cho").select_option(label=str(p["dept_desk"]))
    row.get_by_role("button", name="Phân công").click()
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Phân công xử lý.")

    # 10:00: the department's desk passes it to the specialist (step 1 → 2 of its process).
    clock("2026-03-10 10:00")
    officer_login(p["dept_desk"])
    page.goto(f"{live_server.url}/ho-so/?tab=mine")
    page.get_by_role("link", name=code).click()
    _forward(page, p["specialist"])

    # The paper follows within 1 working day (Art. 20.1.a): Tue 09:00 + 8 office hours = Wed 11/3
    # 09:00. The ward's desk sends it at 16:00 and records it.
    clock("2026-03-10 16:00")
    officer_login(p["ward_desk"])
    page.goto(url)
    expect(fact(page, "Hạn chuyển hồ sơ giấy")).to_have_text("09:00 11/03/2026 — chưa chuyển")
    open_action(page, "transfer_paper").get_by_role("button", name="Chuyển hồ sơ giấy").click()
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Chuyển hồ sơ giấy.")
    expect(fact(page, "Hạn chuyển hồ sơ giấy")).to_have_text("09:00 11/03/2026 — đã chuyển 16:00 10/03/2026")

    # 3. Wed 11/3 09:00: appraisal finds the ID copy expired. The specialist may not ask the
    # applicant himself (Art. 5.1.e): he proposes, and the ward's desk issues the request.
    clock("2026-03-11 09:00")
    officer_login(p["specialist"])
    page.goto(f"{live_server.url}/ho-so/?tab=mine")
    page.get_by_role("link", name=code).click()
    expect(page.locator("details#request_supplement")).to_have_count(0)
    box = open_action(page, "propose_supplement")
    box.get_by_label("Nội dung cần bổ sung").fill(MISSING)
    box.get_by_role("button", name="Đề nghị bổ sung hồ sơ").click()
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Đề nghị bổ sung hồ sơ")

    # 10:00 the same day (within 3 working days of reception: not flagged): the ward's desk finds
    # the department's proposal among those waiting to be issued, and issues it.
    clock("2026-03-11 10:00")
    officer_login(p["ward_desk"])
    page.get_by_role("link", name="Hồ sơ chờ đóng").click()
    proposal = page.locator("tr", has=page.get_by_role("link", name=code))
    expect(proposal).to_contain_text(DEPARTMENT)
    expect(proposal).to_contain_text(MISSING)
    expect(proposal).to_contain_text("09:00 11/03/2026")
    proposal.get_by_role("link", name=code).click()
    expect(page.locator("#timeline")).to_contain_text(MISSING)
    box = open_action(page, "request_supplement")
    box.get_by_label("Nội dung cần bổ sung").fill(MISSING)
    box.get_by_role("button", name="Yêu cầu bổ sung hồ sơ").click()
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Yêu cầu bổ sung hồ sơ.")
    expect(page.locator("#dossier-state")).to_have_text("Chờ bổ sung")
    # Tue 10/3 09:00 + 3 working days = Fri 13/3 09:00: asked in time, not flagged.
    asked = d.events.get(action="request_supplement")
    assert asked.data["late_request"] is False and asked.data["window_due_at"].startswith("2026-03-13T09:00")

    # 4. Fri 13/3 16:00: the citizen answers online with the new copy.
    clock("2026-03-13 16:00")
    citizen_login(citizen)
    page.get_by_role("link", name=code).click()
    expect(page.locator("#state")).to_have_text("Chờ bổ sung")
    page.get_by_role("link", name="Nộp bổ sung hồ sơ").click()
    expect(page.locator("#items")).to_contain_text(MISSING)
    page.get_by_label(ID_COPY, exact=True).set_input_files(str(small_pdf(tmp_path, "can-cuoc.pdf")))
    page.get_by_label("Nội dung bổ sung, giải trình").fill(REPLY)
    page.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi hồ sơ bổ sung")

    # 5. Mon 16/3 14:00: the ward's desk checks the answer and records the supplement. The limit
    # restarts from zero at that moment (Art. 19.5): 15 working days of 8 office hours from
    # Mon 16/3 14:00 — 17–20/3 (4), 23–27/3 (9), 30/3–3/4 (14), Mon 6/4 (15) → 14:00 06/04/2026.
    # (The old pause model would have moved 31/3 09:00 by the paused office time: Wed 11/3
    # 10:00–17:00 5.5 h + Thu 8 h + Fri 8 h + Mon 16/3 07:30–14:00 5 h = 26.5 h:
    # 31/3 6.5 h, 1/4 8 h, 2/4 8 h, Fri 3/4 07:30 + 4 h → 11:30 03/04/2026.)
    clock("2026-03-16 14:00")
    new_due = "14:00 06/04/2026"
    officer_login(p["ward_desk"])
    page.goto(f"{live_server.url}/ho-so/?tab=paused")
    page.get_by_role("link", name=code).click()
    expect(page.locator("#online-answers")).to_contain_text(REPLY)
    box = open_action(page, "complete_supplement")
    box.get_by_label("Ghi chú, ý kiến").fill("Đã kiểm tra bản chụp thẻ Căn cước nộp trực tuyến")
    box.get_by_role("button", name="Tiếp nhận hồ sơ bổ sung").click()
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Tiếp nhận hồ sơ bổ sung.")
    expect(page.locator("#dossier-state")).to_have_text("Đang xử lý")
    expect(fact(page, "Hẹn trả kết quả")).to_have_text(new_due)
    expect(page.locator("#timeline")).to_contain_text(
        f"Thời hạn giải quyết được tính lại từ đầu; hẹn trả kết quả mới: {new_due}."
    )
    expect(page.locator("#timeline")).not_to_contain_text("Yêu cầu bổ sung muộn")
    # The new appointment is printed: form 01 carries it, no longer the first one.
    form01 = page.get_by_role("link", name="Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    receipt = flat(pdf_text(page, form01.get_attribute("href")))
    assert "06/04/2026" in receipt and "31/03/2026" not in receipt, receipt
    d.refresh_from_db()
    assert d.state == State.PROCESSING and timezone.localtime(d.due_at, VN) == vn("2026-04-06 14:00")
    assert d.current_agency == p["department"]

    # The citizen sees the new appointment.
    citizen_login(citizen)
    page.get_by_role("link", name=code).click()
    expect(page.locator("#state")).to_have_text("Đang xử lý")
    expect(page.locator("dl")).to_contain_text(new_due)
    expect(page.locator("dl")).not_to_contain_text(first_due)
    # The citizen reads plain Vietnamese in the history, never an internal action name.
    expect(page.locator(".timeline")).to_contain_text("Đã nhận hồ sơ bổ sung")
    expect(page.locator(".timeline")).not_to_contain_text(re.compile(r"\b[a-z]+_[a-z]+\b"))

    # 6. The department finishes: the specialist to the leader, who approves and passes to the
    # clerk, who issues the signed result (Tue 17/3 – Wed 18/3).
    clock("2026-03-17 09:00")
    officer_login(p["specialist"])
    page.goto(url)
    _forward(page, p["leader"])
    clock("2026-03-18 09:00")
    officer_login(p["leader"])
    page.goto(url)
    open_action(page, "approve").get_by_role("button", name="Phê duyệt").click()
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Phê duyệt.")
    _forward(page, p["clerk"])
    clock("2026-03-18 10:00")
    officer_login(p["clerk"])
    page.goto(url)
    open_action(page, "issue_result").get_by_role("button", name="Ban hành kết quả").click()
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Ban hành kết quả.")
    expect(page.locator("#dossier-state")).to_have_text("Chờ trả kết quả")
    # The department's people hand nothing over: the result is returned where it was received.
    expect(page.locator("details#return_result")).to_have_count(0)

    # 7. Thu 19/3 08:00: the ward's desk finds it among the results to return and returns it.
    clock("2026-03-19 08:00")
    officer_login(p["dept_desk"])
    page.goto(url)
    expect(page.locator("details#return_result")).to_have_count(0)
    officer_login(p["ward_desk"])
    page.goto(f"{live_server.url}/ho-so/?tab=return")
    page.get_by_role("link", name=code).click()
    box = open_action(page, "return_result")
    box.get_by_label("Người nhận kết quả").fill(APPLICANT["name"])
    box.get_by_role("button", name="Trả kết quả").click()
    expect(page.locator("#dossier-state")).to_have_text("Đã trả kết quả")
    d.refresh_from_db()
    assert d.state == State.RETURNED and d.returned_to == APPLICANT["name"]
    assert d.current_agency == p["ward"]
    assert timezone.localtime(d.returned_at, VN) == vn("2026-03-19 08:00")
    assert d.timeliness in {"early", "on_time"}  # before the new appointment (6/4)
    assert timedelta(0) < d.due_at - d.returned_at
