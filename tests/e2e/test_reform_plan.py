"""A unit leader keeps the year's reform plan and sends a quarterly report; the province's reform
manager sets the report schedule and sees the completion figure and the on-time report."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from motcua.org.models import Agency, Role
from motcua.reform.plans.models import PeriodicReport, ReformPlan, TaskEvidence
from tests.factories import make_agency, make_unit, make_user
from tests.reform.plans.conftest import pdf_upload


@pytest.fixture
def scene(transactional_db):
    province = make_unit()
    ward = make_unit("00001", "Phường Ba Đình", level="commune", parent=province)
    centre = make_agency(
        "000.00.01.H56", "Trung tâm Phục vụ hành chính công", unit=province, kind=Agency.Kind.SERVICE_CENTRE
    )
    commune = make_agency(
        "000.00.06.H56", "Ủy ban nhân dân phường Ba Đình", unit=ward, kind=Agency.Kind.PEOPLES_COMMITTEE
    )
    return {
        "commune": commune,
        "manager": make_user(centre, Role.REFORM_MANAGER, username="reformmanager"),
        "leader": make_user(commune, Role.LEADER, username="lanhdaobadinh"),
    }


def test_plan_tasks_evidence_report_and_overview(page, live_server, officer_login, scene, tmp_path):
    today = timezone.localdate()
    base = f"{live_server.url}/cai-cach/ke-hoach/"
    evidence = tmp_path / "quyet-dinh-cong-bo.pdf"
    evidence.write_bytes(pdf_upload().read())

    # The manager sets this year's schedule, moving the Q1 report's due date ten days ahead.
    officer_login(scene["manager"])
    page.goto(base)
    page.get_by_role("link", name="Lịch báo cáo định kỳ").click()
    expect(page.get_by_text("do tỉnh tự quy định")).to_be_visible()
    page.get_by_label("Báo cáo quý I", exact=True).fill((today + timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Lập lịch báo cáo").click()
    expect(page.get_by_role("status")).to_contain_text("thêm 4 báo cáo cần gửi")

    # The leader creates the plan and adds two specific tasks.
    officer_login(scene["leader"])
    page.goto(base)
    page.get_by_label("Tên kế hoạch").fill(f"Kế hoạch cải cách hành chính năm {today.year}")
    page.get_by_label("Số hiệu văn bản").fill("15/KH-UBND")
    page.get_by_role("button", name="Lập kế hoạch").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lập kế hoạch")
    for title in ("Công khai thủ tục hành chính tại Bộ phận Một cửa", "Số hóa hồ sơ thủ tục hành chính"):
        page.locator("summary", has_text="Thêm nhiệm vụ").click()
        page.get_by_label("Loại nhiệm vụ").select_option(label="Nhiệm vụ cụ thể")
        page.get_by_label("Nội dung nhiệm vụ").fill(title)
        page.get_by_label("Lĩnh vực cải cách").select_option(label="Cải cách thủ tục hành chính")
        page.get_by_label("Bộ phận chủ trì").fill("Bộ phận Một cửa")
        page.get_by_label("Thời hạn hoàn thành").fill(f"{today.year}-12-31")
        page.get_by_label("Sản phẩm").fill("Báo cáo kết quả")
        page.get_by_role("button", name="Thêm nhiệm vụ").click()
        expect(page.get_by_role("status")).to_contain_text("Đã thêm")
    expect(page.locator("#completion")).to_contain_text("0/2")

    # One task is marked done with its evidence; the figure moves to 1/2.
    page.get_by_role("link", name="Công khai thủ tục hành chính tại Bộ phận Một cửa").click()
    page.get_by_label("Tài liệu kiểm chứng *", exact=True).set_input_files(evidence)
    page.get_by_role("button", name="Xác nhận hoàn thành").click()
    expect(page.locator("#task-status")).to_have_text("Hoàn thành")
    expect(page.locator("#evidence")).to_contain_text("quyet-dinh-cong-bo.pdf")
    page.get_by_role("link", name=f"Kế hoạch cải cách hành chính năm {today.year}").click()
    expect(page.locator("#completion")).to_contain_text("1/2 nhiệm vụ cụ thể hoàn thành (50%)")

    # The quarterly report is sent before its due date.
    page.goto(base)
    page.get_by_role("link", name="Báo cáo quý I", exact=True).click()
    page.get_by_label("Tệp báo cáo (PDF)").set_input_files(evidence)
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("#report-status")).to_have_text("Đúng hạn")

    # The manager's overview shows both.
    officer_login(scene["manager"])
    page.goto(base)
    row = page.locator("#overview tr[data-agency='000.00.06.H56']")
    expect(row.locator(".completion")).to_have_text("1/2 (50%)")
    expect(row.locator(".on-time")).to_have_text("1")

    plan = ReformPlan.objects.get(agency=scene["commune"], year=today.year)
    assert plan.tasks.filter(status="done").count() == 1 and TaskEvidence.objects.count() == 1
    q1 = PeriodicReport.objects.get(agency=scene["commune"], deadline__kind="q1")
    assert q1.timeliness() == "on_time"
