"""Excel exports read back: a plan's tasks with their status, and the province overview."""

import io
from datetime import date

from openpyxl import load_workbook

from motcua.reform.plans import services
from motcua.reform.plans.models import TaskKind

from .conftest import YEAR, add_task, make_plan, pdf_upload


def _rows(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def test_plan_workbook_lists_tasks_with_status(client, world):
    plan = make_plan(world.leader, world.commune)
    done = add_task(world.leader, plan, title="Công khai thủ tục", deadline=date(YEAR, 3, 31))
    add_task(world.leader, plan, title="Rà soát thủ tục", deadline=date(YEAR, 4, 30))
    add_task(world.leader, plan, kind=TaskKind.GENERAL, title="Tuyên truyền", deadline=date(YEAR, 12, 31))
    services.complete_task(world.leader, done.pk, date(YEAR, 4, 2), pdf_upload())
    client.force_login(world.manager)
    rows = _rows(client.get(f"/cai-cach/ke-hoach/{plan.pk}/excel/"))
    assert rows[0][0] == "Kế hoạch cải cách hành chính năm 2025"
    assert rows[2][0] == "Nhiệm vụ cụ thể hoàn thành: 1/2; nhiệm vụ chung: 0/1"
    body = {r[2]: r for r in rows[5:]}
    assert body["Công khai thủ tục"][8] == "Hoàn thành quá hạn"
    assert body["Công khai thủ tục"][9].date() == date(YEAR, 4, 2)
    assert body["Rà soát thủ tục"][8] == "Quá hạn, chưa hoàn thành"
    assert body["Tuyên truyền"][0] == "Nhiệm vụ chung"


def test_overview_workbook_has_a_row_per_unit(client, world):
    services.set_report_schedule(world.manager, YEAR, {})
    plan = make_plan(world.leader, world.commune)
    task = add_task(world.leader, plan)
    add_task(world.leader, plan)
    services.complete_task(world.leader, task.pk, date(YEAR, 6, 1), pdf_upload())
    q1 = world.commune.reform_reports.get(deadline__kind="q1")
    services.submit_report(world.leader, q1.pk, pdf_upload())  # sent today: late for 2025
    client.force_login(world.manager)
    rows = _rows(client.get(f"/cai-cach/ke-hoach/tong-hop.xlsx?nam={YEAR}"))
    by_agency = {r[0]: r for r in rows[3:]}
    assert set(by_agency) == {
        "Sở Nội vụ",
        "Ủy ban nhân dân phường Ba Đình",
        "Ủy ban nhân dân phường Hoàn Kiếm",
    }
    assert by_agency["Ủy ban nhân dân phường Ba Đình"][1:] == ("Dự thảo", 1, 2, 50, 0, 0, 1, 0, 1, 3)
    assert by_agency["Sở Nội vụ"][1] == "Chưa có kế hoạch"
    # Seen today, every 2025 report is past its due date (the yearly one was due 10/01/2026).
    assert by_agency["Sở Nội vụ"][8:] == (0, 0, 4)


def test_a_unit_cannot_download_the_overview(client, world):
    client.force_login(world.leader)
    assert client.get(f"/cai-cach/ke-hoach/tong-hop.xlsx?nam={YEAR}").status_code == 404
