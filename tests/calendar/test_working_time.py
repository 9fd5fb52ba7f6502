"""The primitives behind working hours and pauses."""

from datetime import datetime, timedelta

from motcua.calendar.core import VN_TZ


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


def test_time_between_skips_lunch(cal):
    span = cal.working_time_between(datetime(2026, 3, 3, 10, 0), datetime(2026, 3, 3, 14, 0))
    assert span == timedelta(hours=2, minutes=30)


def test_time_between_skips_nights_weekends_and_tet(cal):
    span = cal.working_time_between(datetime(2026, 2, 10, 9, 0), datetime(2026, 3, 10, 9, 0))
    assert span == timedelta(hours=15 * 8)


def test_time_between_is_zero_when_reversed(cal):
    assert cal.working_time_between(at(2026, 3, 4), at(2026, 3, 3)) == timedelta(0)


def test_adding_time_lands_on_a_period_end_when_exact(cal):
    result = cal.add_working_time(datetime(2026, 3, 3, 11, 0), timedelta(minutes=30))
    assert result == at(2026, 3, 3, 11, 30)


def test_adding_time_from_outside_hours_starts_at_opening(cal):
    result = cal.add_working_time(datetime(2026, 3, 7, 23, 0), timedelta(minutes=30))
    assert result == at(2026, 3, 9, 8, 0)


def test_adding_zero_time_keeps_the_moment(cal):
    assert cal.add_working_time(datetime(2026, 3, 7, 23, 0), timedelta(0)) == at(2026, 3, 7, 23, 0)


def test_seconds_are_kept(cal):
    result = cal.add_working_time(datetime(2026, 3, 3, 9, 0, 15), timedelta(seconds=30))
    assert result == datetime(2026, 3, 3, 9, 0, 45, tzinfo=VN_TZ)


def test_next_opening(cal):
    assert cal.next_opening(datetime(2026, 3, 3, 9, 0)) == at(2026, 3, 3, 9, 0)
    assert cal.next_opening(datetime(2026, 3, 3, 6, 0)) == at(2026, 3, 3, 7, 30)
    assert cal.next_opening(datetime(2026, 3, 3, 11, 30)) == at(2026, 3, 3, 13, 0)
    assert cal.next_opening(datetime(2026, 3, 6, 17, 0)) == at(2026, 3, 9, 7, 30)
    assert cal.next_opening(datetime(2026, 2, 14, 9, 0)) == at(2026, 2, 23, 7, 30)
