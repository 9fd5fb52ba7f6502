"""Supplements pause the clock; more than one request makes a dossier late; one apology at most."""

from datetime import timedelta

import pytest

from motcua.dossiers import services
from motcua.dossiers.errors import InvalidInput, NotAllowed
from motcua.dossiers.states import State, Timeliness
from tests.dossiers.conftest import receive, vn
from tests.dossiers.test_lifecycle import walk_to_result


def test_supplement_pause_moves_the_due_time_by_the_paused_working_time(scene):
    # Received in June 2025: Decree 61/2018 rules (the pause model). Decree 118 dossiers restart
    # instead: tests/dossiers/test_supplement_restart.py.
    d = receive(scene, "2025-06-02 09:00")  # Monday; 15 working days → Mon 23/6 09:00
    assert d.due_at == vn("2025-06-23 09:00")
    services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn("2025-06-03 09:00"))
    d = services.request_supplement(
        d.pk, actor=scene.specialist, items=["Bổ sung bản sao giấy khai sinh"], at=vn("2025-06-04 09:00")
    )
    assert d.state == State.AWAITING_SUPPLEMENT and d.supplement_count == 1
    # Paused from Wed 09:00 to the next Mon 09:00: three working days (Wed, Thu, Fri), not the weekend.
    d = services.complete_supplement(d.pk, actor=scene.desk, at=vn("2025-06-09 09:00"))
    assert d.state == State.PROCESSING
    assert d.due_at == vn("2025-06-26 09:00")


def test_second_request_by_the_same_agency_is_refused_by_default(scene):
    d = receive(scene)
    services.request_supplement(d.pk, actor=scene.desk, items=["Thiếu tờ khai"], at=vn("2026-02-10 10:00"))
    services.complete_supplement(d.pk, actor=scene.desk, at=vn("2026-02-11 10:00"))
    with pytest.raises(NotAllowed, match="chỉ cho phép 1 lần"):
        services.request_supplement(d.pk, actor=scene.desk, items=["Thiếu ảnh"], at=vn("2026-02-12 10:00"))


def test_more_than_one_request_counts_late_even_when_early(scene):
    scene.version.max_supplements = 2
    scene.version.save()
    d = receive(scene)
    for day in ("2026-02-10", "2026-02-11"):
        services.request_supplement(d.pk, actor=scene.desk, items=["Bổ sung"], at=vn(f"{day} 10:00"))
        services.complete_supplement(d.pk, actor=scene.desk, at=vn(f"{day} 14:00"))
    d = walk_to_result(scene, d, day="2026-02-12")
    assert d.supplement_count == 2 and d.timeliness == Timeliness.LATE


def test_supplement_request_must_list_items(scene):
    d = receive(scene)
    with pytest.raises(InvalidInput, match="ít nhất một nội dung"):
        services.request_supplement(d.pk, actor=scene.desk, items=[], at=vn("2026-02-10 10:00"))


def test_apology_letter_is_issued_once_and_the_dossier_stays_late(scene):
    # The 2018 apology letter is for dossiers received before 1/7/2025 (Decree 61/2018 Art. 20).
    # Tue 10/6/2025 09:00 + 15 working days (11–13/6, 16–20/6, 23–27/6, Mon 30/6, Tue 1/7).
    d = receive(scene, "2025-06-10 09:00")
    services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn("2025-06-10 10:00"))
    d = services.issue_apology(
        d.pk,
        actor=scene.head,
        reason="Chờ xác minh của cơ quan công an",
        new_due_at=vn("2025-07-08 09:00"),
        at=vn("2025-06-30 09:00"),
    )
    assert d.apology_due_at == vn("2025-07-08 09:00") and d.due_at == vn("2025-07-01 09:00")
    with pytest.raises(NotAllowed, match="một lần"):
        services.issue_apology(d.pk, actor=scene.head, reason="Lần nữa", new_due_at=vn("2025-07-10 09:00"))
    services.forward(d.pk, actor=scene.desk, to_user=scene.specialist, at=vn("2025-07-07 08:00"))
    services.forward(d.pk, actor=scene.specialist, at=vn("2025-07-07 09:00"))
    services.approve(d.pk, actor=scene.leader, at=vn("2025-07-07 10:00"))
    services.forward(d.pk, actor=scene.leader, at=vn("2025-07-07 10:05"))
    d = services.issue_result(d.pk, actor=scene.clerk, at=vn("2025-07-07 11:00"))
    assert d.timeliness == Timeliness.LATE  # before the new appointment, after the original


def test_apology_needs_a_later_appointment(scene):
    d = receive(scene, "2025-06-10 09:00")
    with pytest.raises(InvalidInput, match="phải sau ngày hẹn"):
        services.issue_apology(d.pk, actor=scene.desk, reason="Chậm", new_due_at=d.due_at - timedelta(days=1))


def test_financial_obligation_pauses_only_where_the_procedure_says_so(scene):
    d = receive(scene, "2026-03-02 09:00")
    services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn("2026-03-02 10:00"))
    services.request_obligation(d.pk, actor=scene.specialist, note="Nộp lệ phí", at=vn("2026-03-03 09:00"))
    d = services.fulfil_obligation(d.pk, actor=scene.desk, at=vn("2026-03-04 09:00"))
    assert d.due_at == vn("2026-03-23 09:00")  # no pause for this procedure
    scene.version.pause_on_financial_obligation = True
    scene.version.save()
    d2 = receive(scene, "2026-03-02 09:00")
    services.assign(d2.pk, actor=scene.head, assignee=scene.desk, at=vn("2026-03-02 10:00"))
    services.request_obligation(d2.pk, actor=scene.specialist, note="Nộp thuế", at=vn("2026-03-03 09:00"))
    d2 = services.fulfil_obligation(d2.pk, actor=scene.desk, at=vn("2026-03-04 09:00"))
    assert d2.due_at == vn("2026-03-24 09:00")
