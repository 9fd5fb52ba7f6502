"""Pauses (supplement request, pending fee) push the due time by the office time paused."""

from datetime import datetime

import pytest

from motcua.calendar.core import VN_TZ, CalendarError, LimitUnit

WD = LimitUnit.WORKING_DAYS
RECEIVED = datetime(2026, 2, 10, 9, 0)  # the public example, due 10/3/2026 09:00


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


def test_two_working_days_paused_push_two_working_days(cal):
    pause = (datetime(2026, 2, 11, 9, 0), datetime(2026, 2, 13, 9, 0))
    assert cal.due(RECEIVED, 15, WD, [pause]) == at(2026, 3, 12, 9, 0)


def test_overlapping_pauses_count_once(cal):
    pauses = [
        (datetime(2026, 2, 11, 9, 0), datetime(2026, 2, 12, 9, 0)),
        (datetime(2026, 2, 11, 14, 0), datetime(2026, 2, 13, 9, 0)),
    ]
    assert cal.due(RECEIVED, 15, WD, pauses) == at(2026, 3, 12, 9, 0)


def test_separate_pauses_add_up(cal):
    pauses = [
        (datetime(2026, 3, 2, 9, 0), datetime(2026, 3, 3, 9, 0)),
        (datetime(2026, 2, 11, 9, 0), datetime(2026, 2, 12, 9, 0)),
    ]
    assert cal.due(RECEIVED, 15, WD, pauses) == at(2026, 3, 12, 9, 0)


def test_pause_over_a_weekend_counts_nothing_for_the_weekend(cal):
    only_weekend = (datetime(2026, 2, 27, 17, 0), datetime(2026, 3, 2, 7, 30))
    assert cal.due(RECEIVED, 15, WD, [only_weekend]) == at(2026, 3, 10, 9, 0)
    weekend_plus_two_hours = (datetime(2026, 2, 27, 16, 0), datetime(2026, 3, 2, 8, 30))
    assert cal.due(RECEIVED, 15, WD, [weekend_plus_two_hours]) == at(2026, 3, 10, 11, 0)


def test_pause_over_tet_counts_nothing(cal):
    pause = (datetime(2026, 2, 13, 17, 0), datetime(2026, 2, 23, 7, 30))
    assert cal.due(RECEIVED, 15, WD, [pause]) == at(2026, 3, 10, 9, 0)


def test_empty_pause_changes_nothing(cal):
    moment = datetime(2026, 2, 11, 9, 0)
    assert cal.due(RECEIVED, 15, WD, [(moment, moment)]) == at(2026, 3, 10, 9, 0)


def test_pause_pushes_a_closing_time_due_into_the_next_day(cal):
    pause = (datetime(2026, 3, 3, 10, 0), datetime(2026, 3, 3, 11, 0))
    due = cal.due(datetime(2026, 3, 3, 9, 0), 0, LimitUnit.SAME_DAY, [pause])
    assert due == at(2026, 3, 4, 8, 30)


def test_pause_ending_before_it_starts_is_refused(cal):
    pause = (datetime(2026, 2, 13, 9, 0), datetime(2026, 2, 11, 9, 0))
    with pytest.raises(CalendarError, match="Khoảng tạm dừng không hợp lệ"):
        cal.due(RECEIVED, 15, WD, [pause])
