"""Same working day: before the cut-off → closing time today, else the next working day."""

from datetime import datetime, time

import pytest

from motcua.calendar.core import VN_TZ, LimitUnit, WorkCalendar

SAME = LimitUnit.SAME_DAY


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (datetime(2026, 3, 3, 14, 59), at(2026, 3, 3, 17, 0)),
        (datetime(2026, 3, 3, 15, 0), at(2026, 3, 4, 17, 0)),
        (datetime(2026, 3, 3, 15, 1), at(2026, 3, 4, 17, 0)),
        # Friday after the cut-off → Monday
        (datetime(2026, 3, 6, 15, 30), at(2026, 3, 9, 17, 0)),
        # Friday before Tết 2026 after the cut-off → Monday 23/2
        (datetime(2026, 2, 13, 15, 30), at(2026, 2, 23, 17, 0)),
        # Wed 29/4/2026 after the cut-off: 30/4 and 1/5 off → Mon 4/5
        (datetime(2026, 4, 29, 16, 0), at(2026, 5, 4, 17, 0)),
        # on Saturday: moved to Monday 07:30, before the cut-off
        (datetime(2026, 3, 7, 10, 0), at(2026, 3, 9, 17, 0)),
        # after closing: moved to next morning
        (datetime(2026, 3, 3, 17, 30), at(2026, 3, 4, 17, 0)),
        # during lunch: moved to 13:00
        (datetime(2026, 3, 3, 12, 0), at(2026, 3, 3, 17, 0)),
    ],
)
def test_cut_off(cal, received, expected):
    assert cal.due(received, 0, SAME) == expected


def test_limit_is_ignored(cal):
    received = datetime(2026, 3, 3, 9, 0)
    assert cal.due(received, 0, SAME) == cal.due(received, 1, SAME) == at(2026, 3, 3, 17, 0)


def test_cut_off_is_configurable():
    calendar = WorkCalendar(cutoff=time(16, 0))
    assert calendar.due(datetime(2026, 3, 3, 15, 30), 0, SAME) == at(2026, 3, 3, 17, 0)


def test_a_procedure_may_set_its_own_cutoff():
    from datetime import time

    from motcua.calendar.core import WorkCalendar

    cal = WorkCalendar()
    # Tue 10/3/2026 at 14:30: before the default 15:00, after a 14:00 cut-off.
    start = datetime(2026, 3, 10, 14, 30)
    assert cal.due(start, 0, "same_day").strftime("%d/%m %H:%M") == "10/03 17:00"
    assert cal.due(start, 0, "same_day", cutoff=time(14, 0)).strftime("%d/%m %H:%M") == "11/03 17:00"
