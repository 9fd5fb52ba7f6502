"""Properties that must hold for any moment and limit (hypothesis)."""

from datetime import date, datetime, time, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.calendar.core import LimitUnit, OfficeHours, WorkCalendar

CALENDAR = WorkCalendar()
moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2028, 12, 31, 23, 59))
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))
hour_limits = st.integers(min_value=0, max_value=300)
day_limits = st.integers(min_value=0, max_value=80)
units = st.sampled_from(list(LimitUnit))
PROFILE = settings(max_examples=200, deadline=None)


@st.composite
def office_hours(draw) -> OfficeHours:
    """Any agency's hours: up to three periods a day on quarter hours, at least one period."""
    periods = {}
    for weekday in range(7):
        count = draw(st.integers(0, 3))
        quarters = sorted(draw(st.sets(st.integers(1, 95), min_size=2 * count, max_size=2 * count)))
        periods[weekday] = tuple(
            (time(a // 4, a % 4 * 15), time(b // 4, b % 4 * 15))
            for a, b in zip(quarters[::2], quarters[1::2], strict=True)
        )
    if not any(periods.values()):
        periods[draw(st.integers(0, 6))] = ((time(8), time(9)),)
    return OfficeHours(periods)


def _working_days_after(first: date, last: date) -> int:
    """Working days in (first, last], counted one by one on purpose."""
    return sum(CALENDAR.is_working_day(first + timedelta(n)) for n in range(1, (last - first).days + 1))


@PROFILE
@given(moments, hour_limits)
def test_working_hours_are_exactly_n_hours_of_office_time(t, n):
    due = CALENDAR.due(t, n, LimitUnit.WORKING_HOURS)
    assert CALENDAR.working_time_between(CALENDAR.next_opening(t), due) == timedelta(hours=n)


@PROFILE
@given(moments, day_limits)
def test_working_days_land_n_working_days_later_at_the_same_time(t, n):
    opened = CALENDAR.next_opening(t)
    due = CALENDAR.due(t, n, LimitUnit.WORKING_DAYS)
    assert CALENDAR.is_working_day(due.date())
    assert _working_days_after(opened.date(), due.date()) == n
    assert due.time() == opened.time()  # default hours are the same every working day


@PROFILE
@given(moments, units, st.integers(0, 60), st.integers(0, 60))
def test_due_is_monotonic_in_the_limit(t, unit, a, b):
    low, high = sorted((a, b))
    earlier, later = CALENDAR.due(t, low, unit), CALENDAR.due(t, high, unit)
    if unit is LimitUnit.CALENDAR_DAYS:
        # Only the day is monotonic: landing on a weekend gives Monday's closing time, while
        # two days more gives Monday at the reception time (see test_due_calendar_days).
        assert earlier.date() <= later.date()
    else:
        assert earlier <= later


@PROFILE
@given(moments, units, st.integers(0, 40), moments, st.integers(0, 20 * 24 * 60))
def test_pauses_never_make_the_due_earlier(t, unit, n, pause_start, pause_minutes):
    pause = (pause_start, pause_start + timedelta(minutes=pause_minutes))
    assert CALENDAR.due(t, n, unit, [pause]) >= CALENDAR.due(t, n, unit)


@PROFILE
@given(moments)
def test_next_opening_is_a_fixed_point_not_before_t(t):
    opened = CALENDAR.next_opening(t)
    assert opened >= CALENDAR.next_opening(opened) >= opened
    assert opened.replace(tzinfo=None) >= t


@PROFILE
@given(moments, st.integers(1, 100 * 60))
def test_added_time_is_the_earliest_moment_with_that_much_office_time(t, minutes):
    delta = timedelta(minutes=minutes)
    result = CALENDAR.add_working_time(t, delta)
    assert CALENDAR.working_time_between(t, result) == delta
    assert CALENDAR.working_time_between(t, result - timedelta(seconds=1)) < delta


@PROFILE
@given(st.lists(st.tuples(days, st.integers(0, 300)), min_size=1, max_size=50))
def test_array_offset_equals_the_scalar_version(pairs):
    starts = np.array([d for d, _ in pairs], dtype="datetime64[D]")
    offsets = np.array([n for _, n in pairs])
    result = CALENDAR.add_working_days_array(starts, offsets)
    assert result.astype(date).tolist() == [CALENDAR.add_working_days(d, n) for d, n in pairs]


@PROFILE
@given(office_hours(), moments, units, st.integers(0, 100), moments, st.integers(0, 5000))
def test_any_agency_hours(hours, t, unit, n, pause_start, pause_minutes):
    calendar = WorkCalendar(hours)
    due = calendar.due(t, n, unit)
    assert any(a <= due <= b for a, b in calendar.periods_on(due.date()))
    if unit is LimitUnit.WORKING_HOURS:
        opened = calendar.next_opening(t)
        assert calendar.working_time_between(opened, due) == timedelta(hours=n)
    pause = (pause_start, pause_start + timedelta(minutes=pause_minutes))
    pushed = calendar.due(t, n, unit, [pause])
    assert calendar.working_time_between(due, pushed) == calendar.working_time_between(*pause)
