"""Every processing action follows the dossier's internal process (issue 14, item 8).

The default process of the scene: 1. reception and transfer (desk officer), 2. appraisal
(specialist), 3. approval (leader), 4. result (clerk), all at the receiving agency.
"""

import pytest

from motcua.dossiers import services
from motcua.dossiers.errors import DossierError, Forbidden, InvalidInput, NotAllowed
from motcua.dossiers.states import State
from motcua.org.models import Role
from tests.dossiers.conftest import receive, vn
from tests.factories import Desk, make_user


def snapshot(d):
    d.refresh_from_db()
    return (
        d.state,
        d.step_index,
        d.assignee_id,
        d.current_agency_id,
        d.approved_at,
        d.ended_at,
        list(d.events.values_list("seq", "action")),
    )


def refused(call, error, message: str, d):
    """The action is refused with ``message`` and the dossier (row and events) is as it was."""
    before = snapshot(d)
    with pytest.raises(error) as caught:
        call()
    assert message in caught.value.message
    assert snapshot(d) == before


def at_appraisal(scene, at="2026-02-10 10:00"):
    """Received, then the desk finishes its step by forwarding to the specialist."""
    d = receive(scene)
    return services.forward(d.pk, actor=scene.desk, to_user=scene.specialist, at=vn(at))


def test_the_reported_path_is_refused_at_every_step(scene):
    """A clerk forwards, a leader approves, a clerk issues: step 0 of 4, nothing done."""
    d = receive(scene)
    refused(
        lambda: services.forward(d.pk, actor=scene.clerk, at=vn("2026-02-10 10:00")),
        Forbidden,
        "Bước «1. Tiếp nhận, chuyển hồ sơ» do Công chức Bộ phận Một cửa",
        d,
    )
    assert d.state == State.RECEIVED
    # The head gives the reception step to the desk: processing, step 1 of 4.
    d = services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn("2026-02-10 09:30"))
    assert d.state == State.PROCESSING and d.step_index == 0
    refused(
        lambda: services.forward(d.pk, actor=scene.clerk, at=vn("2026-02-10 10:00")),
        Forbidden,
        "Bước «1. Tiếp nhận, chuyển hồ sơ» do Công chức Bộ phận Một cửa",
        d,
    )
    refused(
        lambda: services.approve(d.pk, actor=scene.leader, at=vn("2026-02-10 10:00")),
        NotAllowed,
        "Chỉ phê duyệt được ở bước «3. Phê duyệt»; hồ sơ đang ở bước «1. Tiếp nhận, chuyển hồ sơ»",
        d,
    )
    refused(
        lambda: services.issue_result(d.pk, actor=scene.clerk, at=vn("2026-02-10 10:00")),
        NotAllowed,
        "Chưa thể ban hành kết quả: hồ sơ đang ở bước «1. Tiếp nhận, chuyển hồ sơ»",
        d,
    )


def test_clerk_cannot_forward_a_specialists_step(scene):
    d = at_appraisal(scene)
    refused(
        lambda: services.forward(d.pk, actor=scene.clerk, to_user=scene.leader, at=vn("2026-02-10 11:00")),
        Forbidden,
        "Bước «2. Thẩm định hồ sơ» do Chuyên viên xử lý của Ủy ban nhân dân phường Ba Đình thực hiện",
        d,
    )


def test_another_specialist_of_the_agency_cannot_take_over_an_assigned_step(scene):
    other = make_user(scene.agency, Role.SPECIALIST)
    d = at_appraisal(scene)
    refused(
        lambda: services.forward(d.pk, actor=other, to_user=scene.leader, at=vn("2026-02-10 11:00")),
        Forbidden,
        "đang được giao cho",
        d,
    )


def test_leader_cannot_approve_at_the_appraisal_step(scene):
    d = at_appraisal(scene)
    refused(
        lambda: services.approve(d.pk, actor=scene.leader, at=vn("2026-02-10 11:00")),
        NotAllowed,
        "Chỉ phê duyệt được ở bước «3. Phê duyệt»; hồ sơ đang ở bước «2. Thẩm định hồ sơ»",
        d,
    )


def test_result_cannot_be_issued_before_the_last_step(scene):
    d = at_appraisal(scene)
    services.forward(d.pk, actor=scene.specialist, to_user=scene.leader, at=vn("2026-02-10 11:00"))
    services.approve(d.pk, actor=scene.leader, at=vn("2026-02-10 12:00"))
    refused(
        lambda: services.issue_result(d.pk, actor=scene.leader, at=vn("2026-02-10 13:00")),
        NotAllowed,
        "hồ sơ đang ở bước «3. Phê duyệt», chưa qua hết các bước của quy trình (bước cuối: «4. Trả kết quả»)",
        d,
    )


def test_forward_to_a_citizen_is_refused(scene):
    citizen = make_user(None, username="congdan")  # a portal account: no role anywhere
    d = at_appraisal(scene)
    refused(
        lambda: services.forward(d.pk, actor=scene.specialist, to_user=citizen, at=vn("2026-02-10 11:00")),
        InvalidInput,
        "Congdan không phải Lãnh đạo của Ủy ban nhân dân phường Ba Đình "
        "nên không nhận được bước «3. Phê duyệt».",
        d,
    )


def test_forward_to_another_agencys_officer_is_refused(scene):
    other = Desk(
        "000.00.07.H56", "Ủy ban nhân dân phường Hoàn Kiếm", version=scene.version, with_process=False
    )
    d = at_appraisal(scene)
    refused(
        lambda: services.forward(
            d.pk, actor=scene.specialist, to_user=other.leader, at=vn("2026-02-10 11:00")
        ),
        InvalidInput,
        "không phải Lãnh đạo của Ủy ban nhân dân phường Ba Đình",
        d,
    )


def test_forward_to_an_officer_of_the_agency_without_the_next_role_is_refused(scene):
    d = at_appraisal(scene)
    refused(
        lambda: services.forward(
            d.pk, actor=scene.specialist, to_user=scene.clerk, at=vn("2026-02-10 11:00")
        ),
        InvalidInput,
        "không nhận được bước «3. Phê duyệt»",
        d,
    )


def test_leaders_step_is_left_only_once_approved(scene):
    d = at_appraisal(scene)
    services.forward(d.pk, actor=scene.specialist, to_user=scene.leader, at=vn("2026-02-10 11:00"))
    refused(
        lambda: services.forward(d.pk, actor=scene.leader, to_user=scene.clerk, at=vn("2026-02-10 12:00")),
        NotAllowed,
        "Bước «3. Phê duyệt» cần lãnh đạo phê duyệt trước khi chuyển bước tiếp theo.",
        d,
    )


def test_head_cannot_jump_a_specialist_into_the_desks_step(scene):
    d = receive(scene)
    refused(
        lambda: services.assign(d.pk, actor=scene.head, assignee=scene.specialist, at=vn("2026-02-10 10:00")),
        InvalidInput,
        "Bước «1. Tiếp nhận, chuyển hồ sơ» là việc của Công chức Bộ phận Một cửa",
        d,
    )


def test_desk_finishes_its_step_by_forwarding_and_the_step_ran_from_reception(scene):
    d = receive(scene, "2026-02-10 09:00")
    d = services.forward(d.pk, actor=scene.desk, to_user=scene.specialist, at=vn("2026-02-10 15:00"))
    assert d.state == State.PROCESSING and d.current_step["role"] == Role.SPECIALIST
    assert d.assignee == scene.specialist
    line = d.events.get(action="forward").data
    assert line["step"] == "Tiếp nhận, chuyển hồ sơ"
    assert line["started_at"].startswith("2026-02-10T09:00")
    assert line["kept_budget"] is False  # half a day from 09:00 ended at 13:00 (lunch break skipped)
    # The head then assigns the appraisal among the specialists.
    other = make_user(scene.agency, Role.SPECIALIST)
    d = services.assign(d.pk, actor=scene.head, assignee=other, at=vn("2026-02-10 16:00"))
    assert d.assignee == other and d.current_step["role"] == Role.SPECIALIST


def test_head_may_step_in_for_an_absent_specialist(scene):
    d = at_appraisal(scene)
    d = services.forward(d.pk, actor=scene.head, to_user=scene.leader, at=vn("2026-02-10 11:00"))
    assert d.current_step["role"] == Role.LEADER


def test_full_path_by_the_holders_of_each_step(scene):
    d = at_appraisal(scene)
    services.forward(d.pk, actor=scene.specialist, to_user=scene.leader, at=vn("2026-02-10 11:00"))
    services.approve(d.pk, actor=scene.leader, at=vn("2026-02-10 12:00"))
    services.forward(d.pk, actor=scene.leader, to_user=scene.clerk, at=vn("2026-02-10 13:00"))
    d = services.issue_result(d.pk, actor=scene.clerk, at=vn("2026-02-10 14:00"))
    assert d.state == State.READY_FOR_RETURN
    assert [e.data.get("step") for e in d.events.filter(action__in=["forward", "issue_result"])] == [
        "Tiếp nhận, chuyển hồ sơ",
        "Thẩm định hồ sơ",
        "Phê duyệt",
        "Trả kết quả",
    ]


def test_electronic_result_needs_its_signed_document(scene):
    d = receive(scene, result_delivery="electronic")
    services.forward(d.pk, actor=scene.desk, to_user=scene.specialist, at=vn("2026-02-10 10:00"))
    services.forward(d.pk, actor=scene.specialist, to_user=scene.leader, at=vn("2026-02-10 11:00"))
    services.approve(d.pk, actor=scene.leader, at=vn("2026-02-10 12:00"))
    services.forward(d.pk, actor=scene.leader, to_user=scene.clerk, at=vn("2026-02-10 13:00"))
    refused(
        lambda: services.issue_result(d.pk, actor=scene.clerk, at=vn("2026-02-10 14:00")),
        NotAllowed,
        "Người nộp đã chọn nhận kết quả bản điện tử: cần ký số văn bản kết quả trước khi ban hành kết quả.",
        d,
    )


def test_a_dossier_without_a_process_keeps_the_transition_table_alone(db):
    scene = Desk(with_process=False)
    d = receive(scene)
    services.assign(d.pk, actor=scene.head, assignee=scene.specialist, at=vn("2026-02-10 10:00"))
    services.approve(d.pk, actor=scene.leader, at=vn("2026-02-10 11:00"))
    d = services.issue_result(d.pk, actor=scene.clerk, at=vn("2026-02-10 12:00"))
    assert d.state == State.READY_FOR_RETURN


def test_refusals_are_answered_409_or_403_by_the_api(scene):
    d = at_appraisal(scene)
    with pytest.raises(DossierError) as caught:
        services.issue_result(d.pk, actor=scene.clerk, at=vn("2026-02-10 11:00"))
    assert caught.value.status == 409 and "quy trình" in caught.value.message
    with pytest.raises(DossierError) as caught:
        services.forward(d.pk, actor=scene.clerk, at=vn("2026-02-10 11:00"))
    assert caught.value.status == 403


def test_api_forward_to_a_citizen_is_a_422_and_changes_nothing(scene):
    import json

    from django.test import Client

    citizen = make_user(None, username="congdan")
    d = receive(scene)
    client = Client()
    client.force_login(scene.desk)
    before = snapshot(d)
    answer = client.post(
        f"/api/v1/dossiers/{d.pk}/forward",
        json.dumps({"to_user": citizen.username}),
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert "Congdan không phải Chuyên viên xử lý" in answer.json()["detail"]
    assert snapshot(d) == before
