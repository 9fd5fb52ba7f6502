"""Another unit's plan, task, report and files answer 404 and cannot be changed; bad input changes nothing."""

from datetime import date

import pytest

from motcua.reform.plans import services
from motcua.reform.plans.models import PlanTask, ReformPlan, ReportSubmission, TaskEvidence

from .conftest import YEAR, add_task, fake_pdf, make_plan, pdf_upload

BASE = "/cai-cach/ke-hoach"


@pytest.fixture
def theirs(world):
    """The other commune's plan with a done task and a submitted Q1 report."""
    services.set_report_schedule(world.manager, YEAR, {})
    plan = make_plan(world.other_leader, world.other)
    task = add_task(world.other_leader, plan)
    services.complete_task(world.other_leader, task.pk, date(YEAR, 5, 1), pdf_upload())
    report = world.other.reform_reports.get(deadline__kind="q1")
    services.submit_report(world.other_leader, report.pk, pdf_upload())
    return {
        "plan": plan,
        "task": task,
        "report": report,
        "evidence": task.evidence.get(),
        "submission": report.submissions.get(),
    }


def test_another_units_records_are_404(client, world, theirs):
    client.force_login(world.leader)
    urls = [
        f"{BASE}/{theirs['plan'].pk}/",
        f"{BASE}/{theirs['plan'].pk}/excel/",
        f"{BASE}/nhiem-vu/{theirs['task'].pk}/",
        f"{BASE}/minh-chung/{theirs['evidence'].pk}/",
        f"{BASE}/bao-cao/{theirs['report'].pk}/",
        f"{BASE}/bao-cao/tep/{theirs['submission'].pk}/",
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    home = client.get(f"{BASE}/?nam={YEAR}").content.decode()
    assert "Hoàn Kiếm" not in home


def test_another_units_records_cannot_be_changed(client, world, theirs):
    client.force_login(world.leader)
    plan, task, report = theirs["plan"], theirs["task"], theirs["report"]
    assert client.post(f"{BASE}/{plan.pk}/", {"action": "edit", "title": "Đã bị sửa"}).status_code == 404
    assert client.post(f"{BASE}/nhiem-vu/{task.pk}/", {"action": "reopen"}).status_code == 404
    response = client.post(f"{BASE}/bao-cao/{report.pk}/", {"file": pdf_upload("cua-toi.pdf")})
    assert response.status_code == 404
    assert ReformPlan.objects.get(pk=plan.pk).title != "Đã bị sửa"
    assert PlanTask.objects.get(pk=task.pk).status == "done"
    assert ReportSubmission.objects.filter(report=report).count() == 1
    # The service itself refuses too, whatever page calls it.
    with pytest.raises(services.Forbidden):
        services.submit_report(world.leader, report.pk, pdf_upload())
    with pytest.raises(services.Forbidden):
        services.add_task(
            world.leader,
            plan.pk,
            kind="specific",
            title="x",
            area="other",
            division="y",
            deadline=date(YEAR, 5, 1),
        )
    with pytest.raises(services.Forbidden):
        services.create_plan(world.leader, world.other.pk, YEAR + 1, "Kế hoạch hộ")
    assert ReportSubmission.objects.filter(report=report).count() == 1
    assert plan.tasks.count() == 1


def test_manager_and_inspector_read_but_do_not_edit(client, world, theirs):
    for user in (world.manager, world.inspector):
        client.force_login(user)
        page = client.get(f"{BASE}/{theirs['plan'].pk}/").content.decode()
        assert "Thêm nhiệm vụ" not in page and "1/1" in page
        home = client.get(f"{BASE}/?nam={YEAR}").content.decode()
        assert "Ủy ban nhân dân phường Hoàn Kiếm" in home and "1/1 (100%)" in home
        client.post(f"{BASE}/nhiem-vu/{theirs['task'].pk}/", {"action": "reopen"})
        assert PlanTask.objects.get(pk=theirs["task"].pk).status == "done"
    with pytest.raises(services.Forbidden):
        services.reopen_task(world.manager, theirs["task"].pk)


def test_an_officer_without_a_reform_role_is_refused(client, world, theirs):
    client.force_login(world.officer)
    assert client.get(f"{BASE}/").status_code == 403


def test_deadline_before_the_plan_year_is_refused(client, world):
    plan = make_plan(world.leader, world.commune)
    client.force_login(world.leader)
    page = client.post(
        f"{BASE}/{plan.pk}/",
        {
            "action": "add_task",
            "kind": "specific",
            "area": "procedures",
            "title": "Rà soát thủ tục",
            "division": "Văn phòng",
            "deadline": f"{YEAR - 1}-12-20",
        },
    ).content.decode()
    assert "Thời hạn hoàn thành phải nằm trong năm 2025 của kế hoạch." in page
    assert 'value="Rà soát thủ tục"' in page  # what was typed is kept
    assert plan.tasks.count() == 0


def test_blank_title_is_refused(client, world):
    client.force_login(world.leader)
    page = client.post(
        f"{BASE}/", {"agency": world.commune.pk, "year": YEAR, "title": "   "}, follow=True
    ).content.decode()
    assert "Cần nhập tên kế hoạch." in page
    assert not ReformPlan.objects.exists()
    plan = make_plan(world.leader, world.commune)
    with pytest.raises(services.InvalidInput, match="Cần nhập nội dung nhiệm vụ."):
        add_task(world.leader, plan, title="")
    assert plan.tasks.count() == 0


def test_fake_file_is_refused(client, world):
    services.set_report_schedule(world.manager, YEAR, {})
    plan = make_plan(world.leader, world.commune)
    task = add_task(world.leader, plan)
    report = world.commune.reform_reports.get(deadline__kind="q1")
    client.force_login(world.leader)
    page = client.post(
        f"{BASE}/nhiem-vu/{task.pk}/",
        {"action": "complete", "completed_on": f"{YEAR}-05-01", "evidence": fake_pdf()},
    ).content.decode()
    assert "không phải là tệp PDF hợp lệ" in page
    task.refresh_from_db()
    assert task.status == "not_started" and not TaskEvidence.objects.exists()
    page = client.post(f"{BASE}/bao-cao/{report.pk}/", {"file": fake_pdf("bao-cao.docx")}).content.decode()
    assert "Chỉ nhận tệp PDF, JPG hoặc PNG" in page
    report.refresh_from_db()
    assert report.submitted_at is None and not ReportSubmission.objects.exists()


def test_one_plan_per_unit_and_year(world):
    make_plan(world.leader, world.commune)
    with pytest.raises(services.NotAllowed, match="đã có kế hoạch cải cách hành chính năm 2025"):
        make_plan(world.leader, world.commune)
    assert ReformPlan.objects.count() == 1
