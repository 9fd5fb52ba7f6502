"""Values read from a page's query string: a typo in a shared link gives the default view; a value
out of the range the system counts with is refused with a Vietnamese reason."""

from datetime import date, timedelta

import pytest

from motcua.params import FIRST_DAY, LAST_DAY, MAX_WHOLE, OutOfRange, day, month, whole


def test_a_date_that_is_not_one_gives_the_default():
    today = date(2026, 12, 6)
    assert day("2026-02-10") == date(2026, 2, 10)
    assert day("10/02/2026", today) == today
    assert day("2026-02-30", today) == today
    assert day("", today) == today and day(None) is None


@pytest.mark.parametrize("raw", ["0001-01-01", "1899-12-31", "2201-01-01", "9999-12-31", "0000-01-01"])
def test_a_date_out_of_range_is_refused_with_the_range(raw):
    with pytest.raises(OutOfRange) as refused:
        day(raw, date(2026, 1, 1))
    assert refused.value.raw == raw
    assert raw in refused.value.message and "01/01/1900" in refused.value.message


def test_the_last_day_plus_a_year_of_deadlines_is_still_a_date():
    assert day("1900-01-01") == FIRST_DAY and day("2200-12-31") == LAST_DAY
    assert LAST_DAY + timedelta(days=366 * 10) < date.max


def test_a_month_is_its_first_day():
    today = date(2026, 12, 1)
    assert month("2026-02") == date(2026, 2, 1)
    assert month("2026-13", today) == today and month("02/2026", today) == today and month(None) is None
    for raw in ("9999-12", "0001-01", "0000-05"):
        with pytest.raises(OutOfRange):
            month(raw, today)


def test_only_digits_make_a_number():
    assert whole("42") == 42 and whole(7) == 7 and whole("0") == 0
    assert whole("-3") is None and whole("4.5") is None and whole("") is None and whole(None) is None
    assert whole("٣") is None  # an Arabic-Indic digit is a digit to Python, not to a link


def test_a_number_larger_than_the_database_stores_is_refused():
    assert whole(str(MAX_WHOLE)) == MAX_WHOLE
    with pytest.raises(OutOfRange) as refused:
        whole(str(MAX_WHOLE + 1))
    assert "9223372036854775808" in refused.value.message
