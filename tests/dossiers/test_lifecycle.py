"""A dossier from reception to returned result, along its internal process."""

import pytest

from motcua.dossiers import services
from motcua.dossiers.errors import Forbidden, NotAllowed
from motcua.dossiers.states import State, Timeliness
from tests.dossiers.conftest import receive, vn


def walk_to_result(scene, d, day="2026-02-11"):
    services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn(f"{day} 08:00"))
    services.forward(d.pk, actor=scene.desk, to_user=scene.specialist, at=vn(f"{day} 09:00"))  # → appraisal
    services.forward(d.pk, actor=scene.specialist, to_user=scene.leader, at=vn(f"{day} 10:00"))  # → approval
    services.approve(d.pk, actor=scene.leader, at=vn(f"{day} 11:00"))
    services.forward(d.pk, actor=scene.leader, to_user=scene.clerk, at=vn(f"{day} 11:05"))  # → result
    return services.issue_result(d.pk, actor=scene.clerk, at=vn(f"{day} 14:00"))


def test_full_path_ends_early_and_returns_at_desk(scene):
    d = receive(scene, "2026-02-10 09:00")
    d = walk_to_result(scene, d)
    assert d.state == State.READY_FOR_RETURN
    assert d.timeliness == Timeliness.EARLY
    assert d.ended_at == vn("2026-02-11 14:00")
    d = services.return_result(
        d.pk, actor=scene.desk, method="desk", receiver="Nguyễn Văn An", at=vn("2026-02-12 08:00")
    )
    assert d.state == State.RETURNED and d.returned_to == "Nguyễn Văn An"
    # End of processing is the first end state: returning later does not move it.
    assert d.ended_at == vn("2026-02-11 14:00")
    actions = list(d.events.values_list("action", flat=True))
    assert actions == [
        "accept",
        "assign",
        "forward",
        "forward",
        "approve",
        "forward",
        "issue_result",
        "return_result",
    ]


def test_result_without_leader_approval_is_refused(db):
    from motcua.org.models import Role
    from tests.factories import Desk, make_process, make_version

    version = make_version()
    scene = Desk(version=version, with_process=False)
    # The leader's step is the last one: the result is issued there, once approved.
    make_process(
        version,
        scene.agency,
        steps=[
            ("Tiếp nhận, chuyển hồ sơ", Role.DESK_OFFICER, "0.5"),
            ("Thẩm định hồ sơ", Role.SPECIALIST, "13.5"),
            ("Lãnh đạo phê duyệt, ký", Role.LEADER, "1"),
        ],
    )
    d = receive(scene)
    for _ in range(2):  # the head steps in for the desk and the specialist
        services.forward(d.pk, actor=scene.head, at=vn("2026-02-11 09:00"))
    with pytest.raises(NotAllowed, match="chưa được lãnh đạo phê duyệt"):
        services.issue_result(d.pk, actor=scene.leader, at=vn("2026-02-11 10:00"))


def test_late_result_is_classified_late(scene):
    d = receive(scene, "2026-02-10 09:00")
    d = walk_to_result(scene, d, day="2026-03-11")
    assert d.timeliness == Timeliness.LATE


def test_result_on_due_day_before_due_time_is_on_time(scene):
    d = receive(scene, "2026-02-10 15:00")  # due 10/3/2026 15:00; the result comes at 14:00 that day
    d = walk_to_result(scene, d, day="2026-03-10")
    assert d.due_at == vn("2026-03-10 15:00") and d.timeliness == Timeliness.ON_TIME


def test_control_sheet_records_each_step_and_its_budget(scene):
    d = receive(scene, "2026-02-10 09:00")
    services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn("2026-02-10 09:30"))
    services.forward(
        d.pk, actor=scene.desk, to_user=scene.specialist, note="Chuyển thẩm định", at=vn("2026-02-10 10:00")
    )
    d.refresh_from_db()
    assert d.current_step["name"] == "Thẩm định hồ sơ"
    step_event = d.events.get(action="forward")
    assert step_event.data["step"] == "Tiếp nhận, chuyển hồ sơ"
    assert step_event.data["kept_budget"] is True  # ½ day budget, used 30 minutes
    # The appraisal has 13 working days from 10:00 on 10/2/2026 (Tết 16–20/2 skipped).
    assert d.step_due_at == vn("2026-03-06 10:00")


def test_only_the_assignee_or_a_manager_moves_the_dossier_on(scene):
    from tests.factories import make_user

    other = make_user(scene.agency, "specialist")
    d = receive(scene)
    services.forward(d.pk, actor=scene.desk, to_user=scene.specialist, at=vn("2026-02-10 10:00"))
    with pytest.raises(Forbidden, match="đang được giao"):
        services.forward(d.pk, actor=other, at=vn("2026-02-10 11:00"))
    services.forward(d.pk, actor=scene.head, at=vn("2026-02-10 11:00"))


def test_send_back_needs_a_reason_and_returns_to_the_previous_step(scene):
    d = receive(scene)
    services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn("2026-02-10 10:00"))
    services.forward(d.pk, actor=scene.desk, to_user=scene.specialist, at=vn("2026-02-10 11:00"))
    with pytest.raises(Exception, match="lý do"):
        services.send_back(d.pk, actor=scene.specialist, reason=" ", at=vn("2026-02-10 13:00"))
    d = services.send_back(d.pk, actor=scene.head, reason="Thiếu chữ ký", at=vn("2026-02-10 13:00"))
    assert d.step_index == 0 and d.events.last().note == "Thiếu chữ ký"


def test_withdraw_and_stop_end_processing(scene):
    d = receive(scene)
    d = services.withdraw(
        d.pk, actor=scene.desk, reason="Người nộp có đơn xin rút", at=vn("2026-02-11 09:00")
    )
    assert d.state == State.WITHDRAWN and d.timeliness == Timeliness.EARLY
    d2 = receive(scene)
    services.assign(d2.pk, actor=scene.head, assignee=scene.desk, at=vn("2026-02-11 09:00"))
    d2 = services.stop(
        d2.pk, actor=scene.leader, reason="Hồ sơ thuộc diện tranh chấp", at=vn("2026-02-12 09:00")
    )
    assert d2.state == State.STOPPED


def test_refusal_after_appraisal_keeps_reasons(scene):
    d = receive(scene)
    services.forward(d.pk, actor=scene.desk, to_user=scene.specialist, at=vn("2026-02-11 09:00"))
    d = services.refuse(
        d.pk, actor=scene.head, reasons=["Không đủ điều kiện kết hôn"], at=vn("2026-02-12 09:00")
    )
    assert d.state == State.REFUSED and d.events.last().data["reasons"] == ["Không đủ điều kiện kết hôn"]
