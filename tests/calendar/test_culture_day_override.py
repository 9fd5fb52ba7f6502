"""24/11 (Vietnam Culture Day): listed by the library from 2026, legal status unconfirmed."""

from datetime import date, datetime

from motcua.calendar.core import VN_TZ, LimitUnit, WorkCalendar

CULTURE_DAY = date(2026, 11, 24)  # a Tuesday


def test_off_by_default(cal):
    assert not cal.is_working_day(CULTURE_DAY)
    assert cal.due(datetime(2026, 11, 23, 9, 0), 1, LimitUnit.WORKING_DAYS) == datetime(
        2026, 11, 25, 9, 0, tzinfo=VN_TZ
    )


def test_working_day_once_overridden():
    calendar = WorkCalendar(working_days=[CULTURE_DAY])
    assert calendar.is_working_day(CULTURE_DAY)
    assert calendar.due(datetime(2026, 11, 23, 9, 0), 1, LimitUnit.WORKING_DAYS) == datetime(
        2026, 11, 24, 9, 0, tzinfo=VN_TZ
    )


def test_overridden_weekday_keeps_its_own_hours():
    calendar = WorkCalendar(working_days=[CULTURE_DAY])
    assert [a.hour for a, _ in calendar.periods_on(CULTURE_DAY)] == [7, 13]


def test_extra_working_day_wins_over_an_extra_day_off():
    calendar = WorkCalendar(days_off=[CULTURE_DAY], working_days=[CULTURE_DAY])
    assert calendar.is_working_day(CULTURE_DAY)


def test_extra_day_off_wins_over_a_library_worked_saturday():
    calendar = WorkCalendar(days_off=[date(2026, 8, 22)])
    assert not calendar.is_working_day(date(2026, 8, 22))


def test_extra_day_off_on_a_weekday():
    calendar = WorkCalendar(days_off=[date(2026, 3, 4)])
    assert not calendar.is_working_day(date(2026, 3, 4))
    assert calendar.due(datetime(2026, 3, 3, 9, 0), 1, LimitUnit.WORKING_DAYS) == datetime(
        2026, 3, 5, 9, 0, tzinfo=VN_TZ
    )
