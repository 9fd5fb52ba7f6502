"""Reading facts over any period: whole months from the month tables, the days around them from
the day tables (``MonthFact``/``StepMonthFact`` hold the sums of ``DailyFact``/``StepFact`` per
month, kept by the same upsert). A year is 12 rows per agency and version instead of 365, so
the cost of a yearly dashboard stays with agencies × months, not with the days that had dossiers.
"""

from __future__ import annotations

from datetime import date, timedelta

from .periods import Period


def next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def split(period: Period) -> tuple[tuple[date, date] | None, list[tuple[date, date]]]:
    """(first and last month start of the whole months inside, the day ranges left around them)."""
    first = period.start if period.start.day == 1 else next_month(period.start)
    after = next_month(period.end)  # the month after the one holding the last day
    last = after if period.end == after - timedelta(days=1) else period.end.replace(day=1)
    # ``last`` is now the first month NOT wholly inside (exclusive end)
    if first >= last:
        return None, [(period.start, period.end)]
    days = []
    if period.start < first:
        days.append((period.start, first - timedelta(days=1)))
    if last <= period.end:
        days.append((last, period.end))
    return (first, last - timedelta(days=1)), days


def _parts(day_model, month_model, agency_ids, period: Period, **filters):
    months, days = split(period)
    if months is not None:
        yield month_model.objects.filter(
            agency_id__in=agency_ids, day__gte=months[0], day__lte=months[1], **filters
        )
    for start, end in days:
        yield day_model.objects.filter(agency_id__in=agency_ids, day__gte=start, day__lte=end, **filters)


def grouped(day_model, month_model, agency_ids, period: Period, fields, aggregates: dict, **filters):
    """Rows of ``values(*fields).annotate(**aggregates)`` from each part (the same key may come
    back once per part: callers add them up)."""
    rows: list[dict] = []
    for qs in _parts(day_model, month_model, agency_ids, period, **filters):
        rows += list(qs.values(*fields).annotate(**aggregates).order_by())
    return rows


def totals(day_model, month_model, agency_ids, period: Period, aggregates: dict, **filters) -> dict:
    """``aggregate(**aggregates)`` over the period (sums of the parts; None counts as 0)."""
    out = dict.fromkeys(aggregates, 0)
    for qs in _parts(day_model, month_model, agency_ids, period, **filters):
        for k, v in qs.aggregate(**aggregates).items():
            out[k] += v or 0
    return out
