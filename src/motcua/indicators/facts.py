"""How events become facts: the counters each change adds, and the upsert that adds them.

One function per source of facts — ``dossier_deltas`` (a transition), ``payment_deltas``,
``rating_deltas`` — each returning ``[(key, {counter: increment})]``. The live receivers
(``receivers.py``) and the rebuild (``rebuild.py``) call the same functions, so the rebuild checks
the bookkeeping, not a second reading of the rules. They read only what never changes once set:
the dossier's channel, components and process snapshot, its reception moment, and the end of
processing with its timeliness (domain §4 rule 7).

For bulk loaders (the province generator, imports): ``record_fact_delta`` adds one row's
counters; ``add_facts`` adds many in one ``executemany``; both are the upsert the write path uses.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Protocol

from django.conf import settings
from django.db import transaction

from motcua.dossiers.batching import later
from motcua.dossiers.states import ENDED, Channel, Timeliness

from .models import (
    COUNTERS,
    KEY_FIELDS,
    STEP_COUNTERS,
    STEP_KEY_FIELDS,
    DailyFact,
    MonthFact,
    StepFact,
    StepMonthFact,
)

Key = tuple  # (day, agency_id, procedure_version_id)
StepKey = tuple  # (day, agency_id, procedure_version_id, step_order)
Delta = dict[str, int]

RECEIVED_BY_CHANNEL = {
    Channel.DESK: "received_desk",
    Channel.ONLINE: "received_online",
    Channel.POST: "received_post",
}
ENDED_BY_TIMELINESS = {
    Timeliness.EARLY: "ended_early",
    Timeliness.ON_TIME: "ended_on_time",
    Timeliness.LATE: "ended_late",
}
ENDED_BY_ACTION = {
    "issue_result": "ended_result",
    "refuse": "refused",
    "withdraw": "withdrawn",
    "stop": "stopped",
    "close": "stopped",  # Decree 118/2025 Art. 19.5: closed for want of a supplement, counted as stopped
}
# Components scanned or taken from the applicant's data store instead of paper (domain §8).
DIGITAL_SOURCES = {"upload", "reuse"}
STEP_ACTIONS = {"forward", "issue_result"}
# Only these actions change a counter; the rebuild reads no other event.
COUNTED_ACTIONS = (
    {"submit", "accept", "refuse_reception", "request_supplement", "return_result"}
    | set(ENDED_BY_ACTION)
    | STEP_ACTIONS
)


class Files(Protocol):
    """What the facts need to know of a dossier's files (live: a query; rebuild: preloaded sets)."""

    def signed_result(self, dossier_id: int) -> bool: ...
    def component_files(self, dossier_id: int) -> bool: ...


@lru_cache(maxsize=1)
def _zone(name: str):
    return zoneinfo.ZoneInfo(name)


def local_day(moment: datetime) -> date:
    """The day of ``moment`` in the installation's time zone (facts are kept per local day).
    Called for every counted event of a rebuild: skips ``localtime``'s per-call lookups."""
    return moment.astimezone(_zone(settings.TIME_ZONE)).date()


def _parse(moment) -> datetime:
    return moment if isinstance(moment, datetime) else datetime.fromisoformat(moment)


def authority(dossier) -> int:
    """The competent authority's id; the receiving agency for rows from before it was kept (and
    for the rows the history rebuild and the bulk generator pass, which may not carry it)."""
    return getattr(dossier, "competent_agency_id", None) or dossier.agency_id


def ends_processing(dossier, event) -> bool:
    """The event that ended processing of a received dossier: the first end state (rule 7)."""
    return (
        event.to_state in ENDED
        and (event.from_state is None or event.from_state not in ENDED)
        and dossier.received_at is not None
        and bool(dossier.timeliness)
    )


def digitised(dossier, files: Files) -> bool:
    """Components kept in digital form: scanned files, uploads, or reuse from the data store."""
    return any(
        item.get("source") in DIGITAL_SOURCES for item in dossier.components or []
    ) or files.component_files(dossier.pk)


def dossier_deltas(dossier, event, files: Files) -> list[tuple[Key, Delta]]:
    """The counters one transition adds, on the local day of the event."""
    # Attributed to the competent authority (Decree 118/2025: a dossier received elsewhere is
    # still its dossier); queue and desk statistics stay with the receiving point (desk app).
    key = (local_day(event.at), authority(dossier), dossier.procedure_version_id)
    c: Delta = {}
    action = event.action
    if action == "submit":
        c["submitted_online"] = 1
    elif action == "accept":
        c[RECEIVED_BY_CHANNEL[dossier.channel]] = 1
        if dossier.channel == Channel.ONLINE and dossier.assisted:
            c["received_online_assisted"] = 1
        if any(item.get("source") == "reuse" for item in dossier.components or []):
            c["received_reused"] = 1
    elif action == "refuse_reception":
        c["refused_reception"] = 1
    elif action == "request_supplement":
        c["supplement_requests"] = 1
    elif action == "return_result":
        c["returned"] = 1
        if (event.data or {}).get("method") == "electronic" or files.signed_result(dossier.pk):
            c["result_electronic"] = 1
            if digitised(dossier, files):
                c["returned_digitised"] = 1
    if ends_processing(dossier, event):
        c[ENDED_BY_TIMELINESS[dossier.timeliness]] = 1
        if action in ENDED_BY_ACTION:
            c[ENDED_BY_ACTION[action]] = 1
        c["processing_seconds_sum"] = max(0, int((event.at - dossier.received_at).total_seconds()))
        c["processing_count"] = 1
        if digitised(dossier, files):
            c["ended_digitised"] = 1
    step = step_record(dossier, event)
    if step is not None:
        c["steps_done"] = 1
        if step[1]["steps_over_budget"]:
            c["steps_over_budget"] = 1
    return [(key, c)] if c else []


def step_record(dossier, event) -> tuple[StepKey, Delta, str] | None:
    """A finished step of the internal process (a line of the control sheet, form 05)."""
    data = event.data or {}
    if event.action not in STEP_ACTIONS or "step_order" not in data:
        return None
    order = data["step_order"]
    agency_id = next(
        (s.get("agency_id") for s in dossier.process_steps or [] if s.get("order") == order), None
    ) or authority(dossier)
    started = data.get("started_at")
    seconds = max(0, int((event.at - _parse(started)).total_seconds())) if started else 0
    key = (local_day(event.at), agency_id, dossier.procedure_version_id, order)
    delta = {
        "steps_done": 1,
        "steps_over_budget": int(data.get("kept_budget") is False),
        "seconds_sum": seconds,
    }
    return key, delta, str(data.get("step", ""))[:255]


def payment_deltas(payment) -> list[tuple[Key, Delta]]:
    """A settled payment of a dossier's fees, on the day it was paid (domain §8)."""
    from motcua.payments.models import DOSSIER_FEES, Payment

    if payment.state != Payment.State.PAID or payment.fee_key != DOSSIER_FEES or payment.paid_at is None:
        return []
    d = payment.dossier
    c = {"paid_total": 1}
    if payment.method == Payment.Method.ONLINE:
        c["paid_online"] = 1
    return [((local_day(payment.paid_at), authority(d), d.procedure_version_id), c)]


def rating_deltas(rating) -> list[tuple[Key, Delta]]:
    """A rating on the day it was given; an unsatisfied one also marks the day its dossier ended.

    The second row feeds group 5's "dossiers not rated unsatisfied, not complained about and not
    late": a late dossier is already counted as late, so only dossiers that ended in time add.
    """
    from motcua.feedback.models import Level

    d = rating.dossier
    unsatisfied = rating.level == Level.UNSATISFIED
    rows = [
        (
            (local_day(rating.rated_at), authority(d), d.procedure_version_id),
            {"rated": 1, "rated_unsatisfied": int(unsatisfied)},
        )
    ]
    if unsatisfied and d.ended_at is not None and d.timeliness in (Timeliness.EARLY, Timeliness.ON_TIME):
        rows.append(((local_day(d.ended_at), authority(d), d.procedure_version_id), {"ended_unsatisfied": 1}))
    return rows


# ------------------------------------------------------------------------------- the upsert


_UPSERTS: dict[tuple, str] = {}


def _upsert_sql(
    model, key_fields: tuple[str, ...], counters: tuple[str, ...], extra: tuple[str, ...] = ()
) -> str:
    # Built once per table and database kind: every counted transition runs it.
    conn = transaction.get_connection()
    key = (conn.vendor, model, key_fields, counters, extra)
    if key not in _UPSERTS:
        _UPSERTS[key] = _build_upsert_sql(conn, model, key_fields, counters, extra)
    return _UPSERTS[key]


def _build_upsert_sql(conn, model, key_fields, counters, extra) -> str:
    qn = conn.ops.quote_name
    table = qn(model._meta.db_table)
    columns = [model._meta.get_field(f).column for f in (*key_fields, *extra, *counters)]
    keys = [model._meta.get_field(f).column for f in key_fields]
    sets = [f"{qn(c)} = {table}.{qn(c)} + excluded.{qn(c)}" for c in counters]
    sets += [f"{qn(c)} = excluded.{qn(c)}" for c in extra]
    return (
        f"INSERT INTO {table} ({', '.join(qn(c) for c in columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({', '.join(qn(k) for k in keys)}) DO UPDATE SET {', '.join(sets)}"
    )


def add_facts(rows: Iterable[tuple[Key, Mapping[str, int]]]) -> int:
    """Add counters to ``DailyFact`` rows, creating them as needed: one ``executemany``.

    ``INSERT … ON CONFLICT … DO UPDATE SET x = x + excluded.x`` (PostgreSQL, SQLite ≥ 3.35): two
    transitions of the same agency and day in parallel both land, neither overwrites the other.
    """
    params = [[*key, *(int(delta.get(c, 0)) for c in COUNTERS)] for key, delta in rows if any(delta.values())]
    if params:
        # Inside a transition, sent with its other writes (``dossiers.batching``).
        later(_upsert_sql(DailyFact, KEY_FIELDS, COUNTERS), params, many=True)
        later(_upsert_sql(MonthFact, KEY_FIELDS, COUNTERS), _to_months(params), many=True)
    return len(params)


def month_of(day: date) -> date:
    return day.replace(day=1)


def _to_months(params: list[list]) -> list[list]:
    """The same rows keyed by the first day of their month (the month tables' ``day``)."""
    return [[month_of(row[0]), *row[1:]] for row in params]


def add_step_facts(rows: Iterable[tuple[StepKey, Mapping[str, int], str]]) -> int:
    """The same for ``StepFact``; the step's name is refreshed from the latest record."""
    params = [[*key, name, *(int(delta.get(c, 0)) for c in STEP_COUNTERS)] for key, delta, name in rows]
    if params:
        later(_upsert_sql(StepFact, STEP_KEY_FIELDS, STEP_COUNTERS, ("step_name",)), params, many=True)
        later(
            _upsert_sql(StepMonthFact, STEP_KEY_FIELDS, STEP_COUNTERS, ("step_name",)),
            _to_months(params),
            many=True,
        )
    return len(params)


def record_fact_delta(day: date, agency_id: int, procedure_version_id: int, **counters: int) -> None:
    """Add ``counters`` to one day's facts of an agency and procedure version."""
    unknown = set(counters) - set(COUNTERS)
    if unknown:
        raise ValueError(f"unknown counters: {sorted(unknown)}")
    add_facts([((day, agency_id, procedure_version_id), counters)])
