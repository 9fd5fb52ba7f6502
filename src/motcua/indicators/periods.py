"""Periods (any date range; month, quarter, year) and scopes (an agency, a unit rolled up the tree)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from motcua.org.models import AdministrativeUnit, Agency


@dataclass(frozen=True)
class Period:
    """Kỳ báo cáo: both days included, in local time (UTC+7)."""

    start: date
    end: date

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = 3 * (quarter - 1) + 1
        return cls(date(year, first, 1), cls.month(year, first + 2).end)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    def bounds(self) -> tuple[datetime, datetime]:
        """[first day 00:00, day after the last 00:00) as aware local moments."""
        tz = timezone.get_current_timezone()
        return datetime.combine(self.start, time.min, tz), datetime.combine(
            self.end + timedelta(days=1), time.min, tz
        )

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return f"{self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"


@dataclass(frozen=True)
class Scope:
    """The agencies whose figures are summed: one agency, or every agency of a unit's subtree."""

    agency_ids: frozenset[int]
    label: str = ""

    @classmethod
    def of(cls, what: Scope | Agency | AdministrativeUnit | int) -> Scope:
        if isinstance(what, Scope):
            return what
        if isinstance(what, Agency):
            return cls(frozenset({what.pk}), what.name)
        if isinstance(what, AdministrativeUnit):
            return cls(frozenset(unit_agency_ids(what)), what.name)
        raise TypeError(f"not a scope: {what!r}")


def unit_ids_below(unit: AdministrativeUnit | int) -> set[int]:
    """The unit and all its descendants: one query per level of the tree."""
    root = unit.pk if isinstance(unit, AdministrativeUnit) else unit
    ids, frontier = {root}, {root}
    while frontier:
        frontier = (
            set(AdministrativeUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - ids
        )
        ids |= frontier
    return ids


def unit_agency_ids(unit: AdministrativeUnit | int) -> set[int]:
    """A unit's figures are those of its agencies plus all its descendants' agencies."""
    return set(Agency.objects.filter(unit_id__in=unit_ids_below(unit)).values_list("pk", flat=True))
