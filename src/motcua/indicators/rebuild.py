"""Recompute every fact from the events, payments and ratings, and compare with the live table.

``rebuild(from_date, to_date, check=True)`` lists the differences and changes nothing;
``check=False`` also replaces the facts of those days with the recomputed ones. Dossiers are
read in primary-key chunks with their counted events, so memory holds one chunk of dossiers and
the facts (agencies × procedures × days), never the whole event table.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

from django.db import connection, transaction
from django.utils import timezone

from motcua.dossiers.models import Dossier, DossierEvent

from . import facts, rollup
from .models import COUNTERS, STEP_COUNTERS, DailyFact, MonthFact, StepFact, StepMonthFact

CHUNK = 2000
DOSSIER_FIELDS = (
    "pk",
    "agency_id",
    "competent_agency_id",
    "procedure_version_id",
    "channel",
    "assisted",
    "components",
    "received_at",
    "timeliness",
    "process_steps",
)


@dataclass(frozen=True)
class Difference:
    table: str  # "daily" or "step"
    key: tuple
    counter: str
    live: int
    rebuilt: int

    def __str__(self) -> str:
        day, agency, version, *step = self.key
        where = f"{day} cơ quan={agency} thủ tục={version}" + (f" bước={step[0]}" if step else "")
        return f"{where} {self.counter}: đang có {self.live}, tính lại {self.rebuilt}"


class _PreloadedFiles:
    def __init__(self, signed: set[int], components: set[int]):
        self.signed, self.components = signed, components

    def signed_result(self, dossier_id: int) -> bool:
        return dossier_id in self.signed

    def component_files(self, dossier_id: int) -> bool:
        return dossier_id in self.components


def _bounds(from_date: date | None, to_date: date | None) -> dict:
    tz = timezone.get_current_timezone()
    out = {}
    if from_date:
        out["gte"] = datetime.combine(from_date, time.min, tz)
    if to_date:
        out["lt"] = datetime.combine(to_date + timedelta(days=1), time.min, tz)
    return out


def _in(field: str, bounds: dict) -> dict:
    return {f"{field}__{op}": value for op, value in bounds.items()}


def _chunks() -> Iterator[list[SimpleNamespace]]:
    last = 0
    while True:
        rows = list(Dossier.objects.filter(pk__gt=last).order_by("pk").values(*DOSSIER_FIELDS)[:CHUNK])
        if not rows:
            return
        last = rows[-1]["pk"]
        yield [SimpleNamespace(**row) for row in rows]


def _files(ids: list[int]) -> _PreloadedFiles:
    from motcua.documents.models import DossierFile

    files = DossierFile.objects.filter(dossier_id__in=ids)
    return _PreloadedFiles(
        set(files.filter(kind="result", signed=True).values_list("dossier_id", flat=True)),
        set(files.filter(kind="component").values_list("dossier_id", flat=True)),
    )


def compute(from_date: date | None = None, to_date: date | None = None) -> tuple[dict, dict]:
    """The facts the history implies: ``({key: {counter: n}}, {step_key: ({counter: n}, name)})``."""
    from motcua.feedback.models import Rating
    from motcua.payments.models import DOSSIER_FEES, Payment

    bounds = _bounds(from_date, to_date)
    daily: dict = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    steps: dict = {}

    def add(rows) -> None:
        for key, delta in rows:
            target = daily[key]
            for name, n in delta.items():
                target[name] += n

    for dossiers in _chunks():
        by_id = {d.pk: d for d in dossiers}
        events = (
            DossierEvent.objects.filter(
                dossier_id__in=list(by_id), action__in=facts.COUNTED_ACTIONS, **_in("at", bounds)
            )
            .order_by("dossier_id", "seq")
            .values("dossier_id", "action", "from_state", "to_state", "at", "data")
        )
        events = [SimpleNamespace(**e) for e in events]
        files = _files(
            [e.dossier_id for e in events if e.action in {"return_result", *facts.ENDED_BY_ACTION}]
        )
        for e in events:
            d = by_id[e.dossier_id]
            add(facts.dossier_deltas(d, e, files))
            step = facts.step_record(d, e)
            if step is not None:
                key, delta, name = step
                counters, _ = steps.get(key, (dict.fromkeys(STEP_COUNTERS, 0), name))
                steps[key] = ({c: counters[c] + delta[c] for c in STEP_COUNTERS}, name)

    paid = Payment.objects.filter(state=Payment.State.PAID, fee_key=DOSSIER_FEES, **_in("paid_at", bounds))
    for p in paid.select_related("dossier").only(
        "state",
        "fee_key",
        "paid_at",
        "method",
        "dossier__agency_id",
        "dossier__competent_agency_id",
        "dossier__procedure_version_id",
    ):
        add(facts.payment_deltas(p))
    ratings = Rating.objects.select_related("dossier").only(
        "level",
        "rated_at",
        "dossier__agency_id",
        "dossier__competent_agency_id",
        "dossier__procedure_version_id",
        "dossier__ended_at",
        "dossier__timeliness",
    )
    for r in ratings.filter(**_in("rated_at", bounds)):
        add(facts.rating_deltas(r)[:1])
    for r in ratings.filter(level="unsatisfied", **_in("dossier__ended_at", bounds)):
        add(facts.rating_deltas(r)[1:])
    return {k: v for k, v in daily.items() if any(v.values())}, steps


def _live(model, key_fields: tuple[str, ...], counters: tuple[str, ...], bounds_days: dict) -> dict:
    rows = model.objects.filter(**bounds_days).values(*key_fields, *counters)
    return {tuple(r[f] for f in key_fields): {c: r[c] for c in counters} for r in rows}


def _diff(table: str, live: dict, rebuilt: dict, counters: tuple[str, ...]) -> list[Difference]:
    out = []
    zero = dict.fromkeys(counters, 0)
    for key in sorted(set(live) | set(rebuilt), key=lambda k: tuple(str(x) for x in k)):
        a, b = live.get(key, zero), rebuilt.get(key, zero)
        out += [Difference(table, key, c, a[c], b[c]) for c in counters if a[c] != b[c]]
    return out


def _insert(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Plain multi-row INSERTs (the ORM's bulk_create compiled every value: half of a rebuild)."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    per_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    size = max(1, 900 // len(columns))  # SQLite's limit on parameters per statement
    with connection.cursor() as cursor:
        for i in range(0, len(rows), size):
            chunk = rows[i : i + size]
            sql = f"INSERT INTO {table} ({names}) VALUES {', '.join([per_row] * len(chunk))}"  # noqa: S608
            cursor.execute(sql, [value for row in chunk for value in row])


def rebuild(
    from_date: date | None = None, to_date: date | None = None, *, check: bool = False
) -> list[Difference]:
    """Recompute the facts of the days in [from_date, to_date] (all days when open) from history.

    Returns the differences between the live facts and the recomputed ones (empty when the
    bookkeeping is right). Unless ``check``, the facts of those days are then replaced.
    """
    days = {}
    if from_date:
        days["day__gte"] = from_date
    if to_date:
        days["day__lte"] = to_date
    daily, steps = compute(from_date, to_date)
    step_counts = {k: v[0] for k, v in steps.items()}
    differences = _diff(
        "daily",
        _live(DailyFact, ("day", "agency_id", "procedure_version_id"), COUNTERS, days),
        daily,
        COUNTERS,
    )
    live_steps = _live(
        StepFact, ("day", "agency_id", "procedure_version_id", "step_order"), STEP_COUNTERS, days
    )
    differences += _diff("step", live_steps, step_counts, STEP_COUNTERS)
    # The month tables against the month sums of the recomputed days (months wholly inside).
    inside = _whole_months(from_date, to_date)
    differences += _diff(
        "month", _live(MonthFact, KEY, COUNTERS, inside), _by_month(daily, COUNTERS, inside), COUNTERS
    )
    differences += _diff(
        "step_month",
        _live(StepMonthFact, STEP_KEY, STEP_COUNTERS, inside),
        _by_month(step_counts, STEP_COUNTERS, inside),
        STEP_COUNTERS,
    )
    if not check:
        with transaction.atomic():
            DailyFact.objects.filter(**days).delete()
            StepFact.objects.filter(**days).delete()
            _insert(
                DailyFact,
                ("day", "agency_id", "procedure_version_id", *COUNTERS),
                [(k[0], k[1], k[2], *(v[c] for c in COUNTERS)) for k, v in daily.items()],
            )
            _insert(
                StepFact,
                ("day", "agency_id", "procedure_version_id", "step_order", "step_name", *STEP_COUNTERS),
                [(*k, name, *(v[c] for c in STEP_COUNTERS)) for k, (v, name) in steps.items()],
            )
            rebuild_months(from_date, to_date)
    return differences


KEY = ("day", "agency_id", "procedure_version_id")
STEP_KEY = (*KEY, "step_order")


def _month_days(from_date: date | None, to_date: date | None) -> dict:
    """The whole months overlapping [from_date, to_date] (all when open), as a ``day`` filter."""
    days = {}
    if from_date:
        days["day__gte"] = facts.month_of(from_date)
    if to_date:
        days["day__lt"] = facts.month_of(facts.month_of(to_date) + timedelta(days=31))
    return days


def _whole_months(from_date: date | None, to_date: date | None) -> dict:
    """The months lying wholly inside [from_date, to_date] (all when open), as a ``day`` filter."""
    days = {}
    if from_date:
        first = facts.month_of(from_date)
        days["day__gte"] = first if from_date == first else rollup.next_month(first)
    if to_date:
        after = facts.month_of(to_date + timedelta(days=1))
        days["day__lt"] = after if after != facts.month_of(to_date) else facts.month_of(to_date)
    return days


def _by_month(rows: dict, counters: tuple[str, ...], days: dict) -> dict:
    """Recomputed day rows summed per month, for the months ``days`` selects."""
    lower, upper = days.get("day__gte"), days.get("day__lt")
    out: dict = {}
    for key, values in rows.items():
        month = facts.month_of(key[0])
        if (lower and month < lower) or (upper and month >= upper):
            continue
        target = out.setdefault((month, *key[1:]), dict.fromkeys(counters, 0))
        for c in counters:
            target[c] += values.get(c, 0)
    return {k: v for k, v in out.items() if any(v.values())}


def _months_of(model, key: tuple[str, ...], counters: tuple[str, ...], days: dict) -> dict:
    """``{(month, …key): ({counter: n}, step name)}`` summed from a day table."""
    named = model is StepFact
    out: dict = {}
    fields = (*key, *counters, *(("step_name",) if named else ()))
    for r in model.objects.filter(**days).values(*fields).iterator(chunk_size=5000):
        k = (facts.month_of(r["day"]), *(r[f] for f in key[1:]))
        sums, name = out.get(k, (dict.fromkeys(counters, 0), ""))
        for c in counters:
            sums[c] += r[c]
        out[k] = (sums, max(name, r["step_name"]) if named else "")
    return out


def rebuild_months(from_date: date | None = None, to_date: date | None = None) -> None:
    """Replace the month tables' rows of the months overlapping the range by the sums of the day
    tables (after a rebuild or a bulk load of day facts)."""
    days = _month_days(from_date, to_date)
    daily = _months_of(DailyFact, KEY, COUNTERS, days)
    steps = _months_of(StepFact, STEP_KEY, STEP_COUNTERS, days)
    with transaction.atomic():
        MonthFact.objects.filter(**days).delete()
        StepMonthFact.objects.filter(**days).delete()
        _insert(
            MonthFact, (*KEY, *COUNTERS), [(*k, *(v[c] for c in COUNTERS)) for k, (v, _n) in daily.items()]
        )
        _insert(
            StepMonthFact,
            (*STEP_KEY, "step_name", *STEP_COUNTERS),
            [(*k, name, *(v[c] for c in STEP_COUNTERS)) for k, (v, name) in steps.items()],
        )
