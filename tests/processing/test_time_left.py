"""Time left on a dossier, as the worklist colours it and the warning list collects it."""

from datetime import timedelta

import pytest

from motcua.dossiers import services
from motcua.processing.selectors import urgency, warnings
from tests.dossiers.conftest import receive, vn
from tests.factories import Desk


@pytest.fixture
def scene(db) -> Desk:
    return Desk()


def test_colours_follow_the_appointment(scene):
    d = receive(scene, "2026-02-10 09:00")  # 15 working days (Tết 2026 falls in between)
    assert urgency(d, d.received_at + timedelta(hours=1)).level == "ok"
    assert urgency(d, d.due_at - timedelta(hours=2)).level == "soon"
    late = urgency(d, d.due_at + timedelta(days=1))
    assert late.level == "late" and late.text.startswith("Quá hạn")


def test_due_soon_means_within_one_working_day_not_24_hours(scene):
    # Due on a Monday morning: on the Friday afternoon before, it is within one working day.
    d = receive(scene, "2026-03-02 09:00")
    due = d.due_at
    assert due.weekday() == 0, due
    friday_afternoon = (due - timedelta(days=3)).replace(hour=15)
    assert urgency(d, friday_afternoon).level == "soon"
    assert urgency(d, friday_afternoon - timedelta(days=2)).level == "ok"


def test_apology_appointment_replaces_the_original(scene):
    d = receive(scene, "2025-06-10 09:00")  # the 2018 apology letter: received before 1/7/2025
    services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn("2025-06-10 10:00"))
    new_due = d.due_at + timedelta(days=7)
    d = services.issue_apology(
        d.pk,
        actor=scene.head,
        reason="Cần xác minh thêm",
        new_due_at=new_due,
        at=d.due_at - timedelta(hours=3),
    )
    assert urgency(d, d.due_at + timedelta(hours=1)).level == "ok"


def test_paused_dossier_shows_waiting_for_the_applicant(scene):
    d = receive(scene, "2026-02-10 09:00")
    d = services.request_supplement(
        d.pk, actor=scene.desk, items=["Bản sao giấy khai sinh"], at=vn("2026-02-11 09:00")
    )
    assert urgency(d, vn("2026-02-12 09:00")).level == "paused"


def test_warning_list_holds_late_and_due_soon_dossiers_of_my_agency_only(scene):
    late = receive(scene, "2026-02-10 09:00")
    fresh = receive(scene, "2026-03-20 09:00")
    other = Desk("000.00.07.H56", "Ủy ban nhân dân phường Hoàn Kiếm", version=scene.version)
    receive(other, "2026-02-10 09:00")
    now = late.due_at + timedelta(hours=3)
    found = {d.pk: u.level for d, u in warnings(scene.head, now)}
    assert found == {late.pk: "late"}
    assert fresh.pk not in found
