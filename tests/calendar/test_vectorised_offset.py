"""add_working_days_array: vectorised, and equal to numpy.busday_offset where that can apply."""

from datetime import date, timedelta

import numpy as np

from motcua.calendar.core import WorkCalendar


def _weekday_holidays(calendar: WorkCalendar, first: date, last: date) -> list[date]:
    days = (first + timedelta(n) for n in range((last - first).days + 1))
    return [d for d in days if d.weekday() < 5 and not calendar.is_working_day(d)]


def test_equals_busday_offset_on_years_without_worked_saturdays(cal):
    # The library lists no swapped Saturday for 2027–2031; busday_offset cannot express one.
    rng = np.random.default_rng(20260210)
    first = np.datetime64("2027-01-01")
    days = first + rng.integers(0, 4 * 365, 20_000)
    n = rng.integers(0, 120, 20_000)
    holidays = _weekday_holidays(cal, date(2027, 1, 1), date(2031, 12, 31))
    expected = np.busday_offset(days, n, roll="forward", weekmask="1111100", holidays=holidays)
    assert np.array_equal(cal.add_working_days_array(days, n), expected)


def test_equals_the_scalar_version_across_worked_saturdays(cal):
    days = np.arange("2025-04-20", "2025-05-06", dtype="datetime64[D]")
    result = cal.add_working_days_array(days, 3)
    expected = [cal.add_working_days(d.astype(date), 3) for d in days]
    assert result.astype(date).tolist() == expected


def test_broadcasts_and_keeps_the_shape(cal):
    days = np.array([["2026-02-10", "2026-02-14"]], dtype="datetime64[D]")
    result = cal.add_working_days_array(days, np.array([15, 0]))
    assert result.shape == (1, 2)
    assert result.tolist() == [[date(2026, 3, 10), date(2026, 2, 23)]]


def test_negative_offsets_go_back_like_busday_offset(cal):
    result = cal.add_working_days_array(np.array(["2026-02-23"], dtype="datetime64[D]"), -1)
    assert result[0] == np.datetime64("2026-02-13")


def test_empty_input(cal):
    result = cal.add_working_days_array(np.array([], dtype="datetime64[D]"), 1)
    assert result.size == 0


def test_offsets_beyond_the_loaded_decade_extend_the_table():
    calendar = WorkCalendar()
    result = calendar.add_working_days_array(np.array(["2026-01-05"], dtype="datetime64[D]"), 5000)
    assert result[0] == np.datetime64(calendar.add_working_days(date(2026, 1, 5), 5000))
    assert result[0] > np.datetime64("2045-01-01")
