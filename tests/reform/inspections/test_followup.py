"""Directive follow-up: the unit reports with evidence, the manager confirms or returns; overdue
directives are highlighted and counted."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from motcua.dossiers.errors import Forbidden, InvalidInput, NotAllowed
from motcua.reform.inspections import services
from motcua.reform.inspections.models import Directive, DirectiveState

from .conftest import closed_visit, evidence


@pytest.fixture
def notice(scene):
    d, _v = closed_visit(scene)
    today = timezone.localdate()
    return services.issue_notice(
        d,
        actor=scene.manager,
        number="45/TB-UBND",
        signed_on=date(2026, 4, 1),
        signer="Nguyễn Văn Hùng",
        summary="Kết quả chung đạt yêu cầu.",
        directives=[
            {
                "text": "Ghi bổ sung sổ theo dõi hồ sơ.",
                "agency": scene.commune,
                "deadline": today + timedelta(30),
            },
            {"text": "Niêm yết lại thủ tục.", "agency": scene.commune, "deadline": today - timedelta(3)},
            {"text": "Tập huấn nghiệp vụ.", "agency": scene.other, "deadline": today + timedelta(30)},
        ],
    )


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_report_confirm_and_the_table_shows_done(scene, notice):
    first = notice.directives.get(order=1)
    leader = _client(scene.leader)
    response = leader.post(
        f"/cai-cach/kiem-tra/chi-dao/{first.pk}/bao-cao/",
        {"report": "Đã ghi bổ sung 6 hồ sơ.", "evidence": evidence()},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.state == DirectiveState.REPORTED and first.evidence_name == "bien-ban.pdf"
    assert leader.get(f"/cai-cach/kiem-tra/chi-dao/{first.pk}/minh-chung/").status_code == 200

    manager = _client(scene.manager)
    assert manager.post(f"/cai-cach/kiem-tra/chi-dao/{first.pk}/xac-nhan/").status_code == 302
    first.refresh_from_db()
    assert first.state == DirectiveState.CONFIRMED and first.confirmed_by == scene.manager

    page = manager.get("/cai-cach/kiem-tra/theo-doi/").content.decode()
    assert f'<tr class="ok" data-status="done" id="directive-{first.pk}">' in page
    assert '<span data-count="done">1</span>' in page
    assert '<span data-count="in_progress">1</span>' in page
    assert '<span data-count="overdue">1</span>' in page


def test_overdue_directive_is_highlighted(scene, notice):
    late = notice.directives.get(order=2)
    page = _client(scene.leader).get("/cai-cach/kiem-tra/theo-doi/").content.decode()
    assert f'<tr class="late" data-status="overdue" id="directive-{late.pk}">' in page
    detail = _client(scene.leader).get(f"/cai-cach/kiem-tra/chi-dao/{late.pk}/").content.decode()
    assert 'id="overdue"' in detail and "Quá hạn" in detail


def test_confirming_a_directive_not_reported_is_refused(scene, notice):
    first = notice.directives.get(order=1)
    with pytest.raises(NotAllowed) as info:
        services.confirm_directive(first, actor=scene.manager)
    assert "chưa báo cáo" in info.value.message
    page = _client(scene.manager).post(f"/cai-cach/kiem-tra/chi-dao/{first.pk}/xac-nhan/").content.decode()
    assert "Đơn vị chưa báo cáo kết quả thực hiện; chưa thể xác nhận hoàn thành." in page
    first.refresh_from_db()
    assert first.state == DirectiveState.OPEN and first.confirmed_at is None


def test_returned_report_goes_back_to_the_unit_with_the_reason(scene, notice):
    first = notice.directives.get(order=1)
    services.report_directive(first, actor=scene.leader, report="Đã làm.", evidence=evidence())
    services.return_directive(first, actor=scene.manager, reason="Thiếu danh sách hồ sơ đã ghi bổ sung.")
    first.refresh_from_db()
    assert first.state == DirectiveState.RETURNED
    page = _client(scene.leader).get(f"/cai-cach/kiem-tra/chi-dao/{first.pk}/").content.decode()
    assert "Thiếu danh sách hồ sơ đã ghi bổ sung." in page and 'name="evidence"' in page


@pytest.mark.parametrize(
    "upload, message",
    [
        (None, "Cần đính kèm tệp minh chứng"),
        (("ghi-chu.txt", b"khong phai pdf"), "Chỉ nhận tệp PDF, JPG hoặc PNG"),
        (("gia.pdf", b"%PDF-1.4 hong"), "không phải là tệp PDF hợp lệ"),
    ],
)
def test_bad_evidence_is_refused_and_nothing_changes(scene, notice, upload, message):
    first = notice.directives.get(order=1)
    data = {"report": "Đã làm."}
    if upload:
        data["evidence"] = evidence(*upload)
    page = (
        _client(scene.leader).post(f"/cai-cach/kiem-tra/chi-dao/{first.pk}/bao-cao/", data).content.decode()
    )
    assert message in page
    first.refresh_from_db()
    assert first.state == DirectiveState.OPEN and not first.evidence and first.reported_at is None


def test_only_the_responsible_unit_reports(scene, notice):
    third = notice.directives.get(order=3)
    with pytest.raises(Forbidden):
        services.report_directive(third, actor=scene.leader, report="x", evidence=evidence())
    assert Directive.objects.get(pk=third.pk).state == DirectiveState.OPEN
    with pytest.raises(InvalidInput):
        services.report_directive(third, actor=scene.other_leader, report="  ", evidence=evidence())
