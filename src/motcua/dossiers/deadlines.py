"""Deadlines of dossiers, always through the calendar service (architecture rule 3)."""

import time
from datetime import datetime, timedelta
from decimal import Decimal

from motcua.calendar.core import LimitUnit, WorkCalendar
from motcua.calendar.services import build_calendar

from .states import Timeliness

# Working days are counted in whole days by the calendar; a fractional part (½ day budgets of
# internal processes) is counted as working hours of a standard 8-hour day (07:30–11:30, 13:00–17:00).
HOURS_PER_WORKING_DAY = Decimal(8)


_CALENDARS: dict[int, tuple[float, WorkCalendar]] = {}
# An agency's calendar is reused for a minute: edits of office hours or overrides reach running
# processes within that time, and a burst of transitions does not re-read the hours each time.
CALENDAR_TTL_SECONDS = 60.0


def calendar_for(agency) -> WorkCalendar:
    now = time.monotonic()
    cached = _CALENDARS.get(agency.pk)
    if cached is None or cached[0] < now:
        cached = (
            now + CALENDAR_TTL_SECONDS,
            build_calendar(agency.office_hours(), scope=agency.identifier_code),
        )
        _CALENDARS[agency.pk] = cached
    return cached[1]


def forget_calendars() -> None:
    _CALENDARS.clear()


def _parse(moment) -> datetime:
    return moment if isinstance(moment, datetime) else datetime.fromisoformat(moment)


def pause_intervals(pauses: list) -> list[tuple[datetime, datetime]]:
    """Closed pauses only: an open pause has not pushed the deadline yet."""
    return [(_parse(a), _parse(b)) for a, b in pauses if b is not None]


def add_budget(cal: WorkCalendar, start: datetime, amount: Decimal, unit: str) -> datetime:
    """``start`` + ``amount`` of ``unit``; used for the legal limit and for step budgets."""
    amount = Decimal(amount)
    unit = LimitUnit(unit)
    if unit == LimitUnit.WORKING_DAYS:
        whole = int(amount)
        due = cal.due(start, whole, LimitUnit.WORKING_DAYS) if whole else cal.next_opening(start)
        rest = amount - whole
        if rest:
            due = cal.add_working_time(due, timedelta(hours=float(rest * HOURS_PER_WORKING_DAY)))
        return due
    if unit == LimitUnit.WORKING_HOURS:
        return cal.add_working_time(cal.next_opening(start), timedelta(hours=float(amount)))
    if unit == LimitUnit.SAME_DAY:
        return cal.due(start, 0, LimitUnit.SAME_DAY)
    return cal.due(start, int(amount), LimitUnit.CALENDAR_DAYS)


def due_at(cal: WorkCalendar, version, received_at: datetime, pauses: list) -> datetime | None:
    """The appointment for a dossier of ``version`` received at ``received_at`` (domain §4 rule 4).

    ``None`` when the published procedure states no time limit (kept visible, never invented).
    """
    if not version.time_limit_unit or (
        version.time_limit is None and version.time_limit_unit != LimitUnit.SAME_DAY
    ):
        return None
    if version.time_limit_unit == LimitUnit.SAME_DAY:
        base = cal.due(received_at, 0, LimitUnit.SAME_DAY, cutoff=version.same_day_cutoff)
    else:
        base = add_budget(cal, received_at, version.time_limit, version.time_limit_unit)
    paused = sum((cal.working_time_between(a, b) for a, b in pause_intervals(pauses)), timedelta())
    return cal.add_working_time(base, paused) if paused else base


def classify(ended_at: datetime, due: datetime | None, supplement_count: int) -> str:
    """Early / on time / late (domain §4 rule 7); more than one supplement request ⇒ late (rule 2)."""
    if supplement_count > 1:
        return Timeliness.LATE
    if due is None:
        return Timeliness.ON_TIME
    if ended_at > due:
        return Timeliness.LATE
    from django.utils import timezone

    ended_day = timezone.localtime(ended_at).date()
    return Timeliness.EARLY if ended_day < timezone.localtime(due).date() else Timeliness.ON_TIME
