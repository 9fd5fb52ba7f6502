"""build_calendar: library holidays plus the overrides of the database, cached."""

from datetime import date, datetime

import pytest
from django.db.utils import OperationalError

from motcua.calendar import services
from motcua.calendar.core import VN_TZ, LimitUnit
from motcua.calendar.models import CalendarOverride
from motcua.calendar.services import build_calendar

KIND = CalendarOverride.Kind
AGENCY = "000.00.06.H56"
WD = LimitUnit.WORKING_DAYS


def override(day: date, kind: str, scope: str = "") -> CalendarOverride:
    return CalendarOverride.objects.create(date=day, kind=kind, scope=scope, reason="Thử nghiệm")


def due_after_one_day(calendar) -> datetime:
    return calendar.due(datetime(2026, 3, 3, 9, 0), 1, WD)


WED = datetime(2026, 3, 4, 9, 0, tzinfo=VN_TZ)
THU = datetime(2026, 3, 5, 9, 0, tzinfo=VN_TZ)


@pytest.mark.django_db
def test_extra_day_off_pushes_the_due_date():
    override(date(2026, 3, 4), KIND.DAY_OFF)
    assert due_after_one_day(build_calendar()) == THU


@pytest.mark.django_db
def test_agency_overrides_apply_only_to_that_agency():
    override(date(2026, 3, 4), KIND.DAY_OFF, scope=AGENCY)
    assert due_after_one_day(build_calendar()) == WED
    assert due_after_one_day(build_calendar(scope=AGENCY)) == THU


@pytest.mark.django_db
def test_agency_decision_prevails_over_the_global_one():
    override(date(2026, 11, 24), KIND.WORKING_DAY)
    override(date(2026, 11, 24), KIND.DAY_OFF, scope=AGENCY)
    assert build_calendar().is_working_day(date(2026, 11, 24))
    assert not build_calendar(scope=AGENCY).is_working_day(date(2026, 11, 24))


@pytest.mark.django_db(transaction=True)
def test_cached_until_an_override_is_saved_or_deleted():
    first = build_calendar()
    assert build_calendar() is first
    assert due_after_one_day(first) == WED

    row = override(date(2026, 3, 4), KIND.DAY_OFF)
    after_save = build_calendar()
    assert after_save is not first
    assert due_after_one_day(after_save) == THU

    row.kind = KIND.WORKING_DAY
    row.save()
    assert due_after_one_day(build_calendar()) == WED

    row.delete()
    assert due_after_one_day(build_calendar()) == WED
    assert build_calendar() is build_calendar()


@pytest.mark.django_db
def test_calendar_built_in_the_changing_transaction_is_not_cached():
    override(date(2026, 3, 4), KIND.DAY_OFF)
    assert build_calendar() is not build_calendar()


@pytest.mark.django_db
def test_missing_table_falls_back_to_library_holidays(monkeypatch):
    def no_table(*args, **kwargs):
        raise OperationalError("no such table: calendar_calendaroverride")

    services.invalidate_calendar_cache()
    monkeypatch.setattr(CalendarOverride.objects, "filter", no_table)
    calendar = build_calendar()
    assert not calendar.is_working_day(date(2026, 2, 17))
    assert due_after_one_day(calendar) == WED
