"""Month tables: kept with the day facts, read for the whole months of any period, rebuilt and
checked like the day facts."""

from datetime import date

import pytest
from django.db.models import Sum

from motcua.indicators import rollup
from motcua.indicators.formulas import sums
from motcua.indicators.models import COUNTERS, DailyFact, MonthFact, StepMonthFact
from motcua.indicators.periods import Period, Scope
from motcua.indicators.rebuild import rebuild

PERIODS = [
    Period(date(2026, 1, 1), date(2026, 12, 31)),  # whole months only
    Period(date(2026, 2, 10), date(2026, 3, 15)),  # no whole month
    Period(date(2026, 1, 15), date(2026, 3, 31)),  # days, then whole months
    Period(date(2026, 2, 1), date(2026, 3, 11)),  # a whole month, then days
    Period(date(2025, 12, 20), date(2026, 4, 2)),  # days around whole months, across a year
]


@pytest.mark.parametrize("period", PERIODS, ids=str)
def test_sums_over_any_period_equal_the_day_facts(province, period):
    scope = Scope.of(province.province)
    direct = DailyFact.objects.filter(
        agency_id__in=scope.agency_ids, day__gte=period.start, day__lte=period.end
    ).aggregate(**{c: Sum(c) for c in COUNTERS})
    assert sums(scope, period, *COUNTERS) == {c: direct[c] or 0 for c in COUNTERS}


def test_the_split_covers_each_day_once():
    months, days = rollup.split(Period(date(2025, 12, 31), date(2026, 2, 1)))
    assert months == (date(2026, 1, 1), date(2026, 1, 31))
    assert days == [(date(2025, 12, 31), date(2025, 12, 31)), (date(2026, 2, 1), date(2026, 2, 1))]
    assert rollup.split(Period(date(2026, 2, 10), date(2026, 2, 20))) == (
        None,
        [(date(2026, 2, 10), date(2026, 2, 20))],
    )


def test_a_wrong_month_row_is_reported_and_rebuilt(province):
    assert MonthFact.objects.exists() and StepMonthFact.objects.exists()
    assert rebuild(check=True) == []
    row = MonthFact.objects.filter(received_desk__gt=0).first()
    MonthFact.objects.filter(pk=row.pk).update(received_desk=row.received_desk + 5)
    found = [(d.table, d.counter, d.live - d.rebuilt) for d in rebuild(check=True)]
    assert found == [("month", "received_desk", 5)]
    rebuild()
    assert rebuild(check=True) == []
    assert (
        MonthFact.objects.get(
            day=row.day, agency_id=row.agency_id, procedure_version_id=row.procedure_version_id
        ).received_desk
        == row.received_desk
    )
