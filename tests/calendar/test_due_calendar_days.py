"""N calendar days (Civil Code 2015 Art. 147–148)."""

from datetime import datetime

import pytest

from motcua.calendar.core import VN_TZ, LimitUnit

CD = LimitUnit.CALENDAR_DAYS


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (datetime(2026, 3, 3, 10, 0), 10, at(2026, 3, 13, 10, 0)),
        # lands on Saturday 7/3 → closing time of Monday 9/3
        (datetime(2026, 3, 2, 10, 0), 5, at(2026, 3, 9, 17, 0)),
        # lands on Tết (Tue 17/2/2026) → closing time of Monday 23/2
        (datetime(2026, 2, 10, 10, 0), 7, at(2026, 2, 23, 17, 0)),
        # lands on the worked Saturday 22/8/2026 → kept
        (datetime(2026, 8, 14, 10, 0), 8, at(2026, 8, 22, 10, 0)),
        # lands on the swapped Monday 31/8/2026 → Thursday 3/9
        (datetime(2026, 8, 24, 10, 0), 7, at(2026, 9, 3, 17, 0)),
        # received after hours: counted from the next opening
        (datetime(2026, 3, 3, 18, 0), 1, at(2026, 3, 5, 7, 30)),
        # zero days: the reception moment
        (datetime(2026, 3, 3, 10, 0), 0, at(2026, 3, 3, 10, 0)),
    ],
)
def test_calendar_days(cal, start, days, expected):
    assert cal.due(start, days, CD) == expected


def test_weekend_landing_and_monday_landing_share_the_day_not_the_time(cal):
    # The rule as specified (domain §6): only a non-working final day moves to a closing time.
    start = datetime(2026, 3, 2, 10, 0)
    assert cal.due(start, 5, CD) == at(2026, 3, 9, 17, 0)  # Saturday → Monday closing
    assert cal.due(start, 7, CD) == at(2026, 3, 9, 10, 0)  # Monday itself keeps 10:00
