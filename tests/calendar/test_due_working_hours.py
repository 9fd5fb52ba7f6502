"""N working hours: counted only inside office hours."""

from datetime import datetime

import pytest

from motcua.calendar.core import VN_TZ, LimitUnit

WH = LimitUnit.WORKING_HOURS


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        # 1 h on Tue, 4 h Wed morning, 3 h Wed afternoon
        (datetime(2026, 2, 10, 16, 0), 8, at(2026, 2, 11, 16, 0)),
        # ending exactly at the end of the morning stays at 11:30, not 13:00
        (datetime(2026, 2, 10, 7, 30), 4, at(2026, 2, 10, 11, 30)),
        # 1.5 h before lunch, 1.5 h after
        (datetime(2026, 3, 3, 10, 0), 3, at(2026, 3, 3, 14, 30)),
        # received during lunch: counted from 13:00
        (datetime(2026, 3, 3, 12, 15), 2, at(2026, 3, 3, 15, 0)),
        # received at closing time: next morning
        (datetime(2026, 3, 6, 17, 0), 1, at(2026, 3, 9, 8, 30)),
        # received before opening
        (datetime(2026, 3, 3, 6, 0), 1, at(2026, 3, 3, 8, 30)),
        # 1 h on Friday 13/2/2026, then Tết and the weekends
        (datetime(2026, 2, 13, 16, 0), 2, at(2026, 2, 23, 8, 30)),
        # 40 h = one full working week
        (datetime(2026, 3, 2, 7, 30), 40, at(2026, 3, 6, 17, 0)),
    ],
)
def test_working_hours(cal, start, hours, expected):
    assert cal.due(start, hours, WH) == expected


def test_zero_hours_is_the_next_opening(cal):
    assert cal.due(datetime(2026, 3, 7, 9, 0), 0, WH) == at(2026, 3, 9, 7, 30)
