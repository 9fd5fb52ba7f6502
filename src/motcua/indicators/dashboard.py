"""What the indicator pages show: who may look at which unit, the period asked for, the figures.

Shared by the pages (``views``) and the exports (``exports``), so a spreadsheet always holds what
the dashboard shows. Everything is read from facts (architecture rule 5) through ``formulas``,
``figures`` and ``scoring``; nothing here counts dossiers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import F, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.org.models import AdministrativeUnit, Agency, Role
from motcua.org.selectors import roles_by_agency
from motcua.params import day as _day
from motcua.params import whole as _int

from . import figures, rollup, succession
from .formulas import ENDED, INDICATORS, RECEIVED, shared_sums, sums
from .models import DailyFact, MonthFact, Target
from .periods import Period, Scope, unit_agency_ids, unit_ids_below
from .scoring import GROUPS, Ranked, Scorecard, compliance, ranking, scorecard
from .selectors import DOSSIER_FIGURES
from .values import Value, rate_value

GROUP_LABELS = {
    "1": gettext_lazy("Công khai, minh bạch"),
    "2": gettext_lazy("Tiến độ giải quyết"),
    "3": gettext_lazy("Số hóa hồ sơ"),
    "4a": gettext_lazy("Cung cấp dịch vụ trực tuyến"),
    "4b": gettext_lazy("Thanh toán trực tuyến"),
    "5": gettext_lazy("Mức độ hài lòng"),
}
FIGURE_KEYS = [key for key, ind in INDICATORS.items() if not ind.group]
DRILLABLE = {*DOSSIER_FIGURES, "steps_over_budget", "g5_petitions_on_time", "g5_petitions_satisfied"}
MAX_RANGE_DAYS = 3 * 366


# ---------------------------------------------------------------------------------- access


@dataclass(frozen=True)
class Reach:
    """The units and agencies a person may choose on the indicator pages.

    Reform managers see their agency's unit and every unit below it (``wide``: the drill-down
    lists all dossiers of those agencies). Other officers see their own agencies, and a unit only
    when every agency of its subtree is one of theirs — never a figure of someone else's agency.
    """

    unit_ids: frozenset[int]
    agency_ids: frozenset[int]
    wide_agency_ids: frozenset[int]

    def allows(self, scope: Scope) -> bool:
        return bool(scope.agency_ids) and scope.agency_ids <= self.agency_ids

    def wide(self, scope: Scope) -> bool:
        return bool(scope.agency_ids) and scope.agency_ids <= self.wide_agency_ids


def reach(user) -> Reach:
    if user.is_superuser:
        units = frozenset(AdministrativeUnit.objects.values_list("pk", flat=True))
        agencies = frozenset(Agency.objects.values_list("pk", flat=True))
        return Reach(units, agencies, agencies)
    roles = roles_by_agency(user)
    own = set(roles)
    mine = list(Agency.objects.filter(pk__in=own).select_related("unit"))
    units: set[int] = set()
    for agency in mine:
        if Role.REFORM_MANAGER in roles[agency.pk] and agency.unit_id not in units:
            units |= unit_ids_below(agency.unit_id)
    # A unit's records include those of the units merged into it (1/7/2025): so do its managers'.
    units |= succession.predecessor_ids(units) if units else set()
    wide = set(Agency.objects.filter(unit_id__in=units).values_list("pk", flat=True)) if units else set()
    for agency in mine:
        if agency.unit_id not in units and unit_agency_ids(agency.unit_id) <= own:
            units.add(agency.unit_id)
    return Reach(frozenset(units), frozenset(own | wide), frozenset(wide))


def chosen_subject(params, allowed: Reach) -> AdministrativeUnit | Agency | None:
    """The unit (``don_vi``) or agency (``co_quan``) asked for, or the caller's widest unit; None
    when it does not exist or the caller may not see it (the page answers 404 in both cases)."""
    agency_id, unit_id = _int(params.get("co_quan")), _int(params.get("don_vi"))
    if params.get("co_quan"):
        ok = agency_id in allowed.agency_ids
        return Agency.objects.select_related("unit").filter(pk=agency_id).first() if ok else None
    if params.get("don_vi"):
        ok = unit_id in allowed.unit_ids
        return AdministrativeUnit.objects.select_related("level").filter(pk=unit_id).first() if ok else None
    unit = (
        AdministrativeUnit.objects.filter(pk__in=allowed.unit_ids)
        .select_related("level")
        .order_by("level__rank", F("valid_to").desc(nulls_first=True), "code")  # today's units first
        .first()
    )
    return unit or Agency.objects.filter(pk__in=allowed.agency_ids).order_by("name").first()


def subject_params(subject) -> dict[str, int]:
    return {"co_quan": subject.pk} if isinstance(subject, Agency) else {"don_vi": subject.pk}


def choices(allowed: Reach) -> tuple[list, list]:
    units = list(
        AdministrativeUnit.objects.filter(pk__in=allowed.unit_ids)
        .select_related("level")
        .order_by("level__rank", F("valid_to").desc(nulls_first=True), "code", "name")
    )
    agencies = list(Agency.objects.filter(pk__in=allowed.agency_ids).order_by("name"))
    return units, agencies


# ---------------------------------------------------------------------------------- period


@dataclass(frozen=True)
class PeriodChoice:
    period: Period
    kind: str  # thang | quy | nam | khoang
    year: int
    month: int
    quarter: int

    def params(self) -> dict[str, str]:
        """The canonical form used in links: an explicit range."""
        return {
            "ky": "khoang",
            "tu_ngay": self.period.start.isoformat(),
            "den_ngay": self.period.end.isoformat(),
        }


def period_from(params, today: date) -> PeriodChoice:
    """``ky=thang&nam=&thang=``, ``ky=quy&nam=&quy=``, ``ky=nam&nam=`` or ``tu_ngay``/``den_ngay``
    (any range, at most three years); the current month when nothing (valid) is given."""
    year = _int(params.get("nam")) or today.year
    year = year if 2000 <= year <= 2100 else today.year
    month = _int(params.get("thang")) or today.month
    month = month if 1 <= month <= 12 else today.month
    quarter = _int(params.get("quy")) or (today.month - 1) // 3 + 1
    quarter = quarter if 1 <= quarter <= 4 else 1
    start, end = _day(params.get("tu_ngay")), _day(params.get("den_ngay"))
    kind = params.get("ky") or ("khoang" if start and end else "thang")
    if kind == "khoang" and start and end:
        start, end = min(start, end), max(start, end)
        end = min(end, start + timedelta(days=MAX_RANGE_DAYS))
        return PeriodChoice(Period(start, end), "khoang", start.year, start.month, (start.month - 1) // 3 + 1)
    if kind == "nam":
        return PeriodChoice(Period.year(year), "nam", year, month, quarter)
    if kind == "quy":
        return PeriodChoice(Period.quarter(year, quarter), "quy", year, month, quarter)
    return PeriodChoice(Period.month(year, month), "thang", year, month, quarter)


# ---------------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class GroupRow:
    code: str
    label: str
    max_points: int
    points: float | None
    values: list[Value]

    @property
    def measured(self) -> bool:
        return any(v.measured for v in self.values)


@dataclass(frozen=True)
class TargetRow:
    target: Target
    label: str
    value: float | None
    met: bool | None
    gap: float | None


@dataclass(frozen=True)
class Month:
    label: str
    received: int
    on_time: int
    ended: int


@dataclass
class Dashboard:
    subject: AdministrativeUnit | Agency
    period: Period
    card: Scorecard
    groups: list[GroupRow]
    figures: list[Value]
    channels: dict[str, int]
    times: list
    bottlenecks: list
    targets: list[TargetRow]
    trend: list[Month]
    agency_names: dict[int, str] = field(default_factory=dict)
    # Units of before a reorganisation whose figures are included (asked for; see ``succession``).
    predecessors: list[AdministrativeUnit] = field(default_factory=list)


def groups_of(card: Scorecard) -> list[GroupRow]:
    return [
        GroupRow(g, str(GROUP_LABELS[g]), m, card.groups[g], [v for v in card.values if v.group == g])
        for g, m in GROUPS.items()
    ]


def targets_of(subject, period: Period, now=None) -> list[TargetRow]:
    if not isinstance(subject, AdministrativeUnit):
        return []
    rows = []
    for t in Target.objects.filter(unit=subject, period_start__lte=period.end, period_end__gte=period.start):
        c = compliance(t, now)
        rows.append(TargetRow(t, indicator_label(t.indicator), c.value, c.met, c.gap))
    return rows


def indicator_label(key: str) -> str:
    if key == "score_total":
        return _("Tổng điểm")
    if key.startswith("score_group_"):
        g = key.removeprefix("score_group_")
        return _("Điểm nhóm %(g)s") % {"g": g} + (f" — {GROUP_LABELS[g]}" if g in GROUP_LABELS else "")
    return INDICATORS[key].label if key in INDICATORS else key


def month_start(day: date, back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


MONTH_KEYS = ("received", "on_time", "ended")


def monthly_trend(scope: Scope, last_day: date, months: int = 12) -> list[Month]:
    """Received and ended-on-time per month over the ``months`` months ending with ``last_day``'s."""
    first = month_start(last_day, months - 1)
    end = Period.month(last_day.year, last_day.month).end
    # Grouped by day, rolled up to months here: truncating every fact row's day to its month in
    # the database cost 40 % more than grouping on the day itself (a few hundred rows come back).
    rows = rollup.grouped(
        DailyFact,
        MonthFact,
        scope.agency_ids,
        Period(first, end),
        ("day",),
        {
            "received": Sum(sum((F(c) for c in RECEIVED[1:]), F(RECEIVED[0]))),
            "on_time": Sum(F("ended_early") + F("ended_on_time")),
            "ended": Sum(sum((F(c) for c in ENDED[1:]), F(ENDED[0]))),
        },
    )
    by_month: dict[tuple[int, int], dict[str, int]] = {}
    for r in rows:
        month = by_month.setdefault(
            (r["day"].year, r["day"].month), {"received": 0, "on_time": 0, "ended": 0}
        )
        for k in month:
            month[k] += r[k] or 0
    out = []
    for back in range(months - 1, -1, -1):
        m = month_start(last_day, back)
        r = by_month.get((m.year, m.month), {})
        out.append(Month(f"{m:%m/%Y}", r.get("received") or 0, r.get("on_time") or 0, r.get("ended") or 0))
    return out


def build(subject, period: Period, now=None, *, trend: bool = True, predecessors: bool = False) -> Dashboard:
    with shared_sums():
        return _build(subject, period, now, trend=trend, predecessors=predecessors)


def _build(subject, period: Period, now=None, *, trend: bool = True, predecessors: bool = False) -> Dashboard:
    scope, included = succession.scope_for(subject, predecessors)
    card = scorecard(scope, period, now)
    steps = figures.bottlenecks(scope, period)
    names = dict(Agency.objects.filter(pk__in={s.agency_id for s in steps}).values_list("pk", "name"))
    return Dashboard(
        subject=subject,
        period=period,
        card=card,
        groups=groups_of(card),
        figures=[INDICATORS[k].func(scope, period, now) for k in FIGURE_KEYS],
        channels=figures.dossiers_by_channel(scope, period),
        times=figures.processing_time_by_procedure(scope, period),
        bottlenecks=steps,
        targets=targets_of(subject, period, now),
        trend=monthly_trend(scope, period.end) if trend else [],
        agency_names=names,
        predecessors=included,
    )


# ---------------------------------------------------------------------------------- ranking


def rank_keys() -> list[tuple[str, str]]:
    keys = [("score_total", _("Tổng điểm"))]
    keys += [(f"score_group_{g}", indicator_label(f"score_group_{g}")) for g in GROUPS]
    keys += [(k, ind.label) for k, ind in INDICATORS.items() if k in DRILLABLE or not ind.group]
    return list(dict(keys).items())


def rank_subjects(subject, allowed: Reach, by: str = "") -> tuple[str, list]:
    """("don_vi", child units) or ("co_quan", agencies) of ``subject`` the caller may see."""
    if isinstance(subject, Agency):
        return "co_quan", [a for a in subject.children.order_by("name") if a.pk in allowed.agency_ids]
    children = [u for u in subject.children.order_by("code") if u.pk in allowed.unit_ids]
    if children and by != "co_quan":
        return "don_vi", children
    return "co_quan", [a for a in subject.agencies.order_by("name") if a.pk in allowed.agency_ids]


def rank(
    subject, allowed: Reach, key: str, period: Period, by: str = "", now=None
) -> tuple[str, list[Ranked]]:
    kind, subjects = rank_subjects(subject, allowed, by)
    return kind, ranking([s for s in subjects if existed(s, period)], key, period, now)


def existed(subject, period: Period) -> bool:
    """A unit takes part in a period's ranking when it existed on one of its days: the districts
    abolished on 1/7/2025 do not rank after it, the communes formed then do not rank before."""
    if not isinstance(subject, AdministrativeUnit):
        return True
    return (subject.valid_to is None or subject.valid_to > period.start) and (
        subject.valid_from is None or subject.valid_from <= period.end
    )


# ---------------------------------------------------------------------------------- public


@dataclass(frozen=True)
class FieldRow:
    name: str
    received: int
    ended: int
    on_time: int


def public_figures(scope: Scope, period: Period) -> dict:
    """The published figures of one period: counts and rates only, never a dossier."""
    s = sums(scope, period, *RECEIVED, *ENDED)
    received, ended = sum(s[c] for c in RECEIVED), sum(s[c] for c in ENDED)
    return {
        "received": received,
        "ended": ended,
        "on_time": INDICATORS["on_time_rate"].func(scope, period),
        "online": rate_value("online_share", _("Hồ sơ tiếp nhận trực tuyến"), s["received_online"], received),
        "satisfaction": INDICATORS["satisfaction_rate"].func(scope, period),
    }


def by_field(scope: Scope, period: Period) -> list[FieldRow]:
    rows = rollup.grouped(
        DailyFact,
        MonthFact,
        scope.agency_ids,
        period,
        ("procedure_version__procedure__field__name",),
        {
            "received": Sum(sum((F(c) for c in RECEIVED[1:]), F(RECEIVED[0]))),
            "ended": Sum(sum((F(c) for c in ENDED[1:]), F(ENDED[0]))),
            "on_time": Sum(F("ended_early") + F("ended_on_time")),
        },
    )
    by_name: dict[str, list[int]] = {}
    for r in rows:
        acc = by_name.setdefault(r["procedure_version__procedure__field__name"], [0, 0, 0])
        for i, k in enumerate(("received", "ended", "on_time")):
            acc[i] += r[k] or 0
    return [FieldRow(name, *acc) for name, acc in sorted(by_name.items())]
