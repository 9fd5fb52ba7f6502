"""Public holidays from the `holidays` library (Labour Code 2019 Art. 112)."""

from datetime import date

import pytest

from motcua.calendar.core import WorkCalendar

# Each list checked against a printed calendar of the year.
TET_2025_OFF = [date(2025, 1, d) for d in (27, 28, 29, 30, 31)]
TET_2026_OFF = [date(2026, 2, d) for d in (16, 17, 18, 19, 20)]
TET_2027_OFF = [date(2027, 2, d) for d in (4, 5, 8, 9, 10)]


@pytest.mark.parametrize("day", TET_2025_OFF + TET_2026_OFF + TET_2027_OFF)
def test_tet_weekdays_are_off(cal, day):
    assert not cal.is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 1, 24),  # Friday before Tết 2025
        date(2025, 2, 3),  # Monday after
        date(2026, 2, 13),
        date(2026, 2, 23),
        date(2027, 2, 3),  # Wednesday before Tết 2027
        date(2027, 2, 11),  # Thursday after
    ],
)
def test_days_around_tet_are_working(cal, day):
    assert cal.is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 1),
        date(2026, 4, 27),  # Hùng Kings' day fell on Sunday 26/4: Monday is off instead
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 9, 1),
        date(2026, 9, 2),
        date(2027, 5, 3),  # 1/5/2027 is a Saturday
    ],
)
def test_other_public_holidays_and_compensatory_days_are_off(cal, day):
    assert not cal.is_working_day(day)


def test_weekends_are_off_and_weekdays_on(cal):
    assert not cal.is_working_day(date(2026, 3, 7))
    assert not cal.is_working_day(date(2026, 3, 8))
    assert cal.is_working_day(date(2026, 3, 9))


def test_library_can_be_switched_off():
    plain = WorkCalendar(use_library_holidays=False)
    assert plain.is_working_day(date(2026, 2, 17))
    assert not plain.is_working_day(date(2025, 4, 26))


def test_holidays_have_no_office_hours(cal):
    assert cal.periods_on(date(2026, 2, 17)) == []
    assert cal.periods_on(date(2026, 3, 8)) == []


def test_add_working_days_skips_tet(cal):
    assert cal.add_working_days(date(2025, 1, 24), 1) == date(2025, 2, 3)
    assert cal.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert cal.add_working_days(date(2027, 2, 3), 2) == date(2027, 2, 12)


def test_zero_working_days_from_a_holiday_is_the_next_working_day(cal):
    assert cal.add_working_days(date(2026, 2, 17), 0) == date(2026, 2, 23)
    assert cal.add_working_days(date(2026, 2, 23), 0) == date(2026, 2, 23)


def test_years_far_apart_are_loaded_on_demand():
    calendar = WorkCalendar()
    assert calendar.is_working_day(date(2095, 3, 1))  # a Tuesday
    assert not calendar.is_working_day(date(1995, 5, 1))  # Labour Day, a Monday
    assert calendar.add_working_days(date(2029, 12, 31), 1) == date(2030, 1, 2)
