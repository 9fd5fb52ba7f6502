"""Yearly swaps for civil servants: a weekday off, a Saturday worked in exchange."""

from datetime import date, datetime, time

import pytest

from motcua.calendar.core import VN_TZ, LimitUnit

WD = LimitUnit.WORKING_DAYS


def test_swap_2025_friday_off_saturday_worked(cal):
    assert not cal.is_working_day(date(2025, 5, 2))
    assert cal.is_working_day(date(2025, 4, 26))
    assert not cal.is_working_day(date(2025, 4, 19))  # an ordinary Saturday


def test_swap_2026_monday_off_saturday_worked(cal):
    assert not cal.is_working_day(date(2026, 8, 31))
    assert cal.is_working_day(date(2026, 8, 22))
    assert not cal.is_working_day(date(2026, 8, 29))


def test_worked_saturday_has_monday_hours(cal):
    periods = [(a.time(), b.time()) for a, b in cal.periods_on(date(2025, 4, 26))]
    assert periods == [(time(7, 30), time(11, 30)), (time(13, 0), time(17, 0))]


@pytest.mark.parametrize(
    ("start", "limit", "expected"),
    [
        # Thu 24/4/2025: Fri 25 (1), Sat 26 worked (2), Mon 28 (3)
        (datetime(2025, 4, 24, 9, 0), 3, datetime(2025, 4, 28, 9, 0)),
        # Tue 29/4/2025: 30/4, 1/5, swapped 2/5 off, weekend → Mon 5/5
        (datetime(2025, 4, 29, 9, 0), 1, datetime(2025, 5, 5, 9, 0)),
        # Fri 25/4/2025 + 1 is the worked Saturday itself
        (datetime(2025, 4, 25, 14, 0), 1, datetime(2025, 4, 26, 14, 0)),
        # Mon 17/8/2026: 18..21 (4), Sat 22 (5), 24..28 (10)
        (datetime(2026, 8, 17, 9, 0), 10, datetime(2026, 8, 28, 9, 0)),
        # ... one more: weekend, swapped 31/8, National Day 1–2/9 → Thu 3/9
        (datetime(2026, 8, 17, 9, 0), 11, datetime(2026, 9, 3, 9, 0)),
        (datetime(2026, 8, 28, 10, 0), 1, datetime(2026, 9, 3, 10, 0)),
    ],
)
def test_deadline_counted_across_swaps(cal, start, limit, expected):
    assert cal.due(start, limit, WD) == expected.replace(tzinfo=VN_TZ)


def test_reception_on_worked_saturday_is_inside_hours(cal):
    moment = datetime(2026, 8, 22, 9, 15, tzinfo=VN_TZ)
    assert cal.next_opening(moment) == moment
