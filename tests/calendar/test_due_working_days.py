"""N working days: the same time of day on the N-th following working day."""

from datetime import datetime

import pytest

from motcua.calendar.core import VN_TZ, LimitUnit

WD = LimitUnit.WORKING_DAYS


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


def test_public_example_skips_tet_2026_and_weekends(cal):
    # Received Tue 10/2/2026; Tết 16–20/2: 11,12,13 | 23–27 | 2–6/3 | 9, 10/3 = 15 days
    assert cal.due(datetime(2026, 2, 10, 9, 0), 15, WD) == at(2026, 3, 10, 9, 0)


def test_unit_may_be_given_as_text(cal):
    assert cal.due(datetime(2026, 2, 10, 9, 0), 15, "working_days") == at(2026, 3, 10, 9, 0)


@pytest.mark.parametrize(
    ("start", "limit", "expected"),
    [
        # Tết 2025 (27/1–1/2): Thu 23/1 → Fri 24/1 (1), Mon 3/2 (2)
        (datetime(2025, 1, 23, 10, 0), 2, at(2025, 2, 3, 10, 0)),
        # Tết 2026: Fri 13/2 → Mon 23/2
        (datetime(2026, 2, 13, 14, 0), 1, at(2026, 2, 23, 14, 0)),
        # Tết 2027 (Thu 4/2–Wed 10/2): Mon 1/2 → 2, 3, 11, 12, Mon 15/2
        (datetime(2027, 2, 1, 8, 0), 5, at(2027, 2, 15, 8, 0)),
        (datetime(2027, 2, 3, 9, 30), 1, at(2027, 2, 11, 9, 30)),
    ],
)
def test_crossing_tet(cal, start, limit, expected):
    assert cal.due(start, limit, WD) == expected


def test_friday_plus_one_is_monday(cal):
    assert cal.due(datetime(2026, 3, 6, 10, 0), 1, WD) == at(2026, 3, 9, 10, 0)


def test_zero_days_is_the_reception_moment(cal):
    assert cal.due(datetime(2026, 3, 3, 10, 0), 0, WD) == at(2026, 3, 3, 10, 0)


def test_reception_on_saturday_counts_from_monday_opening(cal):
    assert cal.due(datetime(2026, 3, 14, 10, 0), 1, WD) == at(2026, 3, 17, 7, 30)


def test_reception_during_lunch_counts_from_afternoon_opening(cal):
    assert cal.due(datetime(2026, 3, 3, 12, 0), 1, WD) == at(2026, 3, 4, 13, 0)


def test_reception_after_hours_counts_from_next_morning(cal):
    assert cal.due(datetime(2026, 3, 3, 18, 0), 1, WD) == at(2026, 3, 5, 7, 30)


def test_reception_on_a_holiday_counts_from_the_next_working_day(cal):
    assert cal.due(datetime(2026, 2, 17, 9, 0), 2, WD) == at(2026, 2, 25, 7, 30)
