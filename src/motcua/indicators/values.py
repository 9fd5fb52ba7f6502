"""What a formula returns, and the score bands (data, overridable in settings)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

NOT_MEASURED = gettext_lazy("chưa đo được")


@dataclass(frozen=True)
class Value:
    """One figure. ``measured=False`` carries a ``reason`` and never a number ("chưa đo được").

    ``part``/``whole`` are the counts behind a rate (the drill-down lists exactly those dossiers);
    ``rate`` is None when ``whole`` is 0 (no data: no points, not zero points). ``measure`` says
    what ``number`` is: "%" (rate × 100), "count", "days" or "points".
    """

    key: str
    label: str
    group: str = ""
    max_points: float | None = None
    measured: bool = True
    part: float | None = None
    whole: int | None = None
    rate: float | None = None
    points: float | None = None
    measure: str = "%"
    reason: str = ""
    full_at: float = 1.0  # the rate that earns all points (0.8, 0.9 for some indicators)

    @property
    def number(self) -> float | None:
        if not self.measured:
            return None
        if self.measure == "%":
            return None if self.rate is None else self.rate * 100
        if self.measure == "points":
            return self.points
        return self.part

    def display(self) -> str:
        if not self.measured:
            return str(NOT_MEASURED)
        n = self.number
        if n is None:
            return "—"
        if self.measure == "%":
            return f"{n:.1f}%"
        if self.measure == "days":
            return _("%(n).1f ngày") % {"n": n}
        return f"{n:g}"


def rate_value(key, label, part, whole, *, group="", max_points=None, full_at=1.0) -> Value:
    """A rate; when the indicator carries points: ``max_points × min(1, rate ÷ full_at)``."""
    rate = part / whole if whole else None
    points = None
    if max_points is not None and rate is not None:
        points = round(max_points * min(1.0, rate / full_at), 2)
    return Value(key, str(label), group, max_points, True, part, whole, rate, points, "%", "", full_at)


def unmeasured(key, label, reason, *, group="", max_points=None) -> Value:
    return Value(key, str(label), group, max_points, measured=False, reason=str(reason))


def count_value(key, label, n, *, measure="count", whole=None) -> Value:
    return Value(key, str(label), part=n, whole=whole, measure=measure)


def with_label(value: Value, label: str) -> Value:
    return replace(value, label=label)


@dataclass(frozen=True)
class Band:
    """Xếp loại: ``low`` ≤ score; ``confirmed`` False marks a band the law does not fix (domain §7)."""

    low: float
    code: str
    label: str
    confirmed: bool


DEFAULT_BANDS = (
    Band(90, "xuat_sac", gettext_lazy("Xuất sắc"), True),
    Band(80, "tot", gettext_lazy("Tốt"), False),
    Band(70, "kha", gettext_lazy("Khá"), False),
    Band(50, "trung_binh", gettext_lazy("Trung bình"), False),
    Band(0, "yeu", gettext_lazy("Yếu"), True),
)


def bands() -> tuple[Band, ...]:
    """``settings.MOTCUA_SCORE_BANDS`` (a list of dicts with low, code, label, confirmed) or the defaults."""
    custom = getattr(settings, "MOTCUA_SCORE_BANDS", None)
    if not custom:
        return DEFAULT_BANDS
    return tuple(sorted((Band(**b) for b in custom), key=lambda b: -b.low))


def band_for(score: float | None) -> Band | None:
    if score is None:
        return None
    return next((b for b in bands() if score >= b.low), None)
