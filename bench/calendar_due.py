"""Benchmark: due dates for 1,000,000 (date, working-days) pairs against numpy.busday_offset.

Run: uv run python bench/calendar_due.py [N]
Prints the rate of each and, last, ``calendar: RATIO`` = motcua rate ÷ numpy rate (goal ≥ 1.0).
Both get the same pairs and the same days off; the results must agree. numpy's weekmask cannot
express a worked Saturday, so the pairs are drawn from 2027–2030, years without one.
"""

import sys
import time
from datetime import date

import numpy as np

from motcua.calendar.core import WorkCalendar


def best_of(runs: int, fn):
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(n: int = 1_000_000) -> float:
    rng = np.random.default_rng(2026)
    first, last = np.datetime64("2027-01-01"), np.datetime64("2030-12-31")
    days = first + rng.integers(0, int((last - first).astype(int)), n).astype("timedelta64[D]")
    limits = rng.integers(0, 46, n)  # 0–45 working days, the range of published time limits

    cal = WorkCalendar()
    off = [np.datetime64(d) for d in _weekday_days_off(cal, 2027, 2031)]
    holidays = np.array(off, dtype="datetime64[D]")
    cal.add_working_days_array(days[:10], limits[:10])  # build the tables outside the timing

    t_numpy, expected = best_of(3, lambda: np.busday_offset(days, limits, roll="forward", holidays=holidays))
    t_motcua, got = best_of(3, lambda: cal.add_working_days_array(days, limits))
    if not np.array_equal(expected, got):
        bad = int(np.flatnonzero(expected != got)[0])
        raise SystemExit(
            f"results differ at {days[bad]} + {limits[bad]}: numpy {expected[bad]}, motcua {got[bad]}"
        )
    ratio = (n / t_motcua) / (n / t_numpy)
    print(f"pairs: {n:,}; results agree")
    print(f"numpy.busday_offset: {n / t_numpy:,.0f} due dates/s")
    print(f"motcua calendar:     {n / t_motcua:,.0f} due dates/s")
    print(f"calendar: {ratio:.2f}")
    return ratio


def _weekday_days_off(cal: WorkCalendar, first_year: int, last_year: int) -> list[date]:
    day, end, out = date(first_year, 1, 1), date(last_year, 12, 31), []
    while day <= end:
        if day.weekday() < 5 and not cal.is_working_day(day):
            out.append(day)
        day = date.fromordinal(day.toordinal() + 1)
    return out


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
