"""A province at scale: dossiers, events and facts written straight into PostgreSQL (issue 6).

``generate(province, n, seed=…, years=1)`` fills the database with ``n`` dossiers of the demo
province over the last ``years`` years, with their whole path of events (submission or reception,
assignment, a forward per step of the internal process, approval, supplements, apologies, the
result or a refusal or a withdrawal, the return) and the facts those events imply.

This is the bulk path that issue 6 allows, explicitly **not** the write path of
``dossiers/services.py``: at ≈ 28 ms a dossier the services would take eight hours for a million.
What is kept from the write path:

- the same plans as the demo history (``demo/history.py``): channel mix, 82 % early / 10 % on the
  due day / 8 % late, 7 % supplements during appraisal, 2 % refusals, 1 % withdrawals, apologies
  for late dossiers, results returned at the desk or electronically; actions whose moment lies
  after ``now`` are not performed, so recent dossiers stay open;
- the derived fields computed as the services compute them: codes ``{agency}-{YYMMDD}-{NNNN}`` and
  ledger lines numbered in reception order per agency (continuing the ``Counter`` rows, which are
  left at the last number taken), due times through the agency's calendar (``deadlines.due_at``,
  ``deadlines.add_budget``, ``WorkCalendar`` — architecture rule 3), the process snapshot of
  ``services._process_snapshot``, timeliness by ``deadlines.classify``;
- the facts: each event adds the counters ``facts.dossier_deltas`` and ``facts.step_record`` say it
  adds (``_AgencyGenerator`` follows them rule by rule, cheaper than calling them 8 million times;
  ``motcua manage rebuild_facts --check`` finds no difference, which the tests check), added with
  the same ``INSERT … ON CONFLICT DO UPDATE SET x = x + excluded.x`` as ``facts.add_facts``, so
  facts already there are kept. No payments, ratings, files or petitions are generated.

When simulated officers act is chosen in office time (``OfficeClock``, built from the calendar's
own periods and checked against it at start), on five-minute marks; the deadlines stored are the
calendar service's, remembered per calendar content (``_Deadlines``).

Speed: dossiers are planned per receiving agency by worker processes (fork; they never touch the
database) that write tab-separated chunks to temporary files, while the parent streams the chunks
into the tables with ``COPY``. Inside the one transaction of the load, the secondary indexes,
unique and foreign-key constraints of the three dossier tables are dropped and rebuilt at the end
(one index build and one validating join each instead of millions of row-by-row checks); a
failure rolls everything back, the schema included.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import shutil
import tempfile
import time
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from motcua.calendar.core import VN_TZ
from motcua.dossiers import deadlines, rules
from motcua.dossiers.models import Counter, Dossier, DossierEvent, DossierParticipation
from motcua.dossiers.states import ENDED, Channel, State, Timeliness
from motcua.org.models import Applicant, Role

from .facts import ENDED_BY_ACTION, ENDED_BY_TIMELINESS, RECEIVED_BY_CHANNEL
from .models import COUNTERS, STEP_COUNTERS, DailyFact, MonthFact, StepFact, StepMonthFact

OLD = rules.Regime.ND61_2018.value

NULL = "\\N"
CHUNK = 20_000  # dossiers per file handed from a worker to the parent
S = State
ENDED_INTS = frozenset(int(s) for s in ENDED)
C = {name: i for i, name in enumerate(COUNTERS)}

SUPPLEMENT_ITEMS = ["Bổ sung bản sao giấy tờ chứng minh quan hệ nhân thân"]
REFUSE_RECEPTION = ["Thủ tục không thuộc thẩm quyền tiếp nhận của cơ quan"]
REFUSE_ONLINE = ["Hồ sơ không thuộc thẩm quyền giải quyết"]
REFUSE_REASONS = ["Không đủ điều kiện theo quy định"]
WITHDRAW_REASON = "Người nộp có đơn xin rút hồ sơ"
APOLOGY_REASON = "Hồ sơ cần xác minh thêm với cơ quan liên quan"
WORDS = ["Hải Long", "Cát Bi", "Đồ Sơn", "Bạch Đằng", "Tiên Lãng", "Vĩnh Bảo", "Thành Đông", "Kinh Môn"]

DOSSIER_COLUMNS = (
    "id",
    "code",
    "procedure_version_id",
    "agency_id",
    "current_agency_id",
    "unit_id",
    "applicant_id",
    "channel",
    "assisted",
    "summary",
    "components",
    "state",
    "submitted_at",
    "received_at",
    "received_by_id",
    "due_at",
    "apology_due_at",
    "ended_at",
    "returned_at",
    "timeliness",
    "pauses",
    "supplement_count",
    "state_before_pause",
    "process_steps",
    "step_index",
    "step_started_at",
    "step_due_at",
    "assignee_id",
    "approved_at",
    "return_method",
    "returned_to",
    "ledger_year",
    "ledger_line",
    "event_count",
    "created_at",
    "updated_at",
    "regime",
)
EVENT_COLUMNS = (
    "dossier_id",
    "seq",
    "action",
    "from_state",
    "to_state",
    "at",
    "actor_id",
    "actor_name",
    "agency_id",
    "to_agency_id",
    "to_user_id",
    "step_index",
    "note",
    "data",
)
PARTICIPATION_COLUMNS = ("dossier_id", "agency_id")
BULK_TABLES = (Dossier, DossierEvent, DossierParticipation)


# ------------------------------------------------------------------------------ text for COPY


def _ts(moment: datetime | None) -> str:
    return NULL if moment is None else moment.isoformat()


def _int(value) -> str:
    return NULL if value is None else str(int(value))


def _json(value) -> str:
    # COPY's text format treats backslash as an escape: JSON's own escapes must be doubled.
    if not value:
        return "[]" if isinstance(value, list) else "{}"
    return json.dumps(value, ensure_ascii=False).replace("\\", "\\\\")


def _iso(moment: datetime) -> str:
    """What ``services._iso`` writes into events and pauses (local time, ISO 8601)."""
    return (moment if moment.tzinfo is VN_TZ else moment.astimezone(VN_TZ)).isoformat()


def _constant_columns(model, given: tuple[str, ...]) -> tuple[list[str], str]:
    """The model's other columns with their default as COPY text (fields added later still load)."""
    names, values = [], []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.column in given:
            continue
        default = f.get_default() if f.has_default() else None
        if default is None and not f.null:
            if f.get_internal_type() in {"CharField", "TextField", "SlugField", "EmailField"}:
                default = ""
            else:
                raise RuntimeError(f"{model.__name__}.{f.name}: không có giá trị mặc định để nạp hàng loạt")
        prep = f.get_db_prep_save(default, connection)
        if prep is None:
            text = NULL
        elif isinstance(prep, bool):
            text = "t" if prep else "f"
        elif hasattr(prep, "dumps"):  # psycopg Jsonb adapter of a JSONField
            text = _json(default)
        else:
            text = str(prep).replace("\\", "\\\\")
        names.append(f.column)
        values.append(text)
    return names, "".join("\t" + v for v in values)


# ------------------------------------------------------------------------------ when officers act


def _us_of_day(moment: datetime) -> int:
    return ((moment.hour * 60 + moment.minute) * 60 + moment.second) * 1_000_000 + moment.microsecond


class OfficeClock:
    """Office time of one calendar as a single number (µs of office time since ``first``).

    The generator uses it only to *choose* when its simulated officers act (so many working hours
    after reception); every deadline it stores — due times, step budgets, the apology's new
    appointment, timeliness — comes from the calendar service (``deadlines``, rule 3). Built from
    the calendar's own office periods (``WorkCalendar.periods_on``) and checked against
    ``WorkCalendar.add_working_time`` / ``working_time_between`` on random moments (``check``).
    """

    def __init__(self, cal, first: date, last: date):
        self.cal = cal
        self.first = first.toordinal()
        days = last.toordinal() - self.first + 1
        self.cum: list[int] = [0] * (days + 1)  # office time before each day
        self.periods: list[tuple[tuple[int, int], ...]] = []
        self.dates = [date.fromordinal(self.first + i) for i in range(days)]
        total = 0
        for i, day in enumerate(self.dates):
            spans = tuple((_us_of_day(a), _us_of_day(b)) for a, b in cal.periods_on(day))
            self.periods.append(spans)
            self.cum[i] = total
            total += sum(b - a for a, b in spans)
        self.cum[days] = total

    def worked(self, moment: datetime) -> int:
        """Office time from ``first`` to ``moment``."""
        moment = moment if moment.tzinfo is VN_TZ else moment.astimezone(VN_TZ)
        i = moment.toordinal() - self.first
        us = _us_of_day(moment)
        return self.cum[i] + sum((b if b < us else us) - a for a, b in self.periods[i] if us > a)

    def moment(self, worked: int) -> datetime:
        """The earliest moment with ``worked`` office time since ``first`` (an end of period stays)."""
        i = bisect_left(self.cum, worked) - 1
        rest = worked - self.cum[i]
        for a, b in self.periods[i]:
            if rest <= b - a:
                us = a + rest
                break
            rest -= b - a
        day = self.dates[i]
        seconds, micro = divmod(us, 1_000_000)
        minutes, second = divmod(seconds, 60)
        hour, minute = divmod(minutes, 60)
        return datetime(day.year, day.month, day.day, hour, minute, second, micro, tzinfo=VN_TZ)

    def add(self, moment: datetime, delta: timedelta) -> datetime:
        """``WorkCalendar.add_working_time``."""
        us = delta // _MICRO
        return moment if us == 0 else self.moment(self.worked(moment) + us)

    def check(self, rng: random.Random, samples: int = 300) -> None:
        days = len(self.dates) - 60
        for _ in range(samples):
            day = self.dates[rng.randrange(days)]
            t = datetime(day.year, day.month, day.day, rng.randrange(24), rng.randrange(60), tzinfo=VN_TZ)
            delta = timedelta(minutes=rng.randrange(0, 20 * 8 * 60))  # up to 20 working days
            if self.add(t, delta) != self.cal.add_working_time(t, delta) or (
                self.worked(t + delta) - self.worked(t)
                != self.cal.working_time_between(t, t + delta) // _MICRO
            ):
                raise RuntimeError(f"Giờ làm việc tính lệch với lịch của cơ quan tại {t} + {delta}")


_MICRO = timedelta(microseconds=1)
GRID = 5 * 60 * 1_000_000  # officers' actions fall on five-minute marks of office time


class _Deadlines:
    """``deadlines.due_at`` and ``deadlines.add_budget``, remembered per calendar *content*.

    Calendars with the same hours, days off, extra working days and cut-off give the same answers
    (their public attributes), so the agencies of a province share one memory; the generator's
    moments fall on whole minutes, so the same questions come back often.
    """

    def __init__(self):
        self.signatures: dict[int, int] = {}
        self.known: dict[tuple, int] = {}
        self.memo: dict[tuple, datetime | None] = {}

    def _sig(self, cal) -> int:
        sig = self.signatures.get(id(cal))
        if sig is None:
            content = (cal.hours, cal.days_off, cal.working_days, cal.cutoff, cal.use_library_holidays)
            sig = self.signatures[id(cal)] = self.known.setdefault(content, len(self.known))
        return sig

    def due_at(self, cal, version, received: datetime, pauses: list):
        if pauses:
            return deadlines.due_at(cal, version, received, pauses)
        key = (
            self._sig(cal),
            "due",
            version.time_limit,
            version.time_limit_unit,
            version.same_day_cutoff,
            received,
        )
        if key not in self.memo:
            self._room()
            self.memo[key] = deadlines.due_at(cal, version, received, [])
        return self.memo[key]

    def add_budget(self, cal, start: datetime, amount: str, unit: str) -> datetime:
        key = (self._sig(cal), start, amount, unit)
        due = self.memo.get(key)
        if due is None:
            self._room()
            due = self.memo[key] = deadlines.add_budget(cal, start, amount, unit)
        return due

    def _room(self) -> None:
        if len(self.memo) > 3_000_000:
            self.memo.clear()


# ------------------------------------------------------------------------------ reference data


@dataclass
class Choice:
    """A procedure version offered at a receiving agency, with the process snapshot of its dossiers."""

    version: object
    weight: float
    steps: list[dict]
    steps_json: str
    summary: str
    components: dict[str, tuple[str, bool, bool]]  # variant → (json, digitised, reused)


@dataclass
class AgencyPlan:
    agency_id: int
    code: str
    unit_id: int
    share: float
    choices: list[Choice]


@dataclass
class Context:
    now: datetime
    days: list[date]
    agencies: list[AgencyPlan]
    calendars: dict[int, object]  # agency id → WorkCalendar (built before forking)
    clocks: dict[int, OfficeClock]  # receiving agency id → its office clock
    staff: dict[int, dict[str, list[tuple[int, str]]]]  # agency id → role → [(user id, name)]
    applicants: tuple[int, list[str]]  # (first id, names)
    code_counters: dict[tuple[int, str], int]
    ledger_counters: dict[tuple[int, str], int]
    seed: int
    dossier_extra: str = ""
    event_extra: str = ""
    deadlines: _Deadlines = field(default_factory=lambda: _Deadlines())
    tmp: str = ""


def _component_variants(version) -> dict[str, tuple[str, bool, bool]]:
    comps = [c for c in version.components.all() if c.required and c.mode == "nop"]

    def items(source_of):
        return [
            {
                "component_id": c.pk,
                "name": c.name,
                "copy_type": c.copy_type,
                "count": c.count or 1,
                "source": source_of(i),
            }
            for i, c in enumerate(comps)
        ]

    out = {}
    for variant, source_of in {
        "paper": lambda i: "paper",
        "scan": lambda i: "upload",
        "upload": lambda i: "upload",
        "reuse": lambda i: "reuse" if i == 0 else "upload",
    }.items():
        listed = items(source_of)
        sources = {item["source"] for item in listed}
        out[variant] = (_json(listed), bool(sources & {"upload", "reuse"}), "reuse" in sources)
    return out


def _choices(province, today: date) -> dict[int, list[Choice]]:
    """Per receiving agency: the procedures with an internal process there (as the demo history)."""
    from motcua.catalog.models import ProcessTemplate
    from motcua.catalog.selectors import version_in_force
    from motcua.dossiers.services import _process_snapshot

    out: dict[int, list[Choice]] = {}
    versions: dict[int, object] = {}
    variants: dict[int, dict] = {}
    agencies = {a.pk: a for a in province.receiving}
    for t in ProcessTemplate.objects.filter(active=True).select_related("procedure__field", "agency"):
        if t.agency_id not in agencies:
            continue
        if t.procedure_id not in versions:
            v = version_in_force(t.procedure, today)
            if v is not None:
                v.procedure = t.procedure
            versions[t.procedure_id] = v
        version = versions[t.procedure_id]
        if version is None:
            continue
        if version.pk not in variants:
            variants[version.pk] = _component_variants(version)
        steps = _process_snapshot(version, agencies[t.agency_id])
        weight = {"Chứng thực": 8, "Hộ tịch": 5}.get(t.procedure.field.name, 1)
        out.setdefault(t.agency_id, []).append(
            Choice(version, weight, steps, _json(steps), version.procedure.name[:200], variants[version.pk])
        )
    for choices in out.values():
        choices.sort(key=lambda c: c.version.pk)
    return out


def _working_days(cal, start: date, end: date) -> list[date]:
    out, day = [], start
    while day < end:
        if cal.is_working_day(day):
            out.append(day)
        day += timedelta(days=1)
    return out


def _counts(ctx: Context, n: int) -> np.ndarray:
    """Dossiers per (working day, agency): Mondays busier, days vary, agencies by their share."""
    rng = np.random.default_rng(ctx.seed)
    days = ctx.days
    day_w = np.array([1.25 if d.weekday() == 0 else 1.0 for d in days]) * rng.uniform(0.8, 1.15, len(days))
    weights = np.outer(day_w, [a.share for a in ctx.agencies])
    for j, a in enumerate(ctx.agencies):  # a procedure version must be in force on the day
        for i, d in enumerate(days):
            if not any(c.version.covers(d) for c in a.choices):
                weights[i, j] = 0
    flat = weights.ravel() / weights.sum()
    return rng.multinomial(n, flat).reshape(weights.shape)


# ------------------------------------------------------------------------------ facts


class _Facts:
    """Counters per (day, agency, version) and per step, as ``facts.dossier_deltas`` and
    ``facts.step_record`` add them for each event (see the module docstring)."""

    def __init__(self):
        self.daily: dict[tuple, list[int]] = {}
        self.steps: dict[tuple, list] = {}

    def add(self, day: date, agency_id: int, version_id: int, counter: str, n: int = 1) -> None:
        key = (day, agency_id, version_id)
        row = self.daily.get(key)
        if row is None:
            row = self.daily[key] = [0] * len(COUNTERS)
        row[C[counter]] += n

    def step(self, day: date, agency_id: int, version_id: int, order: int, name: str, over: bool, secs: int):
        key = (day, agency_id, version_id, order)
        row = self.steps.get(key)
        if row is None:
            row = self.steps[key] = [0, 0, 0, name]
        row[0] += 1
        row[1] += int(over)
        row[2] += secs
        row[3] = name

    def merge(self, other: _Facts) -> None:
        for key, row in other.daily.items():
            mine = self.daily.get(key)
            if mine is None:
                self.daily[key] = row
            else:
                for i, n in enumerate(row):
                    mine[i] += n
        for key, row in other.steps.items():
            mine = self.steps.get(key)
            if mine is None:
                self.steps[key] = row
            else:
                for i in range(3):
                    mine[i] += row[i]


# ------------------------------------------------------------------------------ one agency


@dataclass
class _Head:
    """What is decided at submission: enough to sort dossiers into reception order."""

    submitted_at: datetime
    received_at: datetime | None
    choice: Choice
    channel: int
    assisted: bool
    applicant: int
    variant: str
    desk: tuple[int, str]
    refused_at: datetime | None = None  # refusal at reception (no code, never received)
    sort_key: datetime = field(init=False)

    def __post_init__(self):
        self.sort_key = self.received_at or self.refused_at or self.submitted_at


class _AgencyGenerator:
    def __init__(self, ctx: Context, plan: AgencyPlan, counts: np.ndarray, first_id: int, sink):
        self.ctx, self.plan, self.counts, self.next_id, self.sink = ctx, plan, counts, first_id, sink
        self.rng = random.Random(f"{ctx.seed}/{plan.code}")  # noqa: S311 (reproducible, not secret)
        self.cal = ctx.calendars[plan.agency_id]
        self.facts = _Facts()
        self.codes: dict[str, int] = {}
        self.ledger: dict[str, int] = {}
        self.now = ctx.now
        self.deadlines = ctx.deadlines
        self.isos: dict[datetime, str] = {}

    def user(self, agency_id: int, role: str) -> tuple[int, str]:
        return self.rng.choice(self.ctx.staff[agency_id][role])

    # ------------------------------------------------------------ submissions

    def heads(self) -> list[_Head]:
        rng, r, plan = self.rng, self.rng.random, self.plan
        clock = self.ctx.clocks[plan.agency_id]
        first_applicant, names = self.ctx.applicants
        out = []
        for day, count in zip(self.ctx.days, self.counts, strict=True):
            if not count:
                continue
            choices = [c for c in plan.choices if c.version.covers(day)]
            weights = [c.weight for c in choices]
            for _ in range(int(count)):
                minute = rng.randrange(450, 690) if r() < 0.5 else rng.randrange(780, 1020)
                at = datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=VN_TZ)
                choice = rng.choices(choices, weights)[0]
                desk = self.user(plan.agency_id, Role.DESK_OFFICER)
                applicant = first_applicant + rng.randrange(len(names))
                if r() < 0.58:
                    channel = Channel.ONLINE
                    variant = "reuse" if r() < 0.15 else "upload"
                    assisted = r() < 0.1
                else:
                    channel = Channel.POST if choice.version.postal and r() < 0.1 else Channel.DESK
                    variant = "scan" if r() < 0.5 else "paper"
                    assisted = False
                head = {"choice": choice, "channel": channel, "assisted": assisted, "applicant": applicant}
                head.update(variant=variant, desk=desk)
                if channel == Channel.ONLINE:
                    accept = clock.add(at, timedelta(minutes=rng.randrange(12, 360)))
                    if accept > self.now:
                        out.append(_Head(at, None, **head))
                    elif r() < 0.02:
                        out.append(_Head(at, None, refused_at=accept, **head))
                    else:
                        out.append(_Head(at, accept, **head))
                elif r() < 0.03:
                    out.append(_Head(at, None, refused_at=at, **head))
                else:
                    out.append(_Head(at, at, **head))
        out.sort(key=lambda h: h.sort_key)
        return out

    def run(self) -> int:
        heads = self.heads()
        for start in range(0, len(heads), CHUNK):
            d_rows, e_rows, p_rows = [], [], []
            for head in heads[start : start + CHUNK]:
                self.dossier(head, d_rows, e_rows, p_rows)
            self.sink(d_rows, e_rows, p_rows)
        return len(heads)

    # ------------------------------------------------------------ one dossier

    def dossier(self, h: _Head, d_rows: list, e_rows: list, p_rows: list) -> None:
        did = self.next_id
        self.next_id += 1
        plan, choice, version = self.plan, h.choice, h.choice.version
        aid, vid = plan.agency_id, version.pk
        facts = self.facts
        events: list[str] = []
        names = self.ctx.applicants[1]
        applicant_name = names[h.applicant - self.ctx.applicants[0]]
        components, digital, reused = choice.components[h.variant]
        isos = self.isos

        def iso(moment: datetime) -> str:
            if len(isos) > 1_000_000:
                isos.clear()
            text = isos[moment] = moment.isoformat()
            return text

        def event(
            action,
            from_state,
            to_state,
            at,
            actor=None,
            agency=None,
            to_agency=None,
            to_user=None,
            step=None,
            note="",
            data=None,
        ):
            events.append(
                f"{did}\t{len(events) + 1}\t{action}\t{_int(from_state)}\t{int(to_state)}\t"
                f"{isos.get(at) or iso(at)}\t"
                f"{_int(actor[0] if actor else None)}\t{actor[1] if actor else ''}\t{_int(agency)}\t"
                f"{_int(to_agency)}\t{_int(to_user)}\t{_int(step)}\t{note}\t{_json(data or {})}\n"
            )

        # -- submission and reception
        code = ledger_year = ledger_line = None
        due = None
        received_by = None
        if h.channel == Channel.ONLINE:
            event("submit", None, S.AWAITING_RECEPTION, h.submitted_at, data={"channel": int(h.channel)})
            facts.add(h.submitted_at.date(), aid, vid, "submitted_online")
            state = S.AWAITING_RECEPTION
            if h.refused_at is not None:
                event(
                    "refuse_reception",
                    state,
                    S.REFUSED,
                    h.refused_at,
                    actor=h.desk,
                    data={"reasons": REFUSE_ONLINE},
                )
                facts.add(h.refused_at.date(), aid, vid, "refused_reception")
                state = S.REFUSED
            elif h.received_at is not None:
                event("accept", state, S.RECEIVED, h.received_at, actor=h.desk)
                state = S.RECEIVED
        elif h.refused_at is not None:
            data = {"channel": int(h.channel), "reasons": REFUSE_RECEPTION}
            event("refuse_reception", None, S.REFUSED, h.refused_at, actor=h.desk, data=data)
            facts.add(h.refused_at.date(), aid, vid, "refused_reception")
            state = S.REFUSED
        else:
            event("accept", None, S.RECEIVED, h.received_at, actor=h.desk, data={"channel": int(h.channel)})
            state = S.RECEIVED
        t0 = h.received_at
        # The reception date chooses the rule set (Decree 61/2018 before 1/7/2025, 118/2025 from).
        regime = rules.regime_at(t0 or h.refused_at or h.submitted_at)
        row = {
            "regime": regime,
            "state": state,
            "current": aid,
            "step_index": -1,
            "step_started_at": None,
            "step_due_at": None,
            "assignee": None,
            "approved_at": None,
            "apology_due_at": None,
            "ended_at": None,
            "returned_at": None,
            "timeliness": "",
            "pauses": [],
            "supplement_count": 0,
            "state_before_pause": None,
            "return_method": "",
            "returned_to": "",
            "steps": [],
        }
        participants = {aid}
        if t0 is not None:
            local = t0.date()
            day_key, year_key = local.strftime("%y%m%d"), str(local.year)
            number = self.codes[day_key] = (
                self.codes.get(day_key, self.ctx.code_counters.get((aid, day_key), 0)) + 1
            )
            if number > 9999:
                raise RuntimeError(f"{plan.code}: quá 9999 hồ sơ trong ngày {local}")
            code = f"{plan.code}-{day_key}-{number:04d}"
            ledger_year = local.year
            ledger_line = self.ledger[year_key] = (
                self.ledger.get(year_key, self.ctx.ledger_counters.get((aid, year_key), 0)) + 1
            )
            received_by = h.desk[0]
            due = self.deadlines.due_at(self.cal, version, t0, [])
            facts.add(local, aid, vid, RECEIVED_BY_CHANNEL[h.channel])
            if h.channel == Channel.ONLINE and h.assisted:
                facts.add(local, aid, vid, "received_online_assisted")
            if reused:
                facts.add(local, aid, vid, "received_reused")
            row["steps"] = choice.steps
            last = self.process(h, row, due, event, participants, digital, applicant_name)
        else:
            last = h.refused_at or h.submitted_at
        due = row.get("due", due)
        steps_json = choice.steps_json if row["steps"] else "[]"
        d_rows.append(
            "\t".join(
                (
                    str(did),
                    code or NULL,
                    str(vid),
                    str(aid),
                    str(row["current"]),
                    str(plan.unit_id),
                    str(h.applicant),
                    str(int(h.channel)),
                    "t" if h.assisted else "f",
                    choice.summary,
                    components,
                    str(int(row["state"])),
                    _ts(h.submitted_at),
                    _ts(t0),
                    _int(received_by),
                    _ts(due),
                    _ts(row["apology_due_at"]),
                    _ts(row["ended_at"]),
                    _ts(row["returned_at"]),
                    row["timeliness"],
                    _json(row["pauses"]),
                    str(row["supplement_count"]),
                    _int(row["state_before_pause"]),
                    steps_json,
                    str(row["step_index"]),
                    _ts(row["step_started_at"]),
                    _ts(row["step_due_at"]),
                    _int(row["assignee"]),
                    _ts(row["approved_at"]),
                    row["return_method"],
                    row["returned_to"],
                    _int(ledger_year),
                    _int(ledger_line),
                    str(len(events)),
                    _ts(h.submitted_at),
                    _ts(last),
                    str(regime),
                )
            )
            + self.ctx.dossier_extra
            + "\n"
        )
        e_rows.extend(events)
        p_rows.extend(f"{did}\t{a}\n" for a in sorted(participants))

    # ------------------------------------------------------------ processing

    def process(self, h: _Head, row: dict, due, event, participants: set, digital: bool, applicant_name: str):
        """Plan the path as the demo history does, then perform each action whose moment has come."""
        rng, r, cal, ctx = self.rng, self.rng.random, self.cal, self.ctx
        plan, version = self.plan, h.choice.version
        aid, vid = plan.agency_id, version.pk
        unit = version.time_limit_unit
        t0 = h.received_at
        steps = row["steps"]
        clock = ctx.clocks[aid]
        t0w = clock.worked(t0)
        span = max(0, clock.worked(due) - t0w) if due else 8 * 3600 * 1_000_000
        roll = r()
        factor = (
            rng.uniform(0.15, 0.85)
            if roll < 0.82
            else rng.uniform(0.9, 0.999)
            if roll < 0.92
            else rng.uniform(1.03, 1.6)
        )
        work = span * factor
        shares = [float(s["budget"]) for s in steps]
        total = sum(shares) or 1.0

        def at(frac: float, extra: int = 0) -> datetime:
            delta = int(work * frac) + extra
            return clock.moment(-(-(t0w + delta) // GRID) * GRID) if delta else t0

        actions: list[tuple] = []  # (moment, order, name, kwargs)

        def add(moment, name, **kw):
            actions.append((moment, len(actions), name, kw))

        holder = self.user(aid, Role.DESK_OFFICER)
        add(at(0.01), "assign", actor=self.user(aid, Role.HEAD), assignee=holder)
        special, paused, cumulative = r(), 0, 0.0
        for k, step in enumerate(steps[:-1]):
            cumulative += shares[k] / total
            moment = at(cumulative, paused)
            if step["role"] == Role.LEADER:
                add(max(moment - timedelta(minutes=10), actions[-1][0]), "approve", actor=holder)
            if k == 1 and special < 0.07:
                # Never before what was done already (a short time limit leaves little room).
                asked = max(moment - timedelta(minutes=30), actions[-1][0])
                add(asked, "request_supplement", actor=holder)
                paused = int(rng.uniform(4, 40) * 3600 * 1_000_000)
                add(clock.add(asked, timedelta(microseconds=paused)), "complete_supplement", actor=h.desk)
                moment = at(cumulative, paused)
            elif k == 1 and special < 0.09:
                add(moment, "refuse", actor=self.user(step["agency_id"], Role.LEADER))
                break
            elif k == 0 and 0.09 <= special < 0.10:
                add(moment, "withdraw", actor=h.desk)
                break
            nxt = steps[k + 1]
            receiver = self.user(nxt["agency_id"], nxt["role"])
            add(moment, "forward", actor=holder, to_user=receiver)
            holder = receiver
        else:
            end = at(1.0, paused)
            if steps and steps[-1]["role"] == Role.LEADER:
                add(max(end - timedelta(minutes=10), actions[-1][0]), "approve", actor=holder)
            # The 2018 apology is for Decree 61/2018 dossiers only (the same draw keeps the stream).
            if factor > 1 and due and due - timedelta(days=1) > t0 and r() < 0.6 and row["regime"] == OLD:
                new_due = cal.add_working_time(end, timedelta(hours=8))
                add(
                    due - timedelta(days=1), "issue_apology", actor=self.user(aid, Role.HEAD), new_due=new_due
                )
            add(end, "issue_result", actor=holder)
            method = "electronic" if h.channel == Channel.ONLINE and r() < 0.4 else "desk"
            back = clock.add(end, timedelta(hours=rng.uniform(1, 30)))
            add(back, "return_result", actor=h.desk, method=method)

        last = t0
        facts = self.facts
        for moment, _, name, kw in sorted(actions, key=lambda a: (a[0], a[1])):
            if moment > self.now:
                break
            before = row["state"]
            actor = kw.get("actor")
            current = row["current"]
            idx = row["step_index"]
            if name == "assign":
                row["state"] = S.PROCESSING
                row["assignee"] = kw["assignee"][0]
                if idx < 0:
                    self._start_step(row, 0 if steps else -1, moment, unit, participants)
                    row["step_started_at"] = moment
                event(
                    "assign",
                    before,
                    S.PROCESSING,
                    moment,
                    actor=actor,
                    agency=row["current"],
                    to_user=row["assignee"],
                    step=self._idx(row),
                )
            elif name == "forward":
                finished, started = self._step_record(row, moment)
                self._start_step(row, idx + 1, moment, unit, participants)
                row["assignee"] = kw["to_user"][0]
                row["state"] = S.PROCESSING
                event(
                    "forward",
                    before,
                    S.PROCESSING,
                    moment,
                    actor=actor,
                    agency=current,
                    to_agency=row["current"],
                    to_user=row["assignee"],
                    step=self._idx(row),
                    data=finished,
                )
                self._count_step(moment, row, finished, started, vid)
            elif name == "approve":
                if row["approved_at"] is not None:
                    break
                row["approved_at"] = moment
                event(
                    "approve", before, S.PROCESSING, moment, actor=actor, agency=current, step=self._idx(row)
                )
            elif name == "request_supplement":
                if before not in (S.RECEIVED, S.PROCESSING) or version.max_supplements < 1:
                    break
                row["state_before_pause"] = before
                row["state"] = S.AWAITING_SUPPLEMENT
                row["supplement_count"] += 1
                row["pauses"] = [*row["pauses"], [_iso(moment), None]]
                event(
                    "request_supplement",
                    before,
                    S.AWAITING_SUPPLEMENT,
                    moment,
                    actor=actor,
                    agency=current,
                    step=self._idx(row),
                    data={"items": SUPPLEMENT_ITEMS},
                )
                facts.add(moment.date(), aid, vid, "supplement_requests")
            elif name == "complete_supplement":
                row["state"] = row["state_before_pause"] or S.AWAITING_RECEPTION
                row["state_before_pause"] = None
                started = row["pauses"][-1][0]
                row["pauses"] = [*row["pauses"][:-1], [started, _iso(moment)]]
                due = row["due"] = self.deadlines.due_at(cal, version, t0, row["pauses"])
                if row["step_due_at"] and row["step_started_at"]:
                    pause = deadlines.pause_intervals([row["pauses"][-1]])[0]
                    row["step_due_at"] = cal.add_working_time(
                        row["step_due_at"], cal.working_time_between(*pause)
                    )
                event("complete_supplement", before, row["state"], moment, actor=actor, step=self._idx(row))
            elif name == "issue_apology":
                if due is None or kw["new_due"] <= due:
                    continue  # the service refuses a new appointment before the current one
                row["apology_due_at"] = kw["new_due"]
                data = {"original_due_at": _iso(due), "new_due_at": _iso(kw["new_due"])}
                event(
                    "issue_apology",
                    before,
                    before,
                    moment,
                    actor=actor,
                    agency=current,
                    step=self._idx(row),
                    note=APOLOGY_REASON,
                    data=data,
                )
            elif name == "issue_result":
                if before != S.PROCESSING or (
                    any(s["role"] == Role.LEADER for s in steps) and row["approved_at"] is None
                ):
                    break
                finished, started = self._step_record(row, moment)
                row["current"] = aid if steps else row["current"]
                row["step_due_at"] = None
                row["state"] = S.READY_FOR_RETURN
                self._finish(row, moment, t0, due, "issue_result", vid, digital)
                event(
                    "issue_result",
                    before,
                    S.READY_FOR_RETURN,
                    moment,
                    actor=actor,
                    step=self._idx(row),
                    data=finished,
                )
                self._count_step(moment, row, finished, started, vid)
            elif name == "refuse":
                if before != S.PROCESSING:
                    break
                row["state"] = S.REFUSED
                self._finish(row, moment, t0, due, "refuse", vid, digital)
                event(
                    "refuse",
                    before,
                    S.REFUSED,
                    moment,
                    actor=actor,
                    agency=current,
                    step=self._idx(row),
                    data={"reasons": REFUSE_REASONS},
                )
            elif name == "withdraw":
                row["state"] = S.WITHDRAWN
                if row["pauses"] and row["pauses"][-1][1] is None:
                    row["pauses"] = [*row["pauses"][:-1], [row["pauses"][-1][0], _iso(moment)]]
                self._finish(row, moment, t0, due, "withdraw", vid, digital)
                event(
                    "withdraw",
                    before,
                    S.WITHDRAWN,
                    moment,
                    actor=actor,
                    step=self._idx(row),
                    note=WITHDRAW_REASON,
                )
            elif name == "return_result":
                receiver = applicant_name if kw["method"] == "desk" else ""
                row["state"] = S.RETURNED
                row["returned_at"] = moment
                row["return_method"] = kw["method"]
                row["returned_to"] = receiver
                event(
                    "return_result",
                    before,
                    S.RETURNED,
                    moment,
                    actor=actor,
                    step=self._idx(row),
                    data={"method": kw["method"], "receiver": receiver},
                )
                day = moment.date()
                facts.add(day, aid, vid, "returned")
                if kw["method"] == "electronic":
                    facts.add(day, aid, vid, "result_electronic")
                    if digital:
                        facts.add(day, aid, vid, "returned_digitised")
            last = moment
        return last

    @staticmethod
    def _idx(row) -> int | None:
        return row["step_index"] if row["step_index"] >= 0 else None

    def _start_step(self, row: dict, index: int, at: datetime, unit: str, participants: set) -> None:
        """``services._start_step``: the step's budget from now, on the holder's calendar."""
        row["step_index"] = index
        row["step_started_at"] = at
        steps = row["steps"]
        step = steps[index] if 0 <= index < len(steps) else None
        row["step_due_at"] = None
        if step and unit:
            cal = self.ctx.calendars[row["current"]]
            row["step_due_at"] = self.deadlines.add_budget(cal, at, step["budget"], unit)
        if step and step.get("agency_id") and step["agency_id"] != row["current"]:
            row["current"] = step["agency_id"]
            participants.add(step["agency_id"])

    @staticmethod
    def _step_record(row: dict, at: datetime) -> tuple[dict, datetime | None]:
        """``services._step_record``: how the finished step kept its budget."""
        idx, steps = row["step_index"], row["steps"]
        if not 0 <= idx < len(steps):
            return {}, None
        step, due, started = steps[idx], row["step_due_at"], row["step_started_at"]
        record = {
            "step": step["name"],
            "step_order": step["order"],
            "budget": step["budget"],
            "started_at": _iso(started) if started else None,
            "step_due_at": _iso(due) if due else None,
            "kept_budget": None if due is None else at <= due,
        }
        return record, started

    def _count_step(self, at: datetime, row: dict, finished: dict, started, vid: int) -> None:
        """``facts.step_record`` and the ``steps_*`` counters of ``facts.dossier_deltas``."""
        if "step_order" not in finished:
            return
        order = finished["step_order"]
        agency = next((s.get("agency_id") for s in row["steps"] if s.get("order") == order), None)
        agency = agency or self.plan.agency_id
        seconds = max(0, int((at - started).total_seconds())) if finished["started_at"] else 0
        over = finished["kept_budget"] is False
        day = at.date()
        self.facts.step(day, agency, vid, order, str(finished["step"])[:255], over, seconds)
        self.facts.add(day, self.plan.agency_id, vid, "steps_done")
        if over:
            self.facts.add(day, self.plan.agency_id, vid, "steps_over_budget")

    def _finish(self, row: dict, at: datetime, t0, due, action: str, vid: int, digital: bool) -> None:
        """``services._finish`` and the ``ended_*`` counters (``facts.ends_processing``)."""
        if row["ended_at"] is not None or t0 is None:
            return
        row["ended_at"] = at
        row["timeliness"] = str(deadlines.classify(at, due, row["supplement_count"]))
        day, aid = at.date(), self.plan.agency_id
        f = self.facts
        f.add(day, aid, vid, ENDED_BY_TIMELINESS[row["timeliness"]])
        f.add(day, aid, vid, ENDED_BY_ACTION[action])
        f.add(day, aid, vid, "processing_seconds_sum", max(0, int((at - t0).total_seconds())))
        f.add(day, aid, vid, "processing_count")
        if digital:
            f.add(day, aid, vid, "ended_digitised")


# ------------------------------------------------------------------------------ workers


def _write_chunk(tmp: str, tag: str, d_rows, e_rows, p_rows) -> tuple[str, str, str, int, int]:
    paths = []
    for kind, rows in (("d", d_rows), ("e", e_rows), ("p", p_rows)):
        path = os.path.join(tmp, f"{tag}.{kind}.tsv")
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(rows)
        paths.append(path)
    return (*paths, len(d_rows), len(e_rows))


def _worker(ctx: Context, jobs: list[tuple[int, np.ndarray, int]], queue) -> None:
    """Generate the dossiers of some agencies; chunks go to files, their names into ``queue``."""
    try:
        facts = _Facts()
        codes, ledgers = {}, {}
        for index, counts, first_id in jobs:
            plan = ctx.agencies[index]
            serial = [0]

            def sink(d_rows, e_rows, p_rows, plan=plan, serial=serial):
                serial[0] += 1
                queue.put(
                    ("chunk", _write_chunk(ctx.tmp, f"{plan.agency_id}-{serial[0]}", d_rows, e_rows, p_rows))
                )

            gen = _AgencyGenerator(ctx, plan, counts, first_id, sink)
            gen.run()
            facts.merge(gen.facts)
            codes.update({(plan.agency_id, k): v for k, v in gen.codes.items()})
            ledgers.update({(plan.agency_id, k): v for k, v in gen.ledger.items()})
        queue.put(("done", (facts.daily, facts.steps, codes, ledgers)))
    except BaseException as exc:  # the parent must hear of it, or it would wait forever
        import traceback

        queue.put(("error", "".join(traceback.format_exception(exc))))


# ------------------------------------------------------------------------------ schema during the load


def _drop_constraints(cursor) -> list[str]:
    """Drop secondary indexes, unique and foreign-key constraints of the dossier tables; return
    the statements that put them back (run in the same transaction)."""
    restore: list[str] = []
    qn = connection.ops.quote_name
    for model in BULK_TABLES:
        table = model._meta.db_table
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('u', 'f')",
            [table],
        )
        for name, definition in cursor.fetchall():
            cursor.execute(f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}")
            restore.append(f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(name)} {definition}")
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [table],
        )
        for name, definition in cursor.fetchall():
            cursor.execute(f"DROP INDEX {name}")
            restore.insert(0, definition)  # indexes first: the foreign keys then find theirs
    return restore


# ------------------------------------------------------------------------------ applicants


def _applicants(cursor, count: int, rng: random.Random) -> tuple[int, list[str]]:
    """A pool of applicants (people come back): ids first..first+count-1, identifiers unique."""
    from motcua.demo.names import person

    table = Applicant._meta.db_table
    cursor.execute(f"SELECT COALESCE(max(id), 0) FROM {table}")  # noqa: S608
    first = cursor.fetchone()[0] + 1
    cursor.execute(f"SELECT identifier FROM {table}")  # noqa: S608
    taken = {row[0] for row in cursor.fetchall()}
    now = _ts(timezone.now())
    names, lines, serial = [], [], 0
    while len(names) < count:
        serial += 1
        if rng.random() < 0.1:
            kind, identifier = 2, f"02{serial % 10**8:08d}"
            name = f"{rng.choice(['Công ty TNHH', 'Công ty cổ phần'])} {rng.choice(WORDS)} {serial}"
        else:
            century = rng.choice("0101232")
            year = rng.randrange(40, 100) if century in "01" else rng.randrange(0, 24)
            kind, identifier = 1, f"031{century}{year:02d}{serial % 10**6:06d}"
            name = person(rng)
        if identifier in taken:
            continue
        taken.add(identifier)
        address = f"Số {rng.randrange(1, 300)}, {rng.choice(WORDS)}, Hải Phòng"
        lines.append(
            f"{first + len(names)}\t{kind}\t{identifier}\t{name}\t{address}\t"
            f"09{rng.randrange(10**8):08d}\t\t{now}\n"
        )
        names.append(name)
    with cursor.copy(
        f"COPY {table} (id, kind, identifier, name, address, phone, email, created_at) FROM STDIN"
    ) as copy:
        for start in range(0, len(lines), 50_000):
            copy.write("".join(lines[start : start + 50_000]))
    cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [first + count - 1])
    return first, names


# ------------------------------------------------------------------------------ the whole load


@dataclass
class Report:
    dossiers: int = 0
    events: int = 0
    participations: int = 0
    daily_facts: int = 0
    step_facts: int = 0
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)


def _copy_file(cursor, table: str, columns: tuple[str, ...] | list[str], path: str) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy, open(path, "rb") as f:
        while data := f.read(1 << 20):
            copy.write(data)


def _staff(province) -> dict[int, dict[str, list[tuple[int, str]]]]:
    return {
        agency_id: {role: [(u.pk, str(u)) for u in users] for role, users in roles.items()}
        for agency_id, roles in province.staff.items()
    }


def _counters(kind: str) -> dict[tuple[int, str], int]:
    return {
        (a, k): v for a, k, v in Counter.objects.filter(kind=kind).values_list("agency_id", "key", "value")
    }


def generate(
    province,
    n: int,
    *,
    seed: int = 2026,
    years: int = 1,
    now: datetime | None = None,
    workers: int | None = None,
    report: Callable[[str], None] = print,
) -> Report:
    """Generate ``n`` dossiers of ``province`` received over the last ``years`` years (PostgreSQL)."""
    if connection.vendor != "postgresql":
        raise RuntimeError("Bộ sinh dữ liệu hàng loạt chỉ chạy trên PostgreSQL (cần lệnh COPY).")
    started = time.perf_counter()
    out = Report()
    now = (now or timezone.now()).astimezone(VN_TZ)
    today = now.date()
    choices = _choices(province, today)
    receiving = [a for a in province.receiving if choices.get(a.pk)]
    if not receiving:
        raise RuntimeError("Tỉnh chưa có quy trình nội bộ nào: hãy nạp tỉnh mẫu trước.")
    centre_share = 0.2 if province.centre in receiving and len(receiving) > 1 else None
    plans = []
    for a in receiving:
        if centre_share is None:
            share = 1 / len(receiving)
        elif a.pk == province.centre.pk:
            share = centre_share
        else:
            share = (1 - centre_share) / (len(receiving) - 1)
        plans.append(AgencyPlan(a.pk, a.identifier_code, a.unit_id, share, choices[a.pk]))
    all_agencies = {a.pk: a for a in [*province.receiving, *province.departments.values()]}
    calendars = {pk: deadlines.calendar_for(a) for pk, a in all_agencies.items()}
    first_cal = calendars[plans[0].agency_id]
    # Receptions up to yesterday: a reception planned later today would lie in the future, ahead
    # of ``now`` (the test of event order failed whenever the run started before office hours ended).
    days = _working_days(first_cal, today - timedelta(days=365 * years), today - timedelta(days=1))
    clocks = {}
    for p in plans:
        clocks[p.agency_id] = OfficeClock(
            calendars[p.agency_id], days[0] - timedelta(days=10), today + timedelta(days=730)
        )
        clocks[p.agency_id].check(random.Random(seed))  # noqa: S311
    ctx = Context(
        now=now,
        days=days,
        agencies=plans,
        calendars=calendars,
        clocks=clocks,
        staff=_staff(province),
        applicants=(0, []),
        code_counters=_counters("code"),
        ledger_counters=_counters("ledger"),
        seed=seed,
    )
    counts = _counts(ctx, n)
    d_extra_cols, ctx.dossier_extra = _constant_columns(Dossier, DOSSIER_COLUMNS)
    e_extra_cols, ctx.event_extra = _constant_columns(DossierEvent, EVENT_COLUMNS)
    if e_extra_cols:
        raise RuntimeError(f"Nhật ký hồ sơ có cột mới chưa hỗ trợ: {e_extra_cols}")
    ctx.tmp = tempfile.mkdtemp(prefix="motcua-bulk-")
    report(f"Sinh {n:,} hồ sơ tại {len(plans)} cơ quan tiếp nhận, {len(days)} ngày làm việc …")
    try:
        with transaction.atomic():
            cursor = connection.cursor().cursor  # the psycopg cursor, for COPY
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            dtable = Dossier._meta.db_table
            cursor.execute(f"LOCK TABLE {dtable} IN EXCLUSIVE MODE")
            cursor.execute(f"SELECT COALESCE(max(id), 0) FROM {dtable}")  # noqa: S608
            first_id = cursor.fetchone()[0] + 1
            ctx.applicants = _applicants(cursor, max(100, n // 2), random.Random(seed))  # noqa: S311
            out.phases["applicants"] = time.perf_counter() - started
            # Checks deferred by earlier work of this transaction run now: a table with pending
            # trigger events cannot be altered.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            restore = _drop_constraints(cursor)
            jobs: list[list] = [[] for _ in range(max(1, workers or min(2, os.cpu_count() or 1)))]
            next_id = first_id
            order = sorted(range(len(plans)), key=lambda j: -int(counts[:, j].sum()))
            loads = [0] * len(jobs)
            for j in order:  # biggest agencies first, each to the least loaded worker
                w = loads.index(min(loads))
                jobs[w].append((j, counts[:, j], next_id))
                loads[w] += int(counts[:, j].sum())
                next_id += int(counts[:, j].sum())
            facts, codes, ledgers = _run_workers(ctx, jobs, cursor, out, report, d_extra_cols, n, started)
            out.phases["rows"] = time.perf_counter() - started
            report(
                f"  … đã nạp {out.dossiers:,} hồ sơ, {out.events:,} sự kiện; dựng lại chỉ mục và ràng buộc …"
            )
            for statement in restore:
                cursor.execute(statement)
            out.phases["indexes"] = time.perf_counter() - started
            sequence = f"SELECT setval(pg_get_serial_sequence('{dtable}', 'id'), GREATEST(%s, "
            sequence += f"(SELECT COALESCE(max(id), 1) FROM {dtable})))"  # noqa: S608
            cursor.execute(sequence, [next_id - 1])
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys, as before
            _write_counters(cursor, codes, ledgers)
            out.daily_facts, out.step_facts = _write_facts(cursor, facts)
            out.phases["facts"] = time.perf_counter() - started
        from motcua.integrations.portal_sync.outbox import note_gap

        note_gap("Tỉnh mẫu nạp hàng loạt, chưa gửi lên Cổng DVCQG")
        from .rebuild import rebuild_months

        rebuild_months()  # the month tables from the day facts just written
        out.phases["months"] = time.perf_counter() - started
        for model in (*BULK_TABLES, Applicant, DailyFact, StepFact, MonthFact, StepMonthFact):
            with connection.cursor() as c:
                c.execute(f"ANALYZE {model._meta.db_table}")
        out.phases["analyze"] = time.perf_counter() - started
    finally:
        shutil.rmtree(ctx.tmp, ignore_errors=True)
    out.seconds = time.perf_counter() - started
    return out


def _run_workers(ctx, jobs, cursor, out: Report, report, d_extra_cols, n: int, started: float):
    mp = multiprocessing.get_context("fork")
    queue = mp.Queue(maxsize=8)
    procs = [mp.Process(target=_worker, args=(ctx, job, queue), daemon=True) for job in jobs if job]
    for p in procs:
        p.start()
    facts = _Facts()
    codes: dict = {}
    ledgers: dict = {}
    remaining = len(procs)
    d_cols = [*DOSSIER_COLUMNS, *d_extra_cols]
    step = max(1, n // 10)
    shown = 0
    try:
        while remaining:
            kind, payload = queue.get()
            if kind == "error":
                raise RuntimeError("Tiến trình sinh dữ liệu lỗi:\n" + payload)
            if kind == "done":
                daily, steps, c, ledger = payload
                part = _Facts()
                part.daily, part.steps = daily, steps
                facts.merge(part)
                codes.update(c)
                ledgers.update(ledger)
                remaining -= 1
                continue
            d_path, e_path, p_path, nd, ne = payload
            _copy_file(cursor, Dossier._meta.db_table, d_cols, d_path)
            _copy_file(cursor, DossierEvent._meta.db_table, EVENT_COLUMNS, e_path)
            _copy_file(cursor, DossierParticipation._meta.db_table, PARTICIPATION_COLUMNS, p_path)
            with open(p_path, "rb") as f:
                out.participations += sum(1 for _ in f)
            for path in (d_path, e_path, p_path):
                os.unlink(path)
            out.dossiers += nd
            out.events += ne
            if out.dossiers >= shown + step:
                shown = out.dossiers - out.dossiers % step
                elapsed = time.perf_counter() - started
                report(f"  … {out.dossiers:,} hồ sơ, {out.events:,} sự kiện ({elapsed:.0f} s)")
    finally:
        for p in procs:
            if p.is_alive():
                p.terminate()
            p.join()
    return facts, codes, ledgers


def _write_counters(cursor, codes: dict, ledgers: dict) -> None:
    """Leave the code and ledger sequences at the last number taken (next reception continues)."""
    table = Counter._meta.db_table
    rows = [(a, "code", k, v) for (a, k), v in codes.items()] + [
        (a, "ledger", k, v) for (a, k), v in ledgers.items()
    ]
    if rows:
        cursor.executemany(
            f"INSERT INTO {table} (agency_id, kind, key, value) VALUES (%s, %s, %s, %s) "  # noqa: S608
            "ON CONFLICT (agency_id, kind, key) DO UPDATE SET "
            f"value = GREATEST({table}.value, excluded.value)",
            rows,
        )


def _write_facts(cursor, facts: _Facts) -> tuple[int, int]:
    """``facts.add_facts`` in bulk: COPY into a temporary table, then the same additive upsert."""
    qn = connection.ops.quote_name
    daily_t, step_t = DailyFact._meta.db_table, StepFact._meta.db_table
    cols = ["day", "agency_id", "procedure_version_id", *COUNTERS]
    names = ", ".join(map(qn, cols))
    cursor.execute(
        f"CREATE TEMP TABLE bulk_daily ON COMMIT DROP AS SELECT {names} FROM {daily_t} WITH NO DATA"  # noqa: S608
    )
    with cursor.copy(f"COPY bulk_daily ({names}) FROM STDIN") as copy:
        for (day, agency, version), row in facts.daily.items():
            copy.write(f"{day.isoformat()}\t{agency}\t{version}\t" + "\t".join(map(str, row)) + "\n")
    sets = ", ".join(f"{qn(c)} = {daily_t}.{qn(c)} + excluded.{qn(c)}" for c in COUNTERS)
    cursor.execute(
        f"INSERT INTO {daily_t} ({names}) SELECT {names} FROM bulk_daily "  # noqa: S608
        f"ON CONFLICT (day, agency_id, procedure_version_id) DO UPDATE SET {sets}"
    )
    scols = ["day", "agency_id", "procedure_version_id", "step_order", "step_name", *STEP_COUNTERS]
    snames = ", ".join(map(qn, scols))
    cursor.execute(
        f"CREATE TEMP TABLE bulk_step ON COMMIT DROP AS SELECT {snames} FROM {step_t} WITH NO DATA"  # noqa: S608
    )
    with cursor.copy(f"COPY bulk_step ({snames}) FROM STDIN") as copy:
        for (day, agency, version, order), (done, over, seconds, name) in facts.steps.items():
            copy.write(
                f"{day.isoformat()}\t{agency}\t{version}\t{order}\t{name}\t{done}\t{over}\t{seconds}\n"
            )
    ssets = ", ".join(f"{qn(c)} = {step_t}.{qn(c)} + excluded.{qn(c)}" for c in STEP_COUNTERS)
    cursor.execute(
        f"INSERT INTO {step_t} ({snames}) SELECT {snames} FROM bulk_step "  # noqa: S608
        f"ON CONFLICT (day, agency_id, procedure_version_id, step_order) DO UPDATE SET {ssets}, "
        "step_name = excluded.step_name"
    )
    cursor.execute("DROP TABLE bulk_daily, bulk_step")  # the load may sit inside a longer transaction
    return len(facts.daily), len(facts.steps)


__all__ = ["Report", "generate", "Timeliness"]
