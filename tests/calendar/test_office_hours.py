import pickle
from datetime import time

import pytest

from motcua.calendar.core import CalendarError, OfficeHours

MORNING = (time(7, 30), time(11, 30))
AFTERNOON = (time(13, 0), time(17, 0))


def test_default_hours_are_weekdays_with_lunch_break():
    hours = OfficeHours.default()
    assert set(hours.periods) == {0, 1, 2, 3, 4}
    assert hours.periods[2] == (MORNING, AFTERNOON)


def test_periods_are_sorted_and_empty_days_dropped():
    hours = OfficeHours({0: (AFTERNOON, MORNING), 6: ()})
    assert hours.periods == {0: (MORNING, AFTERNOON)}


def test_equal_hours_are_interchangeable_cache_keys():
    a = OfficeHours({0: (AFTERNOON, MORNING)})
    b = OfficeHours({0: [MORNING, AFTERNOON]})
    assert a == b
    assert {a: "x"}[b] == "x"


def test_hours_cannot_be_changed_after_creation():
    hours = OfficeHours.default()
    with pytest.raises(TypeError):
        hours.periods[5] = (MORNING,)


def test_hours_survive_pickling():
    hours = OfficeHours.default()
    assert pickle.loads(pickle.dumps(hours)) == hours  # noqa: S301


def test_overlapping_periods_are_refused_in_vietnamese():
    with pytest.raises(CalendarError, match="chồng lấn"):
        OfficeHours({0: ((time(7, 30), time(12, 0)), (time(11, 0), time(17, 0)))})


def test_touching_periods_are_allowed():
    hours = OfficeHours({0: ((time(7, 0), time(12, 0)), (time(12, 0), time(16, 0)))})
    assert len(hours.periods[0]) == 2


def test_closing_before_opening_is_refused():
    with pytest.raises(CalendarError, match="Giờ mở cửa phải trước giờ đóng cửa"):
        OfficeHours({1: ((time(17, 0), time(13, 0)),)})


def test_empty_week_is_refused():
    with pytest.raises(CalendarError, match="ít nhất một buổi"):
        OfficeHours({})


def test_unknown_weekday_is_refused():
    with pytest.raises(CalendarError, match="Thứ trong tuần không hợp lệ"):
        OfficeHours({7: (MORNING,)})


def test_calendar_error_is_a_value_error():
    with pytest.raises(ValueError):
        OfficeHours({0: ((time(9, 0), time(9, 0)),)})


def test_extra_working_day_takes_monday_hours():
    hours = OfficeHours({0: (MORNING, AFTERNOON), 5: (MORNING,)})
    assert hours.for_extra_working_day() == (MORNING, AFTERNOON)


def test_extra_working_day_without_monday_takes_first_open_weekday():
    hours = OfficeHours({1: (AFTERNOON,), 3: (MORNING,)})
    assert hours.for_extra_working_day() == (AFTERNOON,)
