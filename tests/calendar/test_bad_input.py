"""Bad input raises CalendarError with a message a person can act on, in Vietnamese."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from motcua.calendar.core import CalendarError, LimitUnit, WorkCalendar

START = datetime(2026, 3, 3, 9, 0)


def test_unknown_unit(cal):
    with pytest.raises(CalendarError, match="Đơn vị thời hạn không hợp lệ: 'weeks'"):
        cal.due(START, 1, "weeks")


def test_negative_limit(cal):
    with pytest.raises(CalendarError, match="Thời hạn không được âm"):
        cal.due(START, -1, LimitUnit.WORKING_DAYS)


@pytest.mark.parametrize("limit", [1.5, "3", True, None])
def test_limit_must_be_an_integer(cal, limit):
    with pytest.raises(CalendarError, match="Thời hạn phải là số nguyên"):
        cal.due(START, limit, LimitUnit.WORKING_DAYS)


def test_start_must_be_a_moment(cal):
    with pytest.raises(CalendarError, match="Thời điểm không hợp lệ"):
        cal.due(date(2026, 3, 3), 1, LimitUnit.WORKING_DAYS)


def test_malformed_pause(cal):
    with pytest.raises(CalendarError, match="Khoảng tạm dừng không hợp lệ"):
        cal.due(START, 1, LimitUnit.WORKING_DAYS, [(START,)])


def test_negative_time_to_add(cal):
    with pytest.raises(CalendarError, match="không được âm"):
        cal.add_working_time(START, timedelta(hours=-1))


def test_dates_outside_the_supported_range(cal):
    with pytest.raises(CalendarError, match="phạm vi"):
        cal.is_working_day(date(1980, 1, 2))
    with pytest.raises(CalendarError, match="phạm vi"):
        cal.due(datetime(2100, 12, 1, 9, 0), 100, LimitUnit.WORKING_DAYS)


def test_cutoff_must_be_local_time():
    with pytest.raises(CalendarError, match="Giờ chốt"):
        WorkCalendar(cutoff=time(15, 0, tzinfo=UTC))
