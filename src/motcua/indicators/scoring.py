"""Scores per group and in total with the band; targets compared live; rankings of units.

Keys understood by ``measure`` (and so by targets and rankings): every key of
``formulas.INDICATORS``, ``"score_total"`` and ``"score_group_<g>"`` (g = 1, 2, 3, 4a, 4b, 5).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext as _

from . import figures  # noqa: F401  (registers the seed-era figures)
from .formulas import INDICATORS, shared_sums
from .models import Target
from .periods import Period, Scope
from .values import Band, Value, band_for

GROUPS = {"1": 18, "2": 20, "3": 22, "4a": 12, "4b": 10, "5": 18}


@dataclass(frozen=True)
class Scorecard:
    """Điểm Bộ chỉ số 766 of one scope and period.

    ``groups[g]`` is the sum of the points of group g's measured indicators that have data (None
    when none has); ``total`` the sum over groups; ``max_measured`` the points those indicators
    could earn (100 once every indicator is measured). The band is read on ``total``.
    """

    values: list[Value]
    groups: dict[str, float | None]
    total: float
    max_measured: float
    band: Band | None

    @property
    def not_measured(self) -> list[Value]:
        return [v for v in self.values if not v.measured]


def scorecard(scope, period: Period, now=None) -> Scorecard:
    scope = Scope.of(scope)
    values = [ind.func(scope, period, now) for ind in INDICATORS.values() if ind.group]
    groups: dict[str, float | None] = dict.fromkeys(GROUPS)
    earnable = 0.0
    for v in values:
        if v.points is not None:
            groups[v.group] = round((groups[v.group] or 0) + v.points, 2)
            earnable += v.max_points or 0
    total = round(sum(p for p in groups.values() if p is not None), 2)
    return Scorecard(values, groups, total, earnable, band_for(total))


def measure(key: str, scope, period: Period, now=None) -> Value:
    """The value of any indicator key, a group score or the total score."""
    if key == "score_total":
        card = scorecard(scope, period, now)
        return Value(key, _("Tổng điểm"), max_points=100, points=card.total, measure="points")
    if key.startswith("score_group_"):
        group = key.removeprefix("score_group_")
        card = scorecard(scope, period, now)
        points = card.groups.get(group)
        measured = any(v.measured for v in card.values if v.group == group)
        reason = "" if measured else _("nhóm chưa có chỉ số đo được")
        label = _("Điểm nhóm %(g)s") % {"g": group}
        return Value(
            key, label, group, GROUPS[group], measured, points=points, measure="points", reason=reason
        )
    if key not in INDICATORS:
        raise KeyError(key)
    return INDICATORS[key].func(Scope.of(scope), period, now)


def higher_is_better(key: str) -> bool:
    return INDICATORS[key].higher_is_better if key in INDICATORS else True


class Compliance(NamedTuple):
    """``gap`` ≥ 0 when met: value − threshold for "≥", threshold − value for "≤"; None when unknown."""

    value: float | None
    met: bool | None
    gap: float | None


def compliance(target: Target, now=None) -> Compliance:
    """Compare a target (chỉ tiêu) with the live value of its unit over its period."""
    value = measure(target.indicator, target.unit, Period(target.period_start, target.period_end), now).number
    if value is None:
        return Compliance(None, None, None)
    threshold = float(Decimal(target.threshold))
    gap = value - threshold if target.comparison == Target.Comparison.AT_LEAST else threshold - value
    return Compliance(round(value, 4), gap >= 0, round(gap, 4))


@dataclass(frozen=True)
class Ranked:
    position: int | None  # ties share a position; None when the value is unknown
    subject: object  # the unit or agency
    value: Value


def ranking(subjects, indicator: str, period: Period, now=None) -> list[Ranked]:
    """Units (or agencies) ordered by ``indicator`` (best first; "score_total" for the total score).

    Unknown values ("chưa đo được", no data) come last without a position.
    """
    with shared_sums():  # one grouped read of the facts per subject, not one query per sum
        rows = [(s, measure(indicator, s, period, now)) for s in subjects]
    sign = -1 if higher_is_better(indicator) else 1
    known = sorted(
        (r for r in rows if r[1].number is not None), key=lambda r: (sign * r[1].number, str(r[0]))
    )
    out, previous, position = [], None, 0
    for index, (subject, value) in enumerate(known, start=1):
        if value.number != previous:
            position, previous = index, value.number
        out.append(Ranked(position, subject, value))
    out += [Ranked(None, s, v) for s, v in rows if v.number is None]
    return out
