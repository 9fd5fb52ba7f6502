"""Transfer deadline of a dossier received at the desk (Decree 118/2025 Art. 18.1): the same working
day when received by 15:00, otherwise the opening of the next working day; met by the first
hand-off to processing. Office hours 07:30–11:30, 13:00–17:00, Monday to Friday."""

from datetime import time

import pytest

from motcua.calendar.core import OfficeHours, WorkCalendar
from motcua.calendar.transfer import transfer_deadline
from motcua.dossiers import services
from motcua.dossiers.transfer import late_transfers

from .conftest import receive, vn


@pytest.mark.parametrize(
    ("received", "deadline"),
    [
        ("2026-03-10 14:59", "2026-03-10 17:00"),  # Tuesday, by 15:00: Tuesday's closing
        ("2026-03-10 15:00", "2026-03-10 17:00"),  # 15:00 itself is "by 15:00"
        ("2026-03-10 15:01", "2026-03-11 07:30"),  # after 15:00: Wednesday's opening
        ("2026-03-13 15:01", "2026-03-16 07:30"),  # Friday after 15:00: Monday's opening
        ("2026-03-14 09:00", "2026-03-16 07:30"),  # Saturday: Monday's opening
    ],
)
def test_transfer_deadline_arithmetic(received, deadline):
    cal = WorkCalendar(OfficeHours.default())
    assert transfer_deadline(cal, vn(received), time(15, 0)) == vn(deadline)


def test_cutoff_is_its_own_setting_not_the_same_day_limit(settings):
    cal = WorkCalendar(OfficeHours.default())
    settings.MOTCUA_TRANSFER_CUTOFF = "14:00"
    from motcua.dossiers.transfer import cutoff

    assert cutoff() == time(14, 0)
    assert transfer_deadline(cal, vn("2026-03-10 14:30"), cutoff()) == vn("2026-03-11 07:30")


def test_received_dossier_gets_its_deadline_and_the_first_forward_meets_it(scene):
    d = receive(scene, at="2026-03-10 14:59")
    assert d.transfer_due_at == vn("2026-03-10 17:00")
    assert d.transferred_at is None
    d = services.forward(d.pk, actor=scene.desk, to_user=scene.specialist, at=vn("2026-03-10 16:00"))
    assert d.transferred_at == vn("2026-03-10 16:00")
    # A later forward does not move the first hand-off.
    d = services.forward(d.pk, actor=scene.specialist, to_user=scene.leader, at=vn("2026-03-12 09:00"))
    assert d.transferred_at == vn("2026-03-10 16:00")
    assert late_transfers(scene.agency) == {"paper_late": 0, "transfer_late": 0}


def test_friday_after_three_forwarded_monday_afternoon_is_late(scene):
    d = receive(scene, at="2026-03-13 15:01")
    assert d.transfer_due_at == vn("2026-03-16 07:30")
    services.forward(d.pk, actor=scene.desk, to_user=scene.specialist, at=vn("2026-03-16 13:00"))
    assert late_transfers(scene.agency) == {"paper_late": 0, "transfer_late": 1}


def test_a_dossier_not_yet_forwarded_past_its_deadline_counts_as_late(scene):
    receive(scene, at="2026-03-10 09:00")
    assert late_transfers(scene.agency, now=vn("2026-03-10 16:59")) == {"paper_late": 0, "transfer_late": 0}
    assert late_transfers(scene.agency, now=vn("2026-03-10 17:01")) == {"paper_late": 0, "transfer_late": 1}
