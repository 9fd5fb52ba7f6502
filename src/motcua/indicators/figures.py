"""The figures the seed documents report by hand (domain §7 "older online rate", §10), from facts.

Registered in ``formulas.INDICATORS`` next to the Decision 766 indicators (group ""), so targets
and rankings work on them too. Two tables go with them: average processing time per procedure
and the bottleneck steps.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max, Sum
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import ProcedureVersion
from motcua.feedback import selectors as feedback

from . import rollup
from .formulas import (
    ENDED,
    INDICATORS,
    RECEIVED,
    indicator,
    level34_versions,
    online_versions,
    open_counts,
    sums,
    version_sums,
)
from .models import StepFact, StepMonthFact
from .periods import Period, Scope
from .values import Value, count_value, rate_value

DAY_SECONDS = 86400
CHANNEL_COUNTERS = {"desk": "received_desk", "online": "received_online", "post": "received_post"}


def dossiers_by_channel(scope, period: Period) -> dict[str, int]:
    """Dossiers received in the period per channel (domain §4: 1 desk, 2 online, 3 post)."""
    s = sums(scope, period, *RECEIVED)
    return {channel: s[counter] for channel, counter in CHANNEL_COUNTERS.items()}


def _channel(key: str, label, counter: str) -> None:
    @indicator(key, label)
    def func(scope, period: Period, now=None) -> Value:
        s = sums(scope, period, *RECEIVED)
        return count_value(key, INDICATORS[key].label, s[counter], whole=sum(s.values()))

    func.__doc__ = f"{label}: Σ {counter} of the period (part), of all dossiers received (whole)."


_channel("received_desk", _("Hồ sơ tiếp nhận trực tiếp"), "received_desk")
_channel("received_online", _("Hồ sơ tiếp nhận trực tuyến"), "received_online")
_channel("received_post", _("Hồ sơ tiếp nhận qua bưu chính"), "received_post")


@indicator("online_rate_level34", _("Tỷ lệ hồ sơ trực tuyến (DVC mức độ 3, 4)"))
def online_rate_level34(scope, period: Period, now=None) -> Value:
    """Seed-era online rate (domain §7): dossiers received online among procedures published at
    level 3/4 ÷ all dossiers received."""
    online = sums(scope, period, "received_online", versions=level34_versions())["received_online"]
    whole = sum(sums(scope, period, *RECEIVED).values())
    return rate_value("online_rate_level34", INDICATORS["online_rate_level34"].label, online, whole)


@indicator("online_submission_rate", _("Tỷ lệ nộp hồ sơ trực tuyến"))
def online_submission_rate(scope, period: Period, now=None) -> Value:
    """Group 4a's reported figure: received online ÷ received, among procedures offered online
    (toàn trình or một phần)."""
    s = sums(scope, period, *RECEIVED, versions=online_versions())
    return rate_value(
        "online_submission_rate",
        INDICATORS["online_submission_rate"].label,
        s["received_online"],
        sum(s.values()),
    )


@indicator("digitisation_rate", _("Tỷ lệ số hóa hồ sơ"))
def digitisation_rate(scope, period: Period, now=None) -> Value:
    """Dossiers ended in the period with digital components (scans, uploads, data-store reuse)
    (``ended_digitised``) ÷ dossiers ended in the period."""
    s = sums(scope, period, "ended_digitised", *ENDED)
    return rate_value(
        "digitisation_rate",
        INDICATORS["digitisation_rate"].label,
        s["ended_digitised"],
        sum(s[c] for c in ENDED),
    )


@indicator("on_time_rate", _("Tỷ lệ hồ sơ giải quyết đúng hạn"))
def on_time_rate(scope, period: Period, now=None) -> Value:
    """Ended early or on time ÷ ended, in the period (open dossiers not included — see group 2)."""
    s = sums(scope, period, *ENDED)
    return rate_value(
        "on_time_rate",
        INDICATORS["on_time_rate"].label,
        s["ended_early"] + s["ended_on_time"],
        sum(s.values()),
    )


@indicator("online_payment_rate", _("Tỷ lệ thanh toán trực tuyến"))
def online_payment_rate(scope, period: Period, now=None) -> Value:
    """Dossier fees paid online ÷ dossier fees paid (any method), by day of payment."""
    s = sums(scope, period, "paid_online", "paid_total")
    return rate_value(
        "online_payment_rate", INDICATORS["online_payment_rate"].label, s["paid_online"], s["paid_total"]
    )


@indicator("satisfaction_rate", _("Tỷ lệ hài lòng"))
def satisfaction_rate(scope, period: Period, now=None) -> Value:
    """``feedback.selectors.satisfaction_figures``: ratings given in the period that are not
    "unsatisfied" ÷ ratings given in the period."""
    f = feedback.satisfaction_figures(
        set(Scope.of(scope).agency_ids), period.start, period.end
    ).not_unsatisfied
    return rate_value("satisfaction_rate", INDICATORS["satisfaction_rate"].label, f.part, f.whole)


@indicator("average_processing_days", _("Thời gian giải quyết trung bình"), higher_is_better=False)
def average_processing_days(scope, period: Period, now=None) -> Value:
    """Σ (end of processing − reception) ÷ number of dossiers ended in the period, in calendar
    days (``processing_seconds_sum`` ÷ ``processing_count`` ÷ 86 400)."""
    s = sums(scope, period, "processing_seconds_sum", "processing_count")
    days = (
        s["processing_seconds_sum"] / s["processing_count"] / DAY_SECONDS if s["processing_count"] else None
    )
    return count_value(
        "average_processing_days",
        INDICATORS["average_processing_days"].label,
        None if days is None else round(days, 4),
        measure="days",
        whole=s["processing_count"],
    )


@indicator("steps_over_budget", _("Bước xử lý quá thời gian"), higher_is_better=False)
def steps_over_budget(scope, period: Period, now=None) -> Value:
    """Steps of internal processes finished in the period over their time budget (part) out of
    all finished steps (whole) — the control sheet's "late" lines (form 05)."""
    s = sums(scope, period, "steps_over_budget", "steps_done")
    return count_value(
        "steps_over_budget",
        INDICATORS["steps_over_budget"].label,
        s["steps_over_budget"],
        whole=s["steps_done"],
    )


@indicator("open_late", _("Hồ sơ đang giải quyết đã quá hạn"), higher_is_better=False)
def open_late(scope, period: Period, now=None) -> Value:
    """Open dossiers already past due (or with more than one supplement request), now; out of all
    open dossiers. Only in a period containing today."""
    within, total = open_counts(scope, period, now)
    return count_value("open_late", INDICATORS["open_late"].label, total - within, whole=total)


@dataclass(frozen=True)
class ProcedureTime:
    procedure_id: int
    code: str
    name: str
    ended: int
    average_days: float


def processing_time_by_procedure(scope, period: Period) -> list[ProcedureTime]:
    """Average processing time per procedure (all versions together), slowest first.

    From ``version_sums`` (the dashboard's one grouped read of the facts) and the versions'
    procedures — no second pass over the facts.
    """
    timed = {v: r for v, r in version_sums(scope, period).items() if r["processing_count"]}
    per: dict[int, list] = {}
    for vid, pid, code, name in ProcedureVersion.objects.filter(pk__in=timed).values_list(
        "pk", "procedure_id", "procedure__code", "procedure__name"
    ):
        row = per.setdefault(pid, [code, name, 0, 0])
        row[2] += timed[vid]["processing_seconds_sum"]
        row[3] += timed[vid]["processing_count"]
    out = [
        ProcedureTime(pid, code, name, n, round(seconds / n / DAY_SECONDS, 4))
        for pid, (code, name, seconds, n) in per.items()
    ]
    return sorted(out, key=lambda p: (-p.average_days, p.code))


@dataclass(frozen=True)
class StepLoad:
    """Điểm nghẽn: one step of one procedure's internal process at one agency."""

    agency_id: int
    procedure_id: int
    procedure_name: str
    step_order: int
    step_name: str
    done: int
    over_budget: int
    average_days: float


def bottlenecks(scope, period: Period) -> list[StepLoad]:
    """Steps finished in the period, most over-budget first (steps are counted at the agency doing them).

    Grouped on the fact table's own integer columns, then rolled up per procedure in Python:
    joining the procedure into every step row before grouping was the dashboard's slowest query,
    and hashing the step's name into the group key cost 40 % of it — the name is taken as the
    greatest of the period's (a step renamed during the year shows its later name when that sorts
    last; its counts are never split).
    """
    rows = rollup.grouped(
        StepFact,
        StepMonthFact,
        Scope.of(scope).agency_ids,
        period,
        ("agency_id", "procedure_version_id", "step_order"),
        {
            "step_name": Max("step_name"),
            "done": Sum("steps_done"),
            "over": Sum("steps_over_budget"),
            "seconds": Sum("seconds_sum"),
        },
    )
    procedures = {
        vid: (pid, pname)
        for vid, pid, pname in ProcedureVersion.objects.filter(
            pk__in={r["procedure_version_id"] for r in rows}
        ).values_list("pk", "procedure_id", "procedure__name")
    }
    per: dict[tuple, list[int]] = {}
    names: dict[tuple, str] = {}
    for r in rows:
        pid, pname = procedures[r["procedure_version_id"]]
        key = (r["agency_id"], pid, pname, r["step_order"])
        names[key] = max(names.get(key, ""), r["step_name"] or "")
        acc = per.setdefault(key, [0, 0, 0])
        acc[0] += r["done"]
        acc[1] += r["over"]
        acc[2] += r["seconds"]
    out = [
        StepLoad(
            agency_id,
            pid,
            pname,
            order,
            name,
            done,
            over,
            round(seconds / done / DAY_SECONDS, 4) if done else 0.0,
        )
        for (agency_id, pid, pname, order), (done, over, seconds) in per.items()
        for name in [names[(agency_id, pid, pname, order)]]
    ]
    return sorted(out, key=lambda s: (-s.over_budget, -s.done, s.procedure_id, s.step_order))
