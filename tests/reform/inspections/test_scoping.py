"""Who sees what: team members only, units their own visits (unannounced ones after the fact)
and their own directives; everything else answers 404. Out-of-turn and bad input change nothing."""

from datetime import date

import pytest
from django.test import Client

from motcua.dossiers.errors import Forbidden, NotAllowed
from motcua.reform.inspections import services
from motcua.reform.inspections.models import Decision, Finding, FindingResult, VisitKind, VisitState

from .conftest import all_pass, closed_visit, issued_decision, make_decision


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_inspector_not_on_the_team_gets_404(scene):
    d, v = issued_decision(scene)
    outsider = _client(scene.outsider)
    assert outsider.get(f"/cai-cach/kiem-tra/quyet-dinh/{d.pk}/").status_code == 404
    assert outsider.get(f"/cai-cach/kiem-tra/cuoc-kiem-tra/{v.pk}/").status_code == 404
    assert outsider.post(f"/cai-cach/kiem-tra/cuoc-kiem-tra/{v.pk}/bat-dau/").status_code == 404
    assert d.number not in outsider.get("/cai-cach/kiem-tra/").content.decode()
    v.refresh_from_db()
    assert v.state == VisitState.PLANNED
    member = _client(scene.inspector)
    assert member.get(f"/cai-cach/kiem-tra/quyet-dinh/{d.pk}/").status_code == 200
    assert d.number in member.get("/cai-cach/kiem-tra/").content.decode()


def test_unannounced_visit_is_hidden_from_the_unit_until_it_is_done(scene):
    d, v = issued_decision(scene, kind=VisitKind.UNANNOUNCED)
    leader = _client(scene.leader)
    assert leader.get(f"/cai-cach/kiem-tra/cuoc-kiem-tra/{v.pk}/").status_code == 404
    assert "Đột xuất" not in leader.get("/cai-cach/kiem-tra/").content.decode()
    services.start_visit(v, actor=scene.inspector)
    services.record_findings(v, actor=scene.inspector, results=all_pass(v))
    assert leader.get(f"/cai-cach/kiem-tra/cuoc-kiem-tra/{v.pk}/").status_code == 404
    services.record_reconciliation(v, actor=scene.inspector, paper_count=0)
    services.close_visit(v, actor=scene.inspector)
    home = leader.get("/cai-cach/kiem-tra/").content.decode()
    assert "Đột xuất" in home and scene.commune.name in home
    page = leader.get(f"/cai-cach/kiem-tra/cuoc-kiem-tra/{v.pk}/").content.decode()
    assert "Sổ giấy: 0 — Hệ thống: 0" in page


def test_unit_sees_its_announced_visit_but_findings_only_once_closed(scene):
    _d, v = issued_decision(scene)
    services.start_visit(v, actor=scene.inspector)
    results = all_pass(v)
    first = next(iter(results))
    results[first] = (FindingResult.FAIL, "Chưa niêm yết bảng giá phí mới")
    services.record_findings(v, actor=scene.inspector, results=results)
    leader = _client(scene.leader)
    page = leader.get(f"/cai-cach/kiem-tra/cuoc-kiem-tra/{v.pk}/").content.decode()
    assert "Chưa niêm yết bảng giá phí mới" not in page
    assert "sau khi cuộc kiểm tra kết thúc" in page
    services.record_reconciliation(v, actor=scene.inspector, paper_count=0)
    services.close_visit(v, actor=scene.inspector)
    assert (
        "Chưa niêm yết bảng giá phí mới"
        in leader.get(f"/cai-cach/kiem-tra/cuoc-kiem-tra/{v.pk}/").content.decode()
    )
    # Another unit sees nothing of it, and a unit never opens the decision page itself.
    other = _client(scene.other_leader)
    assert other.get(f"/cai-cach/kiem-tra/cuoc-kiem-tra/{v.pk}/").status_code == 404
    assert scene.commune.name not in other.get("/cai-cach/kiem-tra/").content.decode()
    assert leader.get(f"/cai-cach/kiem-tra/quyet-dinh/{v.decision_id}/").status_code == 404


def test_unit_never_sees_another_units_directive(scene):
    d, _v = closed_visit(scene)
    notice = services.issue_notice(
        d,
        actor=scene.manager,
        number="45/TB-UBND",
        signed_on=date(2026, 4, 1),
        signer="Nguyễn Văn Hùng",
        summary="Đạt.",
        directives=[
            {"text": "Việc của Ba Đình", "agency": scene.commune, "deadline": date(2026, 5, 1)},
            {"text": "Việc của Ngọc Hà", "agency": scene.other, "deadline": date(2026, 5, 1)},
        ],
    )
    mine, theirs = notice.directives.order_by("order")
    leader = _client(scene.leader)
    assert leader.get(f"/cai-cach/kiem-tra/chi-dao/{theirs.pk}/").status_code == 404
    assert leader.get(f"/cai-cach/kiem-tra/chi-dao/{theirs.pk}/minh-chung/").status_code == 404
    follow = leader.get("/cai-cach/kiem-tra/theo-doi/").content.decode()
    assert "Việc của Ba Đình" in follow and "Việc của Ngọc Hà" not in follow
    assert leader.get(f"/cai-cach/kiem-tra/chi-dao/{mine.pk}/").status_code == 200


def test_findings_on_a_visit_not_started_are_refused(scene):
    _d, v = issued_decision(scene)
    with pytest.raises(NotAllowed) as info:
        services.record_findings(v, actor=scene.inspector, results=all_pass(v))
    assert "chưa bắt đầu" in info.value.message
    assert not Finding.objects.exists()


def test_failed_item_without_a_note_is_refused_and_nothing_is_saved(scene):
    _d, v = issued_decision(scene)
    services.start_visit(v, actor=scene.inspector)
    item_id = next(iter(all_pass(v)))
    page = (
        _client(scene.inspector)
        .post(
            f"/cai-cach/kiem-tra/cuoc-kiem-tra/{v.pk}/ket-qua/",
            {f"result_{item_id}": "fail", f"result_{item_id + 1}": "pass"},
        )
        .content.decode()
    )
    assert "không đạt: cần ghi rõ tồn tại, hạn chế" in page
    assert not Finding.objects.exists()


def test_only_the_manager_creates_decisions_and_bad_input_creates_nothing(scene):
    with pytest.raises(Forbidden):
        services.create_decision(
            actor=scene.inspector,
            unit=scene.centre.unit,
            number="1/QĐ",
            signed_on="2026-03-01",
            issuer="UBND",
            signer="A",
            purpose="B",
        )
    assert _client(scene.inspector).get("/cai-cach/kiem-tra/quyet-dinh/moi/").status_code == 403
    page = (
        _client(scene.manager)
        .post(
            "/cai-cach/kiem-tra/quyet-dinh/moi/",
            {
                "number": "125/QĐ-UBND",
                "signed_on": "02/03/2026",
                "issuer": "UBND",
                "signer": "A",
                "purpose": "B",
            },
        )
        .content.decode()
    )
    assert "Ngày quyết định không hợp lệ" in page and 'value="125/QĐ-UBND"' in page
    assert not Decision.objects.exists()


def test_editing_schedule_after_conclusion_is_refused(scene):
    d, _v = closed_visit(scene)
    services.issue_notice(
        d,
        actor=scene.manager,
        number="45/TB-UBND",
        signed_on=date(2026, 4, 1),
        signer="Nguyễn Văn Hùng",
        summary="Đạt.",
        directives=[{"text": "Một việc", "agency": scene.commune, "deadline": date(2026, 5, 1)}],
    )
    with pytest.raises(NotAllowed):
        services.add_visit(
            d,
            actor=scene.manager,
            agency=scene.other,
            planned_on=date(2026, 5, 1),
            kind=VisitKind.PLANNED,
            period_from=date(2026, 3, 1),
            period_to=date(2026, 3, 31),
        )
    assert d.visits.count() == 1


def test_second_decision_with_same_number_is_refused(scene):
    make_decision(scene)
    with pytest.raises(Exception) as info:
        make_decision(scene)
    assert "Đã có quyết định kiểm tra số 125/QĐ-UBND." in str(info.value)
    assert Decision.objects.count() == 1
