"""Working-day arithmetic (lịch làm việc, cách tính thời hạn) — pure Python, no Django.

The rules are those of domain §6. Moments are handled internally as pairs
``(date ordinal, microseconds since local midnight)`` in Vietnam time (UTC+7, no daylight
saving since 1975), so that every computation is exact integer arithmetic.

Per calendar, a table of working-day ordinals and of cumulative working time is built lazily
for whole decades and grown on demand, so that every question is answered with a bisection
instead of a day-by-day walk: a benchmark computes a million due dates.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays
import numpy as np

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MIN_YEAR = 1990
MAX_YEAR = 2100

_US_PER_SECOND = 1_000_000
_US_PER_HOUR = 3600 * _US_PER_SECOND
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_MIN_ORDINAL = date(MIN_YEAR, 1, 1).toordinal()
_MAX_ORDINAL = date(MAX_YEAR, 12, 31).toordinal()
_WEEKDAY_NAMES = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")

Period = tuple[time, time]
_UsPeriods = tuple[tuple[int, int], ...]
_Moment = tuple[int, int]


class LimitUnit(StrEnum):
    """Đơn vị thời hạn giải quyết."""

    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    SAME_DAY = "same_day"
    CALENDAR_DAYS = "calendar_days"


class CalendarError(ValueError):
    """Lỗi tính thời hạn; the message is Vietnamese and meant for the person who typed the input."""


@dataclass(frozen=True)
class OfficeHours:
    """Giờ làm việc: per weekday (0 = Monday) a sorted tuple of (opens, closes) periods."""

    periods: Mapping[int, tuple[Period, ...]]

    def __post_init__(self) -> None:
        normalised: dict[int, tuple[Period, ...]] = {}
        for weekday, spans in dict(self.periods).items():
            if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
                raise CalendarError(f"Thứ trong tuần không hợp lệ: {weekday!r} (0 = thứ Hai … 6 = Chủ nhật)")
            ordered = tuple(sorted(_check_period(weekday, span) for span in spans))
            for before, after in zip(ordered, ordered[1:], strict=False):
                if after[0] < before[1]:
                    raise CalendarError(
                        f"Giờ làm việc {_WEEKDAY_NAMES[weekday]} bị chồng lấn: "
                        f"{_hhmm(before)} và {_hhmm(after)}"
                    )
            if ordered:
                normalised[weekday] = ordered
        if not normalised:
            raise CalendarError("Giờ làm việc phải có ít nhất một buổi làm việc trong tuần")
        # A read-only view keeps the frozen dataclass really immutable, hence safe as a cache key.
        object.__setattr__(self, "periods", MappingProxyType(dict(sorted(normalised.items()))))

    def __hash__(self) -> int:
        return hash(tuple(self.periods.items()))

    def __reduce__(self):  # mappingproxy cannot be pickled
        return (type(self), (dict(self.periods),))

    @classmethod
    def default(cls) -> OfficeHours:
        """Monday–Friday 07:30–11:30 and 13:00–17:00 (domain §2, a project choice)."""
        day = ((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0)))
        return cls(dict.fromkeys(range(5), day))

    def for_extra_working_day(self) -> tuple[Period, ...]:
        """Hours of an extra working day on a weekday without hours (e.g. a swapped Saturday).

        A swapped Saturday replaces a full weekday, so it takes Monday's hours, or those of the
        first weekday that has any.
        """
        return self.periods.get(0) or next(iter(self.periods.values()))


def _check_period(weekday: int, span: Sequence[time]) -> Period:
    try:
        opens, closes = span
    except (TypeError, ValueError):
        raise CalendarError(f"Buổi làm việc {_WEEKDAY_NAMES[weekday]} phải là (giờ mở, giờ đóng)") from None
    if not all(isinstance(x, time) and x.tzinfo is None for x in (opens, closes)):
        raise CalendarError(f"Giờ làm việc {_WEEKDAY_NAMES[weekday]} phải là giờ địa phương (time)")
    if not opens < closes:
        raise CalendarError(
            f"Giờ mở cửa phải trước giờ đóng cửa ({_WEEKDAY_NAMES[weekday]}: {_hhmm((opens, closes))})"
        )
    return opens, closes


def _hhmm(period: Period) -> str:
    return f"{period[0]:%H:%M}–{period[1]:%H:%M}"


def _time_us(t: time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * _US_PER_SECOND + t.microsecond


def _split(t: datetime) -> _Moment:
    """Naive input is Vietnam local time; aware input is converted to it."""
    if not isinstance(t, datetime):
        raise CalendarError(f"Thời điểm không hợp lệ: {t!r} (cần ngày và giờ)")
    if t.tzinfo is not None:
        t = t.astimezone(VN_TZ)
    return t.toordinal(), ((t.hour * 60 + t.minute) * 60 + t.second) * _US_PER_SECOND + t.microsecond


def _join(moment: _Moment) -> datetime:
    ordinal, us = moment
    seconds, micro = divmod(us, _US_PER_SECOND)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    day = date.fromordinal(ordinal)
    return datetime(day.year, day.month, day.day, hour, minute, second, micro, tzinfo=VN_TZ)


def _as_ordinal(d: date) -> int:
    if isinstance(d, datetime):
        return _split(d)[0]
    if not isinstance(d, date):
        raise CalendarError(f"Ngày không hợp lệ: {d!r}")
    return d.toordinal()


@cache
def _library_year(year: int) -> tuple[frozenset[int], frozenset[int]]:
    """Public holidays (Labour Code 2019 Art. 112, with compensatory and swapped days) of a year,
    and the Saturdays worked in exchange for a swap, as ordinals."""
    table = holidays.country_holidays("VN", years=year)
    off = frozenset(d.toordinal() for d in table if d.year == year)
    worked = frozenset(d.toordinal() for d in getattr(table, "weekend_workdays", ()) if d.year == year)
    return off, worked


def warm_up(years) -> None:
    """Load the holiday library and the given years ahead of the first request: importing the
    library takes seconds, which the first citizen served by each server process would wait."""
    for year in years:
        _library_year(year)


@dataclass(frozen=True)
class _Table:
    """Working days of the years ``first``..``last`` (ordinals, inclusive)."""

    first: int
    last: int
    mask: bytes  # 1 per working day, indexed by ordinal - first
    ords: list[int]  # sorted working-day ordinals
    epoch_days: np.ndarray  # the same as days since 1970-01-01, for numpy
    cum_us: list[int]  # cum_us[i] = working time of ords[:i]


class WorkCalendar:
    """Lịch làm việc of one agency: office hours, public holidays and administrator overrides."""

    def __init__(
        self,
        hours: OfficeHours | None = None,
        *,
        days_off: Iterable[date] = (),
        working_days: Iterable[date] = (),
        cutoff: time = time(15, 0),
        use_library_holidays: bool = True,
    ) -> None:
        if not isinstance(cutoff, time) or cutoff.tzinfo is not None:
            raise CalendarError("Giờ chốt nhận hồ sơ trong ngày phải là giờ địa phương (time)")
        self.hours = hours or OfficeHours.default()
        self.cutoff = cutoff
        self.use_library_holidays = use_library_holidays
        self.days_off = frozenset(date.fromordinal(_as_ordinal(d)) for d in days_off)
        self.working_days = frozenset(date.fromordinal(_as_ordinal(d)) for d in working_days)
        self._week_us: tuple[_UsPeriods, ...] = tuple(
            tuple((_time_us(o), _time_us(c)) for o, c in self.hours.periods.get(wd, ())) for wd in range(7)
        )
        self._extra_us: _UsPeriods = tuple(
            (_time_us(o), _time_us(c)) for o, c in self.hours.for_extra_working_day()
        )
        self._cutoff_us = _time_us(cutoff)
        self._lock = threading.Lock()
        self._table: _Table | None = None
        self._rank_cache: tuple[_Table, np.ndarray] | None = None

    def __repr__(self) -> str:
        return (
            f"WorkCalendar(days_off={len(self.days_off)}, working_days={len(self.working_days)}, "
            f"cutoff={self.cutoff:%H:%M}, use_library_holidays={self.use_library_holidays})"
        )

    # ----------------------------------------------------------------- public API

    def is_working_day(self, d: date) -> bool:
        ordinal = _as_ordinal(d)
        table = self._covering(ordinal, ordinal)
        return bool(table.mask[ordinal - table.first])

    def periods_on(self, d: date) -> list[tuple[datetime, datetime]]:
        """Office-hour periods of a day as aware datetimes; [] on a non-working day."""
        if not self.is_working_day(d):
            return []
        ordinal = _as_ordinal(d)
        return [(_join((ordinal, o)), _join((ordinal, c))) for o, c in self._periods(ordinal)]

    def next_opening(self, t: datetime) -> datetime:
        """``t`` itself if inside office hours, else the next opening."""
        return _join(self._open(_split(t)))

    def add_working_days(self, d: date, n: int) -> date:
        """The first working day on or after ``d``, moved ``n`` working days on.

        Same convention as ``numpy.busday_offset(..., roll="forward")``: for a working day and
        n >= 1 this is the n-th following working day; n = 0 gives ``d`` or the next working day.
        """
        return date.fromordinal(self._offset(_as_ordinal(d), _as_int(n)))

    def add_working_days_array(self, days: np.ndarray, n: np.ndarray | int) -> np.ndarray:
        """Vectorised :meth:`add_working_days` on ``datetime64[D]`` arrays (n is broadcast)."""
        days_arr, n_arr = np.broadcast_arrays(
            np.asarray(days, dtype="datetime64[D]"), np.asarray(n, dtype=np.int64)
        )
        if days_arr.size == 0:
            return days_arr.copy()
        if np.isnat(days_arr).any():
            raise CalendarError("Mảng ngày có giá trị rỗng (NaT)")
        epoch = days_arr.astype(np.int64)
        lo, hi = int(epoch.min()) + _EPOCH_ORDINAL, int(epoch.max()) + _EPOCH_ORDINAL
        reach = int(np.abs(n_arr).max())
        while True:
            table = self._covering(lo, hi)
            index = self._rank(table)[epoch - (table.first - _EPOCH_ORDINAL)] + n_arr
            if index.min() < 0:
                self._grow(backward=True, days=reach)
            elif index.max() >= len(table.ords):
                self._grow(backward=False, days=reach)
            else:
                return table.epoch_days[index].astype("datetime64[D]")

    def _rank(self, table: _Table) -> np.ndarray:
        """Per day of the table, the index of the first working day on or after it.

        A direct lookup (two gathers per date) instead of a binary search: this is what lets a
        million deadlines be computed faster than ``numpy.busday_offset``.
        """
        cached = self._rank_cache
        if cached is None or cached[0] is not table:
            mask = np.frombuffer(table.mask, dtype=np.uint8)
            rank = np.concatenate(([0], np.cumsum(mask, dtype=np.int64)[:-1]))
            cached = self._rank_cache = (table, rank)
        return cached[1]

    def add_working_time(self, t: datetime, delta: timedelta) -> datetime:
        """The earliest moment after ``t`` with ``delta`` of office time in between.

        A result exactly at the end of a period stays there (07:30 + 4 h = 11:30, not 13:00);
        a zero ``delta`` returns ``t`` unchanged.
        """
        return _join(self._add_us(_split(t), _delta_us(delta)))

    def working_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Office time inside [a, b]; zero if b <= a."""
        return timedelta(microseconds=self._between_us(_split(a), _split(b)))

    def due(
        self,
        start: datetime,
        limit: int,
        unit: LimitUnit | str,
        pauses: Sequence[tuple[datetime, datetime]] = (),
        *,
        cutoff: time | None = None,
    ) -> datetime:
        """Hạn giải quyết of a request received at ``start`` (domain §6).

        ``cutoff`` overrides the calendar's same-day cut-off for one procedure (default 15:00).

        ``start`` is first moved to the next opening. Working and calendar days keep its time of
        day, or take the closing time of the final day when that time is outside its hours;
        same-day requests end at a closing time; working hours may end exactly at a period end.
        The due time is then pushed by the office time inside the union of ``pauses``.
        """
        unit = _as_unit(unit)
        limit = _as_int(limit)
        if limit < 0:
            raise CalendarError(f"Thời hạn không được âm: {limit}")
        spans = [_as_pause(p) for p in pauses]
        moment = self._open(_split(start))
        if unit is LimitUnit.WORKING_DAYS:
            result = self._at_time_or_close(self._offset(moment[0], limit), moment[1])
        elif unit is LimitUnit.WORKING_HOURS:
            result = self._add_us(moment, limit * _US_PER_HOUR)
        elif unit is LimitUnit.SAME_DAY:
            cut = self._cutoff_us if cutoff is None else _time_us(cutoff)
            day = moment[0] if moment[1] < cut else self._offset(moment[0] + 1, 0)
            result = (day, self._periods(day)[-1][1])
        else:
            result = self._calendar_days(moment, limit)
        paused = self._paused_us(spans) if spans else 0
        return _join(self._add_us(result, paused) if paused else result)

    # ----------------------------------------------------------------- rules

    def _calendar_days(self, moment: _Moment, limit: int) -> _Moment:
        # Civil Code 2015 Art. 147–148: a period ending on a day off ends with the next working
        # day; on a working day outside office hours the end of that day is its closing time.
        day = moment[0] + limit
        self._covering(day, day)
        if self._is_working(day):
            return self._at_time_or_close(day, moment[1])
        nxt = self._offset(day, 0)
        return nxt, self._periods(nxt)[-1][1]

    def _at_time_or_close(self, day: int, us: int) -> _Moment:
        # Domain §6 choice: a deadline is never put before the day's opening nor into a lunch
        # break; the whole final day belongs to the applicant, so its closing time is used.
        if any(o <= us <= c for o, c in self._periods(day)):
            return day, us
        return day, self._periods(day)[-1][1]

    def _paused_us(self, spans: list[tuple[_Moment, _Moment]]) -> int:
        # Overlapping pauses (e.g. a supplement request and a pending fee) count once.
        total, current = 0, None
        for begin, end in sorted(spans):
            if current and begin <= current[1]:
                current = (current[0], max(current[1], end))
                continue
            if current:
                total += self._between_us(*current)
            current = (begin, end)
        return total + (self._between_us(*current) if current else 0)

    # ----------------------------------------------------------------- primitives

    def _periods(self, ordinal: int) -> _UsPeriods:
        return self._week_us[(ordinal - 1) % 7] or self._extra_us

    def _is_working(self, ordinal: int) -> bool:
        table = self._table
        return bool(table.mask[ordinal - table.first])  # caller has ensured coverage

    def _open(self, moment: _Moment) -> _Moment:
        ordinal, us = moment
        self._covering(ordinal, ordinal)
        if self._is_working(ordinal):
            for o, c in self._periods(ordinal):
                if us < c:
                    return ordinal, max(us, o)
        nxt = self._offset(ordinal + 1, 0)
        return nxt, self._periods(nxt)[0][0]

    def _offset(self, ordinal: int, n: int) -> int:
        while True:
            table = self._covering(ordinal, ordinal)
            index = bisect_left(table.ords, ordinal) + n
            if index < 0:
                self._grow(backward=True, days=-n)
            elif index >= len(table.ords):
                self._grow(backward=False, days=n)
            else:
                return table.ords[index]

    def _worked_until(self, table: _Table, moment: _Moment) -> int:
        """Office time from the start of ``table`` up to ``moment``."""
        ordinal, us = moment
        index = bisect_left(table.ords, ordinal)
        done = table.cum_us[index]
        if index < len(table.ords) and table.ords[index] == ordinal:
            done += sum(min(max(us - o, 0), c - o) for o, c in self._periods(ordinal))
        return done

    def _between_us(self, a: _Moment, b: _Moment) -> int:
        if b <= a:
            return 0
        table = self._covering(a[0], b[0])
        return self._worked_until(table, b) - self._worked_until(table, a)

    def _add_us(self, moment: _Moment, delta_us: int) -> _Moment:
        if delta_us == 0:
            return moment
        while True:
            table = self._covering(moment[0], moment[0])
            target = self._worked_until(table, moment) + delta_us
            if target > table.cum_us[-1]:
                self._grow(backward=False, days=delta_us // _US_PER_HOUR)
                continue
            # The first working day whose end of day reaches the target holds the result.
            index = bisect_left(table.cum_us, target) - 1
            day, rest = table.ords[index], target - table.cum_us[index]
            for o, c in self._periods(day):
                if rest <= c - o:
                    return day, o + rest
                rest -= c - o
            raise AssertionError("cumulative office time out of step")  # pragma: no cover

    # ----------------------------------------------------------------- tables

    def _covering(self, lo: int, hi: int) -> _Table:
        table = self._table
        if table is not None and table.first <= lo and hi <= table.last:
            return table
        if lo < _MIN_ORDINAL or hi > _MAX_ORDINAL:
            raise CalendarError(f"Ngày nằm ngoài phạm vi lịch được hỗ trợ ({MIN_YEAR}–{MAX_YEAR})")
        first_year = date.fromordinal(lo).year // 10 * 10
        last_year = date.fromordinal(hi).year // 10 * 10 + 9
        return self._extend(first_year, last_year)

    def _grow(self, *, backward: bool, days: int) -> None:
        table = self._table
        years = 10 + abs(days) // 200
        first, last = date.fromordinal(table.first).year, date.fromordinal(table.last).year
        if (backward and first <= MIN_YEAR) or (not backward and last >= MAX_YEAR):
            raise CalendarError(f"Kết quả nằm ngoài phạm vi lịch được hỗ trợ ({MIN_YEAR}–{MAX_YEAR})")
        if backward:
            self._extend(first - years, last)
        else:
            self._extend(first, last + years)

    def _extend(self, first_year: int, last_year: int) -> _Table:
        with self._lock:
            current = self._table
            if current is not None:
                first_year = min(first_year, date.fromordinal(current.first).year)
                last_year = max(last_year, date.fromordinal(current.last).year)
            table = self._build(max(first_year, MIN_YEAR), min(last_year, MAX_YEAR))
            self._table = table  # readers keep whichever snapshot they already hold
            return table

    def _build(self, first_year: int, last_year: int) -> _Table:
        first, last = date(first_year, 1, 1).toordinal(), date(last_year, 12, 31).toordinal()
        ordinals = np.arange(first, last + 1, dtype=np.int64)
        weekdays = (ordinals - 1) % 7
        has_hours = np.array([bool(p) for p in self._week_us])
        mask = has_hours[weekdays]
        off: set[int] = set()
        worked: set[int] = set()
        if self.use_library_holidays:
            for year in range(first_year, last_year + 1):
                year_off, year_worked = _library_year(year)
                off |= year_off
                worked |= year_worked
        # Precedence: weekly hours < library holidays < library swapped Saturdays
        # < administrator days off < administrator working days (these win over everything).
        for days, value in (
            (off, False),
            (worked, True),
            ({d.toordinal() for d in self.days_off}, False),
            ({d.toordinal() for d in self.working_days}, True),
        ):
            inside = [d - first for d in days if first <= d <= last]
            mask[np.array(inside, dtype=np.int64)] = value
        ords = ordinals[mask]
        day_us = np.array([sum(c - o for o, c in self._week_us[wd] or self._extra_us) for wd in range(7)])
        cum = np.concatenate(([0], np.cumsum(day_us[weekdays[mask]], dtype=np.int64)))
        return _Table(
            first=first,
            last=last,
            mask=mask.astype(np.uint8).tobytes(),
            ords=ords.tolist(),
            epoch_days=ords - _EPOCH_ORDINAL,
            cum_us=cum.tolist(),
        )


_UNITS = {u.value: u for u in LimitUnit}


def _as_unit(unit: LimitUnit | str) -> LimitUnit:
    try:
        return _UNITS[unit]
    except (KeyError, TypeError):
        accepted = ", ".join(u.value for u in LimitUnit)
        raise CalendarError(f"Đơn vị thời hạn không hợp lệ: {unit!r} (chấp nhận: {accepted})") from None


def _as_int(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise CalendarError(f"Thời hạn phải là số nguyên: {value!r}")
    return int(value)


def _delta_us(delta: timedelta) -> int:
    if not isinstance(delta, timedelta):
        raise CalendarError(f"Khoảng thời gian không hợp lệ: {delta!r}")
    if delta < timedelta(0):
        raise CalendarError("Khoảng thời gian cộng thêm không được âm")
    return (delta.days * 86_400 + delta.seconds) * _US_PER_SECOND + delta.microseconds


def _as_pause(pause: tuple[datetime, datetime]) -> tuple[_Moment, _Moment]:
    try:
        begin, end = pause
    except (TypeError, ValueError):
        raise CalendarError(f"Khoảng tạm dừng không hợp lệ: {pause!r} (cần bắt đầu, kết thúc)") from None
    a, b = _split(begin), _split(end)
    if b < a:
        raise CalendarError(
            f"Khoảng tạm dừng không hợp lệ: kết thúc {_join(b):%d/%m/%Y %H:%M} "
            f"trước bắt đầu {_join(a):%d/%m/%Y %H:%M}"
        )
    return a, b
