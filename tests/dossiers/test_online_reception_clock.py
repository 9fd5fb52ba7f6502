"""Online dossiers: the desk answers within 8 working hours of arrival (Decree 118/2025 Art. 17.2.c).

Office hours of the test agency (the default): 07:30–11:30 and 13:00–17:00, Monday to Friday.
"""

import pytest

from motcua.calendar.models import CalendarOverride
from motcua.dossiers import deadlines, online, services
from motcua.dossiers.states import Channel, State
from tests.dossiers.conftest import receive, vn


def arrive(scene, at: str):
    return services.receive(
        actor=None,
        version=scene.version,
        agency=scene.agency,
        applicant={"kind": 1, "identifier": "001090012345", "name": "Nguyễn Văn An"},
        channel=Channel.ONLINE,
        components=[{"component_id": c.pk} for c in scene.version.components.filter(condition="")],
        at=vn(at),
    ).dossier


@pytest.fixture(autouse=True)
def _fresh_calendars():
    deadlines.forget_calendars()
    yield
    deadlines.forget_calendars()


def test_eight_working_hours_across_a_weekend(scene):
    # Friday 13/3/2026 15:00: 2 h left that day (15:00–17:00), then Monday 16/3 07:30–11:30 = 4 h
    # (6 h so far), then 13:00–15:00 = 2 h → Monday 16/3/2026 15:00.
    d = arrive(scene, "2026-03-13 15:00")
    assert d.state == State.AWAITING_RECEPTION
    assert d.reception_due_at == vn("2026-03-16 15:00")


def test_a_holiday_monday_moves_the_deadline_to_tuesday(scene):
    CalendarOverride.objects.create(date=vn("2026-03-16 00:00").date(), kind="day_off", reason="Nghỉ bù")
    deadlines.forget_calendars()
    # Friday 2 h + (Monday off) + Tuesday 17/3 07:30–11:30 4 h + 13:00–15:00 2 h → Tuesday 15:00.
    d = arrive(scene, "2026-03-13 15:00")
    assert d.reception_due_at == vn("2026-03-17 15:00")


def test_arrival_at_night_starts_at_the_next_opening(scene):
    # Saturday 21:00 → Monday 16/3 07:30 + 4 h (→ 11:30) + 4 h (13:00 → 17:00) = Monday 17:00.
    d = arrive(scene, "2026-03-14 21:00")
    assert d.reception_due_at == vn("2026-03-16 17:00")


def test_sector_law_overrides_the_hours_per_procedure(scene):
    scene.version.online_check_hours = 4
    scene.version.save(update_fields=["online_check_hours"])
    # Friday 15:00 + 2 h (→ 17:00) + Monday 07:30 + 2 h → Monday 16/3 09:30.
    d = arrive(scene, "2026-03-13 15:00")
    assert d.reception_due_at == vn("2026-03-16 09:30")


def test_setting_gives_the_default(scene, settings):
    settings.MOTCUA_ONLINE_CHECK_HOURS = 16
    # Friday 2 h + Monday 8 h + Tuesday 07:30–11:30 4 h + 13:00–15:00 2 h = 16 h → Tuesday 15:00.
    d = arrive(scene, "2026-03-13 15:00")
    assert d.reception_due_at == vn("2026-03-17 15:00")


def test_a_dossier_received_at_the_desk_has_no_reception_clock(scene):
    d = receive(scene, at="2026-03-13 15:00")
    assert d.reception_due_at is None and d.desk_alerted_at is None


def test_answers_in_time_and_late_are_told_apart(scene):
    on_time = arrive(scene, "2026-03-13 15:00")  # due Monday 15:00
    late = arrive(scene, "2026-03-13 15:05")  # due Monday 15:05
    waiting = arrive(scene, "2026-03-13 15:10")  # due Monday 15:10, never answered
    supplement = arrive(scene, "2026-03-13 15:20")  # due Monday 15:20
    services.accept(on_time.pk, actor=scene.desk, at=vn("2026-03-16 14:59"))
    services.accept(late.pk, actor=scene.desk, at=vn("2026-03-16 15:06"))
    services.request_supplement(
        supplement.pk, actor=scene.desk, items=["Thiếu bản sao giấy khai sinh"], at=vn("2026-03-16 16:00")
    )
    from motcua.dossiers.models import Dossier

    before = set(Dossier.objects.filter(online.breach_q(vn("2026-03-16 15:00"))).values_list("pk", flat=True))
    after = set(Dossier.objects.filter(online.breach_q(vn("2026-03-16 17:00"))).values_list("pk", flat=True))
    # At 15:00 Monday nothing waiting is overdue yet, but the two late answers are recorded as such.
    assert before == {late.pk, supplement.pk}
    assert after == {late.pk, supplement.pk, waiting.pk}
    assert Dossier.objects.get(pk=late.pk).reception_decided_at == vn("2026-03-16 15:06")
