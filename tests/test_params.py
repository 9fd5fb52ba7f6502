"""Values read from a page's query string: a typo in a shared link gives the default view."""

from datetime import date

from motcua.params import day, whole


def test_a_date_that_is_not_one_gives_the_default():
    today = date(2026, 12, 6)
    assert day("2026-02-10") == date(2026, 2, 10)
    assert day("10/02/2026", today) == today
    assert day("2026-02-30", today) == today
    assert day("", today) == today and day(None) is None


def test_only_digits_make_a_number():
    assert whole("42") == 42 and whole(7) == 7 and whole("0") == 0
    assert whole("-3") is None and whole("4.5") is None and whole("") is None and whole(None) is None
