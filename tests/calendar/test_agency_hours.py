"""Agencies with their own office hours (giờ làm việc riêng của cơ quan)."""

from datetime import date, datetime, time

from motcua.calendar.core import VN_TZ, LimitUnit, OfficeHours, WorkCalendar

from .conftest import AFTERNOON, MORNING


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


def test_saturday_morning_is_a_working_day(saturday_morning_hours):
    calendar = WorkCalendar(saturday_morning_hours)
    assert calendar.is_working_day(date(2026, 3, 14))
    assert not calendar.is_working_day(date(2026, 3, 15))
    # a holiday on Saturday stays a holiday: 4th day of Tết 2025
    assert not calendar.is_working_day(date(2025, 2, 1))


def test_working_hours_run_through_saturday_morning(saturday_morning_hours):
    calendar = WorkCalendar(saturday_morning_hours)
    # 2.5 h on Saturday, 1.5 h on Monday
    due = calendar.due(datetime(2026, 3, 14, 9, 0), 4, LimitUnit.WORKING_HOURS)
    assert due == at(2026, 3, 16, 9, 0)


def test_working_day_ending_after_saturday_closing_takes_closing_time(saturday_morning_hours):
    calendar = WorkCalendar(saturday_morning_hours)
    due = calendar.due(datetime(2026, 3, 13, 14, 0), 1, LimitUnit.WORKING_DAYS)
    assert due == at(2026, 3, 14, 11, 30)


def test_calendar_day_ending_after_saturday_closing_takes_closing_time(saturday_morning_hours):
    calendar = WorkCalendar(saturday_morning_hours)
    due = calendar.due(datetime(2026, 3, 13, 14, 0), 1, LimitUnit.CALENDAR_DAYS)
    assert due == at(2026, 3, 14, 11, 30)


def test_same_day_on_saturday_closes_at_noon(saturday_morning_hours):
    calendar = WorkCalendar(saturday_morning_hours)
    due = calendar.due(datetime(2026, 3, 14, 10, 0), 0, LimitUnit.SAME_DAY)
    assert due == at(2026, 3, 14, 11, 30)


def test_swapped_saturday_keeps_the_agency_saturday_hours(saturday_morning_hours):
    calendar = WorkCalendar(saturday_morning_hours)
    assert [(a.time(), b.time()) for a, b in calendar.periods_on(date(2026, 8, 22))] == [MORNING]


def test_short_friday_closes_earlier():
    periods = dict.fromkeys(range(4), (MORNING, AFTERNOON))
    periods[4] = (MORNING, (time(13, 0), time(16, 0)))
    calendar = WorkCalendar(OfficeHours(periods))
    due = calendar.due(datetime(2026, 3, 5, 16, 30), 1, LimitUnit.WORKING_DAYS)
    assert due == at(2026, 3, 6, 16, 0)
