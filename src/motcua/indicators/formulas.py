"""The Decision 766 indicators (domain §7) and the seed-era figures, each formula in one function.

Every function takes ``(scope, period, now=None)`` — ``scope`` an ``Agency``, an
``AdministrativeUnit`` (its agencies and all its descendants' agencies) or a ``Scope``; ``period``
a ``Period`` (``Period.month/quarter/year`` or any range) — and returns a ``Value``. Figures are
sums of ``DailyFact`` counters over the period's days (cost: agencies × days, never dossiers),
plus the open dossiers counted live through the partial index ``dossier_open_due``. Facts belong
to the receiving agency; open dossiers to the agency holding them now (the index's column).

``INDICATORS`` maps each key to its function and metadata (group, points, direction); pages and
exports iterate it (``figures.py`` adds the seed-era figures). ``scoring.py`` sums the groups,
compares targets and ranks units.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import FeeLine, ProcedureVersion
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import OPEN, PAUSED, Timeliness
from motcua.feedback import selectors as feedback

from . import rollup
from .models import COUNTERS, DailyFact, MonthFact
from .periods import Period, Scope
from .values import Value, rate_value, unmeasured

RECEIVED = ("received_desk", "received_online", "received_post")
ENDED = ("ended_early", "ended_on_time", "ended_late")
V = ProcedureVersion


# ------------------------------------------------------------------------------ building blocks


def full_online_versions() -> QuerySet:
    """Procedures offered fully online (toàn trình, Decree 42/2022 Art. 11)."""
    return V.objects.filter(online_level=V.OnlineLevel.FULL)


def online_versions() -> QuerySet:
    return V.objects.filter(online_level__in=[V.OnlineLevel.FULL, V.OnlineLevel.PARTIAL])


def level34_versions() -> QuerySet:
    """Procedures published at level 3 or 4 (Decree 43/2011), for the 2022-era targets."""
    return V.objects.filter(legacy_level__in=[3, 4])


def versions_with_fees() -> QuerySet:
    """A positive fee line, or one whose amount the province sets (unknown ≠ free)."""
    charged = FeeLine.objects.filter(version=OuterRef("pk")).filter(
        Q(amount_vnd__isnull=True) | Q(amount_vnd__gt=0)
    )
    return V.objects.filter(Exists(charged))


_shared: contextvars.ContextVar[dict | None] = contextvars.ContextVar("indicator_sums", default=None)


@contextmanager
def shared_sums() -> Iterator[None]:
    """Inside, ``sums`` reads the scope's facts of a period ONCE, grouped by procedure version.

    A dashboard asks for some thirty sums over the same days and agencies; one grouped query
    answers all of them (the rows are per version, so any version filter is a sum in Python).
    Re-entrant: an inner ``shared_sums`` keeps the outer memo.
    """
    if _shared.get() is not None:
        yield
        return
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def version_sums(scope, period: Period) -> dict[int, dict[str, int]]:
    """Every counter of the scope's facts of the period, per procedure version (one grouped query;
    read once per scope and period inside ``shared_sums``)."""
    agencies = Scope.of(scope).agency_ids
    memo = _shared.get()
    key = (agencies, period.start, period.end)
    if memo is not None and key in memo:
        return memo[key]
    rows = rollup.grouped(
        DailyFact, MonthFact, agencies, period, ("procedure_version_id",), {c: Sum(c) for c in COUNTERS}
    )
    by_version: dict[int, dict[str, int]] = {}
    for r in rows:
        target = by_version.setdefault(r.pop("procedure_version_id"), dict.fromkeys(COUNTERS, 0))
        for c in COUNTERS:
            target[c] += r[c] or 0
    if memo is not None:
        memo[key] = by_version
    return by_version


def sums(scope, period: Period, *counters: str, versions: QuerySet | None = None) -> dict[str, int]:
    """Σ of ``counters`` over the scope's facts of the period (optionally some versions only)."""
    memo = _shared.get()
    if memo is not None:
        chosen = version_sums(scope, period).items()
        if versions is not None:
            vkey = ("versions", str(versions.query))
            if vkey not in memo:
                memo[vkey] = set(versions.values_list("pk", flat=True))
            chosen = [(v, r) for v, r in chosen if v in memo[vkey]]
        return {c: sum(r[c] or 0 for _v, r in chosen) for c in counters}
    agencies = Scope.of(scope).agency_ids
    filters = {} if versions is None else {"procedure_version_id__in": versions.values("pk")}
    return rollup.totals(DailyFact, MonthFact, agencies, period, {c: Sum(c) for c in counters}, **filters)


def open_within_q(now: datetime) -> Q:
    """Open and still within due time: no time limit, clock paused, or due not passed — and at
    most one supplement request (domain §4 rule 2: more than one ⇒ late)."""
    return Q(supplement_count__lte=1) & (
        Q(state__in=sorted(PAUSED)) | Q(due_at__isnull=True) | Q(due_at__gte=now)
    )


def open_dossiers(scope) -> QuerySet:
    """Received dossiers not yet ended, held by the scope's agencies (partial index ``dossier_open_due``)."""
    return Dossier.objects.filter(
        state__in=sorted(OPEN), current_agency_id__in=Scope.of(scope).agency_ids, received_at__isnull=False
    )


def counts_open(period: Period, now: datetime | None) -> bool:
    """Open dossiers are a snapshot of now: they count only in a period containing today."""
    return period.contains(timezone.localdate(now or timezone.now()))


def open_counts(scope, period: Period, now: datetime | None = None) -> tuple[int, int]:
    """(open and within due time, all open) — (0, 0) for a period that does not contain today."""
    now = now or timezone.now()
    if not counts_open(period, now):
        return 0, 0
    agg = open_dossiers(scope).aggregate(total=Count("pk"), within=Count("pk", filter=open_within_q(now)))
    return agg["within"], agg["total"]


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    group: str
    max_points: float | None
    func: Callable[..., Value]
    higher_is_better: bool = True


INDICATORS: dict[str, Indicator] = {}


def indicator(
    key: str, label, group: str = "", max_points: float | None = None, higher_is_better: bool = True
):
    def register(func):
        INDICATORS[key] = Indicator(key, str(label), group, max_points, func, higher_is_better)
        return func

    return register


def _not_measured(key, label, group, points, reason):
    @indicator(key, label, group, points)
    def func(scope, period, now=None) -> Value:
        return unmeasured(key, label, reason, group=group, max_points=points)

    func.__doc__ = f"{label} ({points} điểm, nhóm {group}): chưa đo được — {reason}"
    return func


# ------------------------------------------------------------------- group 1: publicity (18)
_not_measured(
    "g1_published_on_time", _("TTHC công bố đúng hạn"), "1", 6, _("cần dữ liệu ngày văn bản QPPL có hiệu lực")
)
_not_measured(
    "g1_updated_on_time", _("TTHC cập nhật đúng hạn"), "1", 4, _("cần dữ liệu hạn cập nhật lên CSDL quốc gia")
)
_not_measured(
    "g1_complete_publication",
    _("TTHC công khai đầy đủ bộ phận"),
    "1",
    2,
    _("danh mục TTHC chưa gắn với đơn vị công khai"),
)


def synced_q() -> Q:
    """Every change of the dossier acknowledged by the national portal: its outbox holds items
    and none of them is pending, failed or dead (``integrations.portal_sync``)."""
    from motcua.integrations.models import SyncItem

    items = SyncItem.objects.filter(dossier=OuterRef("pk"))
    return Q(Exists(items)) & ~Q(Exists(items.exclude(state=SyncItem.State.SENT)))


@indicator("g1_synchronised", _("Hồ sơ đồng bộ lên Cổng DVCQG"), "1", 6)
def synchronised(scope, period: Period, now=None) -> Value:
    """Group 1, 6 points: dossiers received in the period whose every change the national portal
    has acknowledged ÷ dossiers received in the period (domain §11).

    Not synchronised: a dossier with an unsent outbox item (found through the partial index
    ``portal_sync_unsent``, a few rows), or one never queued at all — only possible after a muted
    import (``SyncGap``), and then looked for row by row until ``portal_sync --backfill`` closes
    the gap. What the portal itself holds is compared by ``portal_reconcile``.
    """
    from motcua.integrations.models import SyncItem
    from motcua.integrations.portal_sync import conf, outbox

    label, scope = INDICATORS["g1_synchronised"].label, Scope.of(scope)
    if not conf.enabled():
        reason = _("chưa bật đồng bộ Cổng DVCQG (MOTCUA_PORTAL_SYNC)")
        return unmeasured("g1_synchronised", label, reason, group="1", max_points=6)
    whole = sum(sums(scope, period, *RECEIVED).values())
    start, end = period.bounds()
    received = Dossier.objects.filter(
        agency_id__in=scope.agency_ids, received_at__gte=start, received_at__lt=end
    )
    unsent = SyncItem.objects.exclude(state=SyncItem.State.SENT).filter(dossier__in=received)
    missing = unsent.values("dossier_id").distinct().count()
    if missing < whole and outbox.gap_open():
        if SyncItem.objects.exists():
            missing += received.filter(portal_sync_items__isnull=True).count()
        else:  # nothing was ever sent: every dossier received is missing
            missing = whole
    return rate_value("g1_synchronised", label, whole - missing, whole, group="1", max_points=6)


# ------------------------------------------------------------------- group 2: timeliness (20)
@indicator("g2_timeliness", _("Tiến độ giải quyết hồ sơ"), "2", 20)
def timeliness(scope, period: Period, now=None) -> Value:
    """Decision 766 group 2 (domain §7), 20 points = 20 × rate.

    Our reading: rate = (ended early or on time in the period + open and still within due time)
    ÷ (ended in the period + open). "Ended" is the first end state of a received dossier (result,
    refusal, withdrawal, stop — domain §4 rule 7), classified by the services with supplement time
    excluded and more than one supplement ⇒ late. Open dossiers are counted now, only in a period
    containing today (we keep no past snapshots). Refusals at reception and online submissions
    not yet received have no clock and are in neither count.
    """
    s = sums(scope, period, *ENDED)
    within, open_total = open_counts(scope, period, now)
    return rate_value(
        "g2_timeliness",
        INDICATORS["g2_timeliness"].label,
        s["ended_early"] + s["ended_on_time"] + within,
        sum(s.values()) + open_total,
        group="2",
        max_points=20,
    )


# ------------------------------------------------------------------ group 3: digitisation (22)
@indicator("g3_electronic_result", _("Hồ sơ có kết quả điện tử"), "3", 6)
def electronic_result(scope, period: Period, now=None) -> Value:
    """Group 3, 6 points: results returned electronically or carrying a signed electronic result
    (``result_electronic``) ÷ results returned in the period (``returned``)."""
    s = sums(scope, period, "result_electronic", "returned")
    return rate_value(
        "g3_electronic_result",
        INDICATORS["g3_electronic_result"].label,
        s["result_electronic"],
        s["returned"],
        group="3",
        max_points=6,
    )


@indicator("g3_digitised", _("Hồ sơ số hóa thành phần và kết quả"), "3", 4)
def digitised(scope, period: Period, now=None) -> Value:
    """Group 3, 4 points: returned dossiers with digital components (scans, uploads, reuse) and an
    electronic result (``returned_digitised``) ÷ results returned in the period."""
    s = sums(scope, period, "returned_digitised", "returned")
    return rate_value(
        "g3_digitised",
        INDICATORS["g3_digitised"].label,
        s["returned_digitised"],
        s["returned"],
        group="3",
        max_points=4,
    )


_not_measured(
    "g3_certified_copies",
    _("Xã cấp bản sao điện tử có chứng thực"),
    "3",
    2,
    _("chưa có dữ liệu chứng thực điện tử"),
)


@indicator("g3_reused_data", _("Hồ sơ tái sử dụng dữ liệu số hóa"), "3", 2)
def reused_data(scope, period: Period, now=None) -> Value:
    """Group 3, 2 points, full at 80 %: dossiers received with a component reused from the
    applicant's earlier digitised results (``received_reused``) ÷ dossiers received."""
    s = sums(scope, period, "received_reused", *RECEIVED)
    return rate_value(
        "g3_reused_data",
        INDICATORS["g3_reused_data"].label,
        s["received_reused"],
        sum(s[c] for c in RECEIVED),
        group="3",
        max_points=2,
        full_at=0.8,
    )


_not_measured(
    "g3_data_store",
    _("Hồ sơ sử dụng kho dữ liệu cá nhân"),
    "3",
    4,
    _("thành phần chưa ghi nguồn kho dữ liệu cá nhân riêng với tái sử dụng kết quả"),
)
_not_measured(
    "g3_population_data",
    _("Hồ sơ khai thác dữ liệu dân cư"),
    "3",
    2,
    _("chưa kết nối CSDL quốc gia về dân cư"),
)
_not_measured(
    "g3_population_procedures",
    _("TTHC kết nối dữ liệu dân cư"),
    "3",
    2,
    _("chưa kết nối CSDL quốc gia về dân cư"),
)


# ----------------------------------------------------------------- group 4: online (12 + 10)
@indicator("g4a_online", _("Hồ sơ trực tuyến toàn trình"), "4a", 12)
def online(scope, period: Period, now=None) -> Value:
    """Group 4a, 12 points: dossiers received online ÷ all dossiers received, both among
    procedures eligible for full-process online (``online_level`` toàn trình)."""
    s = sums(scope, period, *RECEIVED, versions=full_online_versions())
    return rate_value(
        "g4a_online",
        INDICATORS["g4a_online"].label,
        s["received_online"],
        sum(s.values()),
        group="4a",
        max_points=12,
    )


@indicator("g4b_online_payment", _("Hồ sơ thanh toán trực tuyến"), "4b", 10)
def online_payment(scope, period: Period, now=None) -> Value:
    """Group 4b, 10 points: dossiers paid online in the period ÷ dossiers received in the period,
    both among procedures with a fee (procedures whose fees are all zero are excluded)."""
    s = sums(scope, period, "paid_online", *RECEIVED, versions=versions_with_fees())
    return rate_value(
        "g4b_online_payment",
        INDICATORS["g4b_online_payment"].label,
        s["paid_online"],
        sum(s[c] for c in RECEIVED),
        group="4b",
        max_points=10,
    )


# ---------------------------------------------------------------- group 5: satisfaction (18)
@indicator("g5_petitions_on_time", _("Phản ánh, kiến nghị xử lý đúng hạn"), "5", 6)
def petitions_on_time(scope, period: Period, now=None) -> Value:
    """Group 5, 6 points: ``feedback.selectors.handled_on_time_figure`` (its docstring has the formula)."""
    f = feedback.handled_on_time_figure(set(Scope.of(scope).agency_ids), period.start, period.end)
    return rate_value(
        "g5_petitions_on_time",
        INDICATORS["g5_petitions_on_time"].label,
        f.part,
        f.whole,
        group="5",
        max_points=6,
    )


@indicator("g5_petitions_satisfied", _("Phản ánh, kiến nghị xử lý hài lòng"), "5", 6)
def petitions_satisfied(scope, period: Period, now=None) -> Value:
    """Group 5, 6 points: ``feedback.selectors.answer_satisfaction_figure``."""
    f = feedback.answer_satisfaction_figure(set(Scope.of(scope).agency_ids), period.start, period.end)
    return rate_value(
        "g5_petitions_satisfied",
        INDICATORS["g5_petitions_satisfied"].label,
        f.part,
        f.whole,
        group="5",
        max_points=6,
    )


def complaints_on_good_dossiers(scope, period: Period) -> QuerySet:
    """Dossiers ended in time in the period, not rated unsatisfied, with a complaint (few rows)."""
    from motcua.feedback.models import Level, Petition, PetitionKind

    start, end = period.bounds()
    complained = Petition.objects.filter(dossier=OuterRef("pk"), kind=PetitionKind.COMPLAINT)
    return Dossier.objects.filter(
        Exists(complained),
        agency_id__in=Scope.of(scope).agency_ids,
        ended_at__gte=start,
        ended_at__lt=end,
        timeliness__in=[Timeliness.EARLY, Timeliness.ON_TIME],
    ).exclude(rating__level=Level.UNSATISFIED)


@indicator("g5_service", _("Hồ sơ không bị đánh giá không hài lòng, khiếu nại, quá hạn"), "5", 6)
def service_quality(scope, period: Period, now=None) -> Value:
    """Group 5, 6 points, full at ≥ 90 %: dossiers ended in the period that are not late, not rated
    unsatisfied and not complained about ÷ dossiers ended in the period.
    Bad = ``ended_late`` + ``ended_unsatisfied`` (ended in time, rated unsatisfied) + complaints
    on the remaining ones (``complaints_on_good_dossiers``)."""
    s = sums(scope, period, *ENDED, "ended_unsatisfied")
    whole = s["ended_early"] + s["ended_on_time"] + s["ended_late"]
    bad = s["ended_late"] + s["ended_unsatisfied"] + complaints_on_good_dossiers(scope, period).count()
    return rate_value(
        "g5_service", INDICATORS["g5_service"].label, whole - bad, whole, group="5", max_points=6, full_at=0.9
    )
