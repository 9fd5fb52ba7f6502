"""The server process loads the holiday library before its first request (the import takes
seconds, which the first citizen of each process would otherwise wait for)."""

from datetime import date

import holidays

from motcua.calendar import core


def test_the_wsgi_module_loads_this_year_and_next(monkeypatch):
    import motcua.wsgi  # noqa: F401 — importing it is what a server does

    def unexpected(*args, **kwargs):
        raise AssertionError("the holiday library was consulted during a request")

    monkeypatch.setattr(holidays, "country_holidays", unexpected)
    for year in (date.today().year, date.today().year + 1):
        off, _worked = core._library_year(year)
        assert date(year, 1, 1).toordinal() in off  # New Year's Day, from the warmed cache
