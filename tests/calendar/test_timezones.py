"""Naive moments are Vietnam time; aware ones are converted; results are aware, in VN time."""

from datetime import UTC, datetime, timedelta, timezone

from motcua.calendar.core import VN_TZ, LimitUnit


def test_naive_input_is_vietnam_time(cal):
    due = cal.due(datetime(2026, 2, 10, 9, 0), 15, LimitUnit.WORKING_DAYS)
    assert due.tzinfo is VN_TZ
    assert due.utcoffset() == timedelta(hours=7)


def test_aware_input_is_converted(cal):
    utc = datetime(2026, 2, 10, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội
    assert cal.due(utc, 15, LimitUnit.WORKING_DAYS) == datetime(2026, 3, 10, 9, 0, tzinfo=VN_TZ)


def test_aware_input_crossing_midnight_uses_the_local_date(cal):
    # 23:30 UTC on Friday is 06:30 on Saturday in Vietnam: opening is Monday
    friday_utc = datetime(2026, 3, 6, 23, 30, tzinfo=UTC)
    assert cal.next_opening(friday_utc) == datetime(2026, 3, 9, 7, 30, tzinfo=VN_TZ)


def test_other_offsets(cal):
    tokyo = timezone(timedelta(hours=9))
    assert cal.next_opening(datetime(2026, 3, 3, 11, 0, tzinfo=tokyo)) == datetime(
        2026, 3, 3, 9, 0, tzinfo=VN_TZ
    )
