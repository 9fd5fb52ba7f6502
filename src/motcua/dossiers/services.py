"""The one write path of dossiers (architecture rule 1).

Every change locks the row, checks the transition table and the caller's rights, writes the
append-only event, updates the derived fields and publishes the domain event — in one
transaction. Views, the API, admin actions and tasks call these functions; nothing else saves
a dossier. A refused action raises a ``DossierError`` and changes nothing.
"""

from __future__ import annotations

import functools
import hashlib
import json
import operator
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.calendar.transfer import transfer_deadline
from motcua.org.compiled import statement
from motcua.org.models import Agency, Role, User
from motcua.org.selectors import has_role
from motcua.org.services import upsert_applicant

from . import authority, batching, codes, deadlines, rules, steps, transfer
from .errors import DossierError, Forbidden, InvalidInput, NotAllowed, NotFound
from .models import Counter, Dossier, DossierEvent, DossierParticipation
from .selectors import visible_dossiers
from .signals import dossier_changed, dossier_committed
from .states import ENDED, PROCESSORS, Channel, State, Transition, Where, transition

RETURN_METHODS = {
    "desk": _("Tại Bộ phận Một cửa"),
    "post": _("Qua bưu chính"),
    "electronic": _("Trực tuyến (bản điện tử)"),
}


@dataclass(frozen=True)
class ReceiveResult:
    dossier: Dossier
    created: bool


# ---------------------------------------------------------------- checks shared by every action


def _check_state(t: Transition, state: int | None) -> None:
    if state not in t.sources:
        if state is None:
            raise NotAllowed(
                _("Thao tác «%(action)s» chỉ thực hiện được với hồ sơ đã có.") % {"action": t.label}
            )
        raise NotAllowed(
            _("Không thể «%(action)s» khi hồ sơ đang ở trạng thái «%(state)s».")
            % {"action": t.label, "state": State(state).label},
            code="out_of_turn",
        )


def _check_rights(t: Transition, actor: User | None, receiving: Agency, current: Agency) -> None:
    if t.where == Where.ANYONE:
        return
    if actor is None or not actor.is_authenticated:
        raise Forbidden(_("Cần đăng nhập bằng tài khoản cán bộ để «%(action)s».") % {"action": t.label})
    if t.where == Where.LEG:
        return  # the leg's own agency is checked by dossiers.routing (Decree 118/2025 Art. 20.2)
    agencies = {Where.RECEIVING: [receiving], Where.CURRENT: [current], Where.EITHER: [receiving, current]}[
        t.where
    ]
    if not any(has_role(actor, a.pk, t.roles) for a in agencies):
        roles = ", ".join(str(Role(r).label) for r in sorted(t.roles))
        raise Forbidden(
            _("Tài khoản không có quyền «%(action)s» hồ sơ của %(agency)s (cần vai trò: %(roles)s).")
            % {"action": t.label, "agency": agencies[0].name, "roles": roles},
            code="forbidden",
        )


def _check_applicant(t: Transition) -> None:
    if not t.applicant:
        raise Forbidden(
            _("Người nộp hồ sơ không tự thực hiện được thao tác «%(action)s».") % {"action": t.label},
            code="forbidden",
        )


def _now(at: datetime | None) -> datetime:
    return at or timezone.now()


def _iso(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat()


def next_number(agency_id: int, kind: str, key: str) -> int:
    """Take the next number of a gap-free ``Counter`` sequence; the row stays locked until commit.

    One upsert statement (PostgreSQL, SQLite ≥ 3.35): the first use of a key creates the row,
    later ones increment it; concurrent callers wait on the row lock in PostgreSQL. Shared by
    dossier codes and ledger lines, receipt numbers (payments) and petition codes (feedback).
    """
    return next_numbers(agency_id, [(kind, key)])[0]


def next_numbers(agency_id: int, sequences: list[tuple[str, str]]) -> list[int]:
    """``next_number`` of several sequences of one agency in one statement, in the order given.

    The rows are locked in that order; callers taking the same sequences name them in the same
    order (a dossier's code, then its ledger line), so two of them never wait on each other.
    """
    return next_numbers_of([(agency_id, kind, key) for kind, key in sequences])


def next_numbers_of(sequences: list[tuple[int, str, str]]) -> list[int]:
    """``next_number`` of several ``(agency_id, kind, key)`` sequences in one statement, in order.

    Reception takes its code from the prefix agency's counter (shared by every receiving point,
    Decree 118/2025 Art. 28) and its ledger line from the receiving desk's: code rows always
    before ledger rows, so two receptions never wait on each other in a cycle.
    """
    table = Counter._meta.db_table
    rows = _execute(
        transaction.get_connection(),
        f"INSERT INTO {table} (agency_id, kind, key, value) VALUES "  # noqa: S608
        + ", ".join(["(%s, %s, %s, 1)"] * len(sequences))
        + f" ON CONFLICT (agency_id, kind, key) DO UPDATE SET value = {table}.value + 1"
        " RETURNING agency_id, kind, key, value",
        [v for sequence in sequences for v in sequence],
        fetch="all",
    )
    taken = {(agency, kind, key): value for agency, kind, key, value in rows}
    return [taken[s] for s in sequences]


def _code_agency(dossier: Dossier) -> Agency:
    """Whose identifier prefixes the code (Decree 118/2025 Art. 28.2.a): the competent authority;
    for an inter-agency group (liên thông) the receiving desk."""
    if dossier.procedure_version.inter_agency or dossier.competent_agency_id is None:
        return dossier.agency
    return dossier.competent_agency


def _assign_code(dossier: Dossier, at: datetime) -> None:
    local = timezone.localtime(at)
    day = local.strftime("%y%m%d")
    prefix = _code_agency(dossier)
    ledger = (dossier.agency_id, "ledger", str(local.year))
    if dossier.code:  # issued by the national portal: kept (Art. 28.2.a); only the ledger line
        dossier.ledger_line = next_numbers_of([ledger])[0]
    else:
        # One counter per prefix and day, whichever point receives (Art. 28.2.b); the ledger is the
        # receiving desk's book. Four digits, then as many as it takes (…-9999, …-10000): a busy
        # day must never close reception until midnight (issue 14, item 7).
        number, dossier.ledger_line = next_numbers_of([(prefix.pk, "code", day), ledger])
        dossier.code = codes.format_code(prefix.identifier_code, local.date(), number)
    dossier.ledger_year = local.year


def _record(
    dossier: Dossier, action: str, from_state: int | None, actor: User | None, at: datetime, **fields
) -> DossierEvent:
    dossier.event_count += 1
    event = DossierEvent(
        dossier=dossier,
        seq=dossier.event_count,
        action=action,
        from_state=from_state,
        to_state=dossier.state,
        at=at,
        actor=actor if actor and actor.is_authenticated else None,
        actor_name=(str(actor) if actor and actor.is_authenticated else fields.pop("actor_name", "")),
        step_index=dossier.step_index if dossier.step_index >= 0 else None,
        **fields,
    )
    _insert(event, batch=True)
    return event


def _publish(dossier: Dossier, event: DossierEvent, previous: int | None) -> None:
    # Counters subscribe synchronously (same transaction); the outside world only after commit.
    dossier_changed.send(sender=Dossier, dossier=dossier, event=event, previous_state=previous)
    transaction.on_commit(
        lambda: dossier_committed.send(sender=Dossier, dossier=dossier, event=event, previous_state=previous)
    )


def _participate(dossier: Dossier, agency: Agency) -> None:
    conn = transaction.get_connection()
    sql = (
        f"INSERT INTO {DossierParticipation._meta.db_table} (dossier_id, agency_id) "  # noqa: S608
        "VALUES (%s, %s) ON CONFLICT DO NOTHING"
    )
    if conn.vendor == "postgresql":
        batching.later(sql, [dossier.pk, agency.pk])
    else:
        _execute(conn, sql, [dossier.pk, agency.pk], fetch=False)


def _finish(dossier: Dossier, at: datetime) -> None:
    # Only a received dossier has a clock; a refusal at reception is not classified.
    if dossier.state in ENDED and dossier.ended_at is None and dossier.received_at is not None:
        dossier.ended_at = at
        dossier.timeliness = deadlines.classify(at, dossier.due_at, dossier.supplement_count)


def _start_step(dossier: Dossier, index: int, at: datetime) -> None:
    dossier.step_index = index
    dossier.step_started_at = at
    step = dossier.current_step
    dossier.step_due_at = None
    if step and dossier.procedure_version.time_limit_unit:
        cal = deadlines.calendar_for(dossier.current_agency)
        dossier.step_due_at = deadlines.add_budget(
            cal, at, step["budget"], dossier.procedure_version.time_limit_unit
        )
    if step and step.get("agency_id") and step["agency_id"] != dossier.current_agency_id:
        dossier.current_agency = _reference(Agency, step["agency_id"])
        _participate(dossier, dossier.current_agency)


_REFERENCE: dict[tuple[str, int], tuple[float, object]] = {}
# Agencies and procedure versions change by an administrator's edit, rarely; a burst of
# transitions reuses what was read in the last minute instead of joining them into every lock.
REFERENCE_TTL_SECONDS = 60.0


def forget_reference_data() -> None:
    _REFERENCE.clear()


def _cached(store: dict, key, load: Callable[[], object], ttl: float = REFERENCE_TTL_SECONDS):
    """``load()`` kept in ``store`` under ``key`` for ``ttl`` seconds; a ``None`` is never kept."""
    cached = store.get(key)
    if cached is None or cached[0] < time.monotonic():
        value = load()
        if value is None:
            return None
        cached = store[key] = (time.monotonic() + ttl, value)
    return cached[1]


def _reference(model, pk: int):
    return _cached(_REFERENCE, (model._meta.label, pk), lambda: model.objects.get(pk=pk))


def reference_by_code(kind: str, code: str, find: Callable[[], object | None]):
    """What ``find()`` gives for a code (an agency, the version in force on a day), reused for a
    minute like the rest of the reference data and dropped with it; a miss is never kept."""
    return _cached(_REFERENCE, ("code", kind, code), find)


def _attach_reference_data(dossier: Dossier) -> None:
    from motcua.catalog.models import ProcedureVersion

    # The ids are already on the row: only the related-object cache is filled (what `d.agency = x`
    # does, without its checks).
    cache = dossier._state.fields_cache
    cache["agency"] = _reference(Agency, dossier.agency_id)
    cache["current_agency"] = _reference(Agency, dossier.current_agency_id)
    cache["procedure_version"] = _reference(ProcedureVersion, dossier.procedure_version_id)


_COLUMN_NAMES = [f.name for f in Dossier._meta.concrete_fields if not f.primary_key]
_columns = operator.attrgetter(*(f.attname for f in Dossier._meta.concrete_fields if not f.primary_key))


# ------------------------------------------------- the three statements of a transition, compiled once
# A transition reads one row, writes a handful of its columns and appends one event — thousands of
# times in a burst (the demo history, a busy desk). Building those statements through the ORM each
# time cost several times more than running them, so they are compiled once per connection kind
# and run on the cursor. Model signals are still honoured: when anything listens to pre_save or
# post_save of the model, the ORM's save() is used instead.
_STATEMENTS: dict[tuple | str, object] = {}


def _signals_heard(model) -> bool:
    return pre_save.has_listeners(model) or post_save.has_listeners(model)


_AS_IS = {  # internal type → the Python types its get_db_prep_save() returns unchanged
    "IntegerField": int,
    "BigIntegerField": int,
    "SmallIntegerField": int,
    "PositiveIntegerField": int,
    "PositiveSmallIntegerField": int,
    "PositiveBigIntegerField": int,
    "ForeignKey": int,
    "CharField": str,
    "TextField": str,
    "BooleanField": bool,
}


def _preparer(field, conn) -> Callable:
    """``field.get_db_prep_save`` with a shortcut for values it would pass through as they are."""
    slow = field.get_db_prep_save
    kind = field.get_internal_type()
    if kind == "ForeignKey" and field.target_field.get_internal_type() not in {"AutoField", "BigAutoField"}:
        kind = None
    if kind in _AS_IS:
        exact = _AS_IS[kind]
        return lambda value: value if value is None or type(value) is exact else slow(value, conn)
    if kind == "DateTimeField":
        adapt = conn.ops.adapt_datetimefield_value
        return lambda value: (
            adapt(value)
            if value is None or (type(value) is datetime and value.utcoffset() is not None)
            else slow(value, conn)
        )
    return lambda value: slow(value, conn)


_QMARK = re.compile(r"(?<!%)%s")


def _execute(conn, sql: str, params: list, fetch: bool | str):
    """Run one statement; the first row (``fetch``), every row (``fetch="all"``), the row count, or
    ``fetch="lastrowid"``.

    On SQLite nothing is added to a statement between the ORM's cursor and the driver but the
    placeholder style, so when nothing watches the queries (``DEBUG``, execute wrappers) the driver
    runs it directly, with the same error translation.
    """
    if conn.vendor != "sqlite" or conn.queries_logged or conn.execute_wrappers:
        with statement(conn, sql, params) as cursor:  # prepared on PostgreSQL: planned once
            return _result(cursor, fetch)
    native = _STATEMENTS.get(sql)
    if native is None:
        native = _STATEMENTS[sql] = _QMARK.sub("?", sql).replace("%%", "%")
    conn.validate_no_broken_transaction()
    with conn.wrap_database_errors:
        cursor = conn.connection.execute(native, params)
        try:
            return _result(cursor, fetch)
        finally:
            cursor.close()


def _result(cursor, fetch: bool | str):
    if fetch == "lastrowid":
        return cursor.lastrowid
    if fetch == "all":
        return cursor.fetchall()
    return cursor.fetchone() if fetch else cursor.rowcount


class _atomic:  # noqa: N801 — used as ``with _atomic():``, like ``transaction.atomic()``
    """``transaction.atomic()``; nested in a transaction on SQLite, its savepoint runs on the driver.

    The demo history and imports run thousands of actions inside one transaction, each in its own
    savepoint so that a refused action changes nothing; the ORM's savepoint bookkeeping cost ten
    times the two statements. This does what a nested ``atomic()`` does: roll back to the
    savepoint on an exception or when the block was marked for rollback, forget the on-commit
    callbacks registered inside, and leave the outer transaction usable.
    """

    __slots__ = ("conn", "sid", "callbacks", "block")
    _numbers = iter(range(1, 1 << 62))

    def __enter__(self):
        conn = self.conn = transaction.get_connection()
        self.block = None
        if (
            not conn.in_atomic_block
            or conn.needs_rollback
            or conn.vendor != "sqlite"
            or conn.queries_logged
            or conn.execute_wrappers
        ):
            self.block = transaction.atomic()
            self.block.__enter__()
            return conn
        self.sid = f'"motcua_sp{next(self._numbers)}"'
        self.callbacks = len(conn.run_on_commit)
        with conn.wrap_database_errors:
            conn.connection.execute(f"SAVEPOINT {self.sid}")
        return conn

    def __exit__(self, exc_type, exc_value, traceback):
        if self.block is not None:
            return self.block.__exit__(exc_type, exc_value, traceback)
        conn = self.conn
        if exc_type is None and not conn.needs_rollback:
            try:
                with conn.wrap_database_errors:
                    conn.connection.execute(f"RELEASE SAVEPOINT {self.sid}")
                return None
            except DatabaseError:
                self._roll_back()
                raise
        self._roll_back()
        return None

    def _roll_back(self) -> None:
        conn = self.conn
        conn.needs_rollback = False
        del conn.run_on_commit[self.callbacks :]
        try:
            with conn.wrap_database_errors:
                conn.connection.execute(f"ROLLBACK TO SAVEPOINT {self.sid}")
                conn.connection.execute(f"RELEASE SAVEPOINT {self.sid}")
        except DatabaseError:
            conn.needs_rollback = True  # as atomic() does: the outer block must roll back


def _lock(dossier_id: int, conn) -> Dossier:
    """``select_for_update().get(pk=…)`` without joins, from a statement compiled once."""
    key = ("lock", conn.alias, conn.vendor)
    statement = _STATEMENTS.get(key)
    if statement is None:
        query = Dossier.objects.select_for_update().filter(pk=0).order_by().query
        compiler = query.get_compiler(connection=conn)
        sql, params = compiler.as_sql()
        columns = [col for col, _sql, _alias in compiler.select]
        if list(params) != [0] or compiler.klass_info.get("related_klass_infos"):
            raise RuntimeError("unexpected dossier lock statement")  # pragma: no cover
        converters = [(i, (_faster(fs, conn), e)) for i, (fs, e) in compiler.get_converters(columns).items()]
        statement = _STATEMENTS[key] = (sql, [c.target.attname for c in columns], converters)
    sql, names, converters = statement
    row = _execute(conn, sql, [dossier_id], fetch=True)
    if row is None:
        raise NotFound(_("Không tìm thấy hồ sơ."))
    if converters:
        row = list(row)
        for index, (functions, expression) in converters:
            value = row[index]
            for convert in functions:
                value = convert(value, expression, conn)
            row[index] = value
    return Dossier.from_db(conn.alias, names, row)


def _faster(converters: list, conn) -> list:
    """SQLite's datetime converter with a shortcut for what the driver gives: naive UTC datetimes."""
    if conn.vendor != "sqlite" or not settings.USE_TZ:
        return converters
    slow, tz = conn.ops.convert_datetimefield_value, conn.timezone

    def convert_datetime(value, expression, connection):
        if value is None:
            return None
        if type(value) is datetime and value.tzinfo is None:
            return value.replace(tzinfo=tz)  # = timezone.make_aware(value, tz)
        return slow(value, expression, connection)

    return [convert_datetime if f == slow else f for f in converters]


def _update(dossier: Dossier, names: list[str], conn) -> None:
    """``save(update_fields=names)``: one UPDATE of the named columns (``auto_now`` included)."""
    if _signals_heard(Dossier):
        dossier.save(update_fields=names)
        return
    key = ("update", conn.alias, conn.vendor, tuple(names))
    statement = _STATEMENTS.get(key)
    if statement is None:
        meta, qn = Dossier._meta, conn.ops.quote_name
        fields = [meta.get_field(name) for name in names]
        sql = (
            f"UPDATE {qn(meta.db_table)} SET {', '.join(f'{qn(f.column)} = %s' for f in fields)} "  # noqa: S608
            f"WHERE {qn(meta.pk.column)} = %s"
        )
        statement = _STATEMENTS[key] = (sql, [(f.pre_save, _preparer(f, conn)) for f in fields])
    sql, fields = statement
    values = [prepare(pre_save(dossier, False)) for pre_save, prepare in fields]
    if conn.vendor == "postgresql":  # the row is locked: it is there; the count is checked when sent
        batching.later(sql, [*values, dossier.pk], then=_one_row_updated)
    elif _execute(conn, sql, [*values, dossier.pk], fetch=False) != 1:
        raise DatabaseError("Save with update_fields did not affect any rows.")  # pragma: no cover


def _one_row_updated(cursor) -> None:
    if cursor.rowcount != 1:
        raise DatabaseError("Save with update_fields did not affect any rows.")  # pragma: no cover


def _insert(obj, *, batch: bool = False) -> None:
    """``obj.save()`` of a new row: one INSERT … RETURNING its id (``auto_now(_add)`` included).

    ``batch``: on PostgreSQL the INSERT goes with the transition's next batch (``batching``); the
    id is set when the batch is sent, before the commit — for rows nobody reads back sooner.
    """
    model, conn = type(obj), transaction.get_connection()
    if _signals_heard(model) or not conn.features.can_return_columns_from_insert:
        obj.save(force_insert=True)
        return
    key = ("insert", conn.alias, conn.vendor, model)
    statement = _STATEMENTS.get(key)
    if statement is None:
        meta, qn = model._meta, conn.ops.quote_name
        if meta.db_returning_fields != [meta.pk]:
            raise RuntimeError(f"{meta.label}: unexpected returning fields")  # pragma: no cover
        fields = [f for f in meta.local_concrete_fields if not f.primary_key]
        sql = (
            f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(fields))})"
        )
        if conn.vendor != "sqlite":  # SQLite's RETURNING costs more than the insert; lastrowid is free
            sql += f" RETURNING {qn(meta.pk.column)}"
        statement = _STATEMENTS[key] = (sql, [(f.pre_save, _preparer(f, conn)) for f in fields])
    sql, fields = statement
    values = [prepare(pre_save(obj, True)) for pre_save, prepare in fields]
    if conn.vendor == "sqlite":
        obj.pk = _execute(conn, sql, values, fetch="lastrowid")
    elif batch:
        batching.later(sql, values, then=lambda cursor: setattr(obj, "pk", cursor.fetchone()[0]))
    else:
        obj.pk = _execute(conn, sql, values, fetch=True)[0]
    obj._state.adding = False
    obj._state.db = conn.alias


def _act(
    dossier_id: int,
    action: str,
    actor: User | None,
    at: datetime | None,
    change: Callable[[Dossier, datetime], dict | None],
    *,
    by_applicant: bool = False,
) -> Dossier:
    """Lock, check, change, record, publish — the skeleton of every action on an existing dossier.

    ``by_applicant``: the applicant acts on their own dossier (Decree 118/2025 Art. 21; the caller
    has checked whose it is): no staff role is asked for, only a transition open to applicants."""
    t = transition(action)
    at = _now(at)
    with _atomic() as conn, batching.batched(conn):  # the connection itself, not the thread's proxy
        dossier = _lock(dossier_id, conn)
        _attach_reference_data(dossier)
        if dossier.submitted_at and at < dossier.submitted_at:
            raise InvalidInput(
                _("Thời điểm thực hiện không thể trước thời điểm nộp hồ sơ."), code="before_submission"
            )
        before = _columns(dossier)
        _check_state(t, dossier.state)
        if by_applicant:
            _check_applicant(t)
        else:
            _check_rights(t, actor, dossier.agency, dossier.current_agency)
        previous = dossier.state
        if t.target is not None:
            dossier.state = t.target
        fields = change(dossier, at) or {}
        if previous == State.AWAITING_RECEPTION and dossier.reception_due_at is not None:
            _end_reception_clock(dossier, action, at)
        _finish(dossier, at)
        event = _record(dossier, action, previous, actor, at, **fields)
        after = _columns(dossier)
        # Only what changed is written: a transition touches a handful of the row's columns.
        _update(
            dossier,
            [n for n, b, a in zip(_COLUMN_NAMES, before, after, strict=True) if b != a] + ["updated_at"],
            conn,
        )
        _publish(dossier, event, previous)
    return dossier


# ---------------------------------------------------------------------------- reception


def _validate_components(version, submitted: list[dict]) -> list[dict]:
    """Every required component present with at least one copy (domain §3); returns a clean list."""
    by_id = _cached(
        _REFERENCE, ("components", version.pk), lambda: {c.pk: c for c in version.components.all()}
    )
    clean, seen = [], set()
    for item in submitted or []:
        comp = by_id.get(item.get("component_id"))
        if comp is None:
            raise InvalidInput(
                _("Thành phần hồ sơ không thuộc thủ tục này (mã %(id)s).") % {"id": item.get("component_id")}
            )
        count = item.get("count", comp.count or 1)
        if not isinstance(count, int) or count < 1:
            raise InvalidInput(
                _("Số lượng của thành phần «%(name)s» phải là số nguyên dương.") % {"name": comp.name}
            )
        seen.add(comp.pk)
        clean.append(
            {
                "component_id": comp.pk,
                "name": comp.name,
                "copy_type": comp.copy_type,
                "count": count,
                "source": item.get("source", "paper"),
            }
        )
    # Documents only shown at the desk (xuất trình) are checked there, not kept in the dossier.
    missing = [c.name for c in by_id.values() if c.required and c.mode == "nop" and c.pk not in seen]
    if missing:
        raise InvalidInput(
            _("Thiếu thành phần hồ sơ bắt buộc: %(names)s.") % {"names": "; ".join(missing)},
            code="missing_components",
            details={"missing": missing},
        )
    return clean


def _contact(data: dict) -> dict:
    """The applicant's details as given with this dossier: kept on the dossier, which its notices
    and forms use; the shared applicant record is only created from them (issue 14, item 5)."""
    return {
        "applicant_name": str(data.get("name") or "").strip()[:255],
        "contact_address": str(data.get("address") or "").strip()[:255],
        "contact_phone": str(data.get("phone") or "").strip()[:50],
        "contact_email": str(data.get("email") or "").strip()[:254],
    }


def _applicant(data: dict):
    try:
        return upsert_applicant(**data)
    except ValidationError as exc:
        raise InvalidInput(
            " ".join(exc.messages), code="invalid_applicant", details=getattr(exc, "message_dict", {})
        ) from None
    except TypeError:
        raise InvalidInput(_("Thông tin chủ hồ sơ không đầy đủ.")) from None


def _check_version(version, at: datetime) -> None:
    # Published versions of a procedure never overlap (catalog rule), so "published and covering
    # the day" is "the version in force" without another query.
    if version.status != "published" or not version.covers(timezone.localdate(at)):
        raise InvalidInput(
            _("Thủ tục «%(name)s» không có phiên bản đang có hiệu lực tại thời điểm tiếp nhận.")
            % {"name": version.procedure.name},
            code="version_not_in_force",
        )


# Internal processes change by an administrator's edit, rarely: a reception reuses what was read
# in the last minute instead of three queries each time.
_SNAPSHOTS: dict[tuple[int, int], tuple[float, list[dict]]] = {}
SNAPSHOT_TTL_SECONDS = 60.0


def forget_snapshots() -> None:
    _SNAPSHOTS.clear()


def _process_snapshot(version, agency: Agency) -> list[dict]:
    """Copy the internal process at reception: later edits do not change a dossier in flight."""
    from motcua.catalog.models import Procedure
    from motcua.catalog.selectors import process_for

    def load() -> list[dict]:
        template = process_for(_reference(Procedure, version.procedure_id), agency)
        steps = template.steps.all() if template else []  # prefetched in the order of the steps
        return [
            {
                "order": s.order,
                "name": s.name,
                "role": s.role,
                "agency_id": s.agency_id or agency.pk,
                "budget": str(s.budget),
            }
            for s in steps
        ]

    snapshot = _cached(_SNAPSHOTS, (version.pk, agency.pk), load, SNAPSHOT_TTL_SECONDS)
    return [dict(step) for step in snapshot]


def _repeat_gives_the_first(receive_new: Callable[..., ReceiveResult]) -> Callable[..., ReceiveResult]:
    """A repeated idempotency key gives the first dossier — for the same request.

    The first dossier is looked up only when the reception fails (the unique index refuses the
    second insert, or the repeat is refused for what it carries): repeats are rare, and a look-up
    before every reception would cost each one a round trip. A caller that fingerprints its
    request (``request_hash``, written in the same INSERT as the dossier) gets "key already used
    for another request" when the fingerprints differ; a repeat of the same request (a retry after
    a lost answer) still gets the first dossier.
    """

    @functools.wraps(receive_new)
    def receive(
        *, agency: Agency, idempotency_key: str | None = None, request_hash: str = "", **kwargs
    ) -> ReceiveResult:
        try:
            return receive_new(
                agency=agency, idempotency_key=idempotency_key, request_hash=request_hash, **kwargs
            )
        except (DossierError, ValidationError, IntegrityError) as error:
            existing = idempotency_key and Dossier.objects.filter(idempotency_key=idempotency_key).first()
            if not existing:
                raise
            # Only to a caller who may see it: a key is no way into another unit's dossier. A
            # system caller without an account (the national portal's pushes) keeps its keys in a
            # namespace of its own ("dvc-…") and gets its first dossier back.
            actor = kwargs.get("actor")
            system = actor is None or not actor.is_authenticated
            if system or visible_dossiers(actor).filter(pk=existing.pk).exists():
                return _same_request(existing, agency, request_hash)
            if isinstance(error, IntegrityError):
                raise _key_taken() from None
            raise

    return receive


@_repeat_gives_the_first
def receive(
    *,
    actor: User | None,
    version,
    agency: Agency,
    applicant: dict,
    channel: int = Channel.DESK,
    summary: str = "",
    sets: int = 1,
    components: list[dict] | None = None,
    submitter_name: str = "",
    submitter_phone: str = "",
    idempotency_key: str | None = None,
    request_hash: str = "",
    assisted: bool = False,
    form_data: dict | None = None,
    result_delivery: str = "",
    outcome: str = "accept",
    items: list | None = None,
    competent_agency: Agency | None = None,
    portal_code: str = "",
    at: datetime | None = None,
) -> ReceiveResult:
    """Register a new dossier (domain §4 rule 1).

    ``agency`` is the receiving point; ``competent_agency`` the authority deciding it (Decree
    118/2025 Art. 14.2: any centre receives any procedure of the province), by default the
    receiving agency. ``portal_code``: the code the national portal issued, kept.

    Online it waits for reception. At the desk or by post the officer's check ends in one outcome:
    ``accept`` (code, receipt, due time), ``request_supplement`` (form 02 with ``items``) or
    ``refuse`` (form 03 with ``items`` as reasons). The same idempotency key twice gives the
    same dossier.
    """
    at = _now(at)
    outcomes = {"accept": "accept", "request_supplement": "request_supplement", "refuse": "refuse_reception"}
    if channel == Channel.ONLINE:
        action = "submit"
    elif outcome in outcomes:
        action = outcomes[outcome]
    else:
        raise InvalidInput(_("Kết quả kiểm tra hồ sơ không hợp lệ: %(o)s.") % {"o": outcome})
    data: dict = {"channel": channel}
    if action == "request_supplement":
        data["items"] = _reasons(
            items, _("Phiếu yêu cầu bổ sung phải liệt kê ít nhất một nội dung cần bổ sung.")
        )
    elif action == "refuse_reception":
        data["reasons"] = _reasons(items, _("Cần nêu lý do từ chối tiếp nhận."))
    t = transition(action)
    if channel not in Channel.values:
        raise InvalidInput(_("Kênh tiếp nhận không hợp lệ: %(c)s.") % {"c": channel})
    if not agency.receives_dossiers:
        raise InvalidInput(_("%(agency)s không tiếp nhận hồ sơ.") % {"agency": agency.name})
    if not 1 <= int(sets) <= 50:
        raise InvalidInput(_("Số bộ hồ sơ phải từ 1 đến 50."))
    _check_rights(t, actor, agency, agency)
    _check_version(version, at)
    competent = authority.resolve(version.procedure_id, agency, competent_agency)
    clean_components = (
        _validate_components(version, components or [])
        if action in {"accept", "submit"}
        else list(components or [])
    )
    with _atomic() as conn, batching.batched(conn):
        dossier = Dossier(
            procedure_version=version,
            agency=agency,
            competent_agency=competent,
            current_agency=agency,
            code=_portal_code(portal_code),
            unit_id=agency.unit_id,
            applicant=_applicant(applicant),
            **_contact(applicant),
            channel=channel,
            assisted=assisted,
            form_data=form_data or {},
            result_delivery=result_delivery,
            summary=summary[:500],
            sets=sets,
            components=clean_components,
            submitter_name=submitter_name,
            submitter_phone=submitter_phone,
            idempotency_key=idempotency_key or None,
            request_hash=request_hash if idempotency_key else "",
            submitted_at=at,
            regime=rules.regime_at(at),
            state=t.target,
        )
        if action == "accept":
            _accept_fields(dossier, actor, at)
        elif action == "request_supplement":
            dossier.supplement_count = 1
            dossier.state_before_pause = State.AWAITING_RECEPTION
        _finish(dossier, at)
        if action == "submit":
            _start_reception_clock(dossier, at)
        # The first event is numbered before the row is written: one INSERT, no UPDATE after.
        dossier.event_count = 1
        _insert(dossier)
        _participate(dossier, agency)
        if dossier.current_agency_id != agency.pk:
            _participate(dossier, dossier.current_agency)
        dossier.event_count = 0
        event = _record(dossier, action, None, actor, at, data=data)
        _publish(dossier, event, None)
    return ReceiveResult(dossier, True)


def _portal_code(code: str) -> str | None:
    """The national portal's code when it fits the column; else the dossier gets one of ours."""
    code = (code or "").strip()
    return code if 0 < len(code) <= Dossier._meta.get_field("code").max_length else None


def _same_request(existing: Dossier, agency: Agency, request_hash: str = "") -> ReceiveResult:
    if existing.agency_id != agency.pk:
        raise _key_taken()
    # Only two known fingerprints can differ: a dossier from before they were kept, or a caller
    # that keeps none (the national portal's retries), gets the first dossier as before.
    if request_hash and existing.request_hash and request_hash != existing.request_hash:
        raise InvalidInput(
            _("Khóa chống gửi trùng đã được dùng cho một yêu cầu khác."), code="idempotency_mismatch"
        )
    return ReceiveResult(existing, False)


def request_fingerprint(body: object) -> str:
    """SHA-256 of the canonical JSON of a request body (keys sorted, no spaces, UTF-8)."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _key_taken() -> InvalidInput:
    message = _("Khóa chống gửi trùng đã được dùng cho một hồ sơ khác.")
    return InvalidInput(message, code="idempotency_conflict")


def _accept_fields(dossier: Dossier, actor: User | None, at: datetime) -> None:
    dossier.received_at = at
    dossier.received_by = actor
    dossier.regime = rules.regime_at(at)  # the reception date chooses the rule set
    _assign_code(dossier, at)
    cal = deadlines.calendar_for(dossier.agency)
    dossier.due_at = deadlines.due_at(cal, dossier.procedure_version, at, [])
    competent = dossier.competent_agency or dossier.agency
    dossier.process_steps = _process_snapshot(dossier.procedure_version, competent)
    if dossier.channel != Channel.ONLINE:  # received at the desk or by post (Art. 18.1)
        dossier.transfer_due_at = transfer_deadline(cal, at, transfer.cutoff())
    if competent.pk != dossier.agency_id:
        # Boundary-free (Art. 20.1.a): the electronic dossier goes to the competent authority at
        # once — the first hand-off —, the paper within 1 working day, recorded by the desk.
        dossier.current_agency = competent
        dossier.transferred_at = at
        if dossier.channel != Channel.ONLINE:
            dossier.paper_due_at = cal.due(at, 1, "working_days")


def accept(dossier_id: int, *, actor: User, at: datetime | None = None) -> Dossier:
    """Accept an online dossier waiting for reception: code, receipt and due time from now."""

    def change(d: Dossier, at: datetime):
        _check_version(d.procedure_version, at)
        _accept_fields(d, actor, at)
        if d.current_agency_id != d.agency_id:
            _participate(d, d.current_agency)

    return _act(dossier_id, "accept", actor, at, change)


def _reasons(items: list, what: str) -> list:
    clean = [i for i in (items or []) if (i.get("reason") if isinstance(i, dict) else str(i).strip())]
    if not clean:
        raise InvalidInput(what)
    return clean


def refuse_reception(
    dossier_id: int, *, actor: User, reasons: list[str], at: datetime | None = None
) -> Dossier:
    """Form 03: refuse an online dossier at reception, with reasons."""
    reasons = _reasons(reasons, _("Cần nêu lý do từ chối tiếp nhận."))
    return _act(dossier_id, "refuse_reception", actor, at, lambda d, at: {"data": {"reasons": reasons}})


# ------------------------------------------------------- online dossiers (Decree 118/2025 Art. 17.2)


def _start_reception_clock(dossier: Dossier, at: datetime) -> None:
    """The desk is alerted on arrival (the alert is the dossier on its list, plus an e-mail written by
    the notifications' subscriber in this transaction) and must answer within N working hours."""
    from . import online

    dossier.desk_alerted_at = at
    cal = deadlines.calendar_for(dossier.agency)
    dossier.reception_due_at = online.reception_due(cal, dossier.procedure_version, at)


def _end_reception_clock(dossier: Dossier, action: str, at: datetime) -> None:
    from . import online

    if action in online.DECISIONS and dossier.reception_decided_at is None:
        dossier.reception_decided_at = at


def redirect(
    dossier_id: int,
    *,
    actor: User,
    guidance: str,
    competent_agency: Agency | None = None,
    competent_name: str = "",
    at: datetime | None = None,
) -> Dossier:
    """Không thuộc thẩm quyền — "not within our competence, submit to X" (Decree 118/2025 Art.
    17.2.b): an online dossier ends with guidance, once and in full, and optionally the authority."""
    guidance = _require_note(
        guidance, _("Cần hướng dẫn cụ thể, đầy đủ để người nộp gửi hồ sơ đến đúng cơ quan có thẩm quyền.")
    )
    if competent_agency is not None and not competent_agency.active:
        raise InvalidInput(_("Cơ quan có thẩm quyền đã chọn không còn hoạt động."))
    name = (competent_agency.name if competent_agency else (competent_name or "").strip())[:255]
    data = {"guidance": guidance, "competent_agency_name": name}
    if competent_agency is not None:
        data["competent_agency_code"] = competent_agency.identifier_code

    def change(d: Dossier, at: datetime):
        if competent_agency is not None and competent_agency.pk == d.agency_id:
            raise InvalidInput(_("Cơ quan có thẩm quyền phải khác cơ quan đang tiếp nhận hồ sơ."))
        return {"note": guidance, "to_agency": competent_agency, "data": data}

    return _act(dossier_id, "redirect", actor, at, change)


# ------------------------------------------------------------------- supplements and pauses


def _pause(d: Dossier, at: datetime) -> None:
    d.pauses = [*d.pauses, [_iso(at), None]]


def _resume(d: Dossier, at: datetime, *, restart: bool = False) -> None:
    if d.pauses and d.pauses[-1][1] is None:
        d.pauses = [*d.pauses[:-1], [d.pauses[-1][0], _iso(at)]]
    if d.received_at is not None:
        cal = deadlines.calendar_for(d.agency)
        if restart:
            # Decree 118/2025 Art. 19.5: «Thời hạn giải quyết được tính lại từ đầu sau khi nhận đủ
            # hồ sơ» — the full limit from the completion moment; earlier pauses no longer count.
            d.due_at = deadlines.due_at(cal, d.procedure_version, at, [])
            _restart_step(d, at)
            return
        start = _clock_start(d)
        later = [p for p in d.pauses if deadlines.pause_intervals([p]) and p[0] >= _iso(start)]
        d.due_at = deadlines.due_at(cal, d.procedure_version, start, later)
        if d.step_due_at and d.step_started_at:
            last = d.pauses[-1]
            d.step_due_at = cal.add_working_time(
                d.step_due_at, cal.working_time_between(*deadlines.pause_intervals([last])[0])
            )


def _restart_step(d: Dossier, at: datetime) -> None:
    """With the time limit restarted (Art. 19.5) the step being worked on gets its whole budget
    again from the completion moment, counted as when a step starts (``_start_step``)."""
    step = d.current_step
    if not step or d.step_due_at is None or not d.procedure_version.time_limit_unit:
        return
    d.step_started_at = at
    d.step_due_at = deadlines.add_budget(
        deadlines.calendar_for(d.current_agency), at, step["budget"], d.procedure_version.time_limit_unit
    )


def request_supplement(dossier_id: int, *, actor: User, items: list, at: datetime | None = None) -> Dossier:
    """Form 02: ask for every missing or wrong item at once; the clock stops (domain §4 rule 2).

    An agency may ask once by default (``max_supplements`` of the procedure version); a dossier with
    more than one request counts as late in the national scoring.
    """
    items = _reasons(items, _("Phiếu yêu cầu bổ sung phải liệt kê ít nhất một nội dung cần bổ sung."))

    def change(d: Dossier, at: datetime):
        asking = d.current_agency
        _check_through_desk(d, actor)
        asked = d.events.filter(action="request_supplement").values_list("agency_id", "data")
        earlier = sum(
            1 for agency_id, data in asked if (data or {}).get("on_behalf_of", agency_id) == asking.pk
        )
        if earlier >= d.procedure_version.max_supplements:
            raise NotAllowed(
                _("%(agency)s đã yêu cầu bổ sung hồ sơ này %(n)s lần; thủ tục chỉ cho phép %(max)s lần.")
                % {"agency": asking.name, "n": earlier, "max": d.procedure_version.max_supplements},
                code="supplement_limit",
            )
        # _act already moved the state; remember where to come back to.
        d.state_before_pause = _previous_state(d)
        d.supplement_count += 1
        data: dict = {"items": items}
        issuer = asking
        if _issued_by_desk(d):
            # Art. 19.5: the receiving desk issues it for the appraising agency; the history names
            # the desk, and the request still counts towards the appraising agency's limit.
            issuer = d.agency
            data["on_behalf_of"] = asking.pk
        if d.received_at is not None:
            _pause(d, at)
            data.update(_supplement_window(d, at))
        return {"agency": issuer, "data": data}

    return _act(dossier_id, "request_supplement", actor, at, change)


def _previous_state(d: Dossier) -> int:
    last = d.events.order_by("-seq").values_list("to_state", flat=True).first()
    return last if last is not None else State.AWAITING_RECEPTION


def complete_supplement(
    dossier_id: int, *, actor: User, note: str = "", at: datetime | None = None
) -> Dossier:
    """The applicant brought what was asked: the clock runs again and the due time moves by the pause."""

    def change(d: Dossier, at: datetime):
        d.state = d.state_before_pause or State.AWAITING_RECEPTION
        d.state_before_pause = None
        restart = d.received_at is not None and rules.rules_for(d).restarts_after_supplement
        previous_due = d.due_at
        _resume(d, at, restart=restart)
        if not restart:
            return {"note": note}
        # A new appointment: notified (notifications hear "restarted") and printed on form 01.
        return {
            "note": note,
            "data": {
                "restarted": True,
                "previous_due_at": _iso(previous_due) if previous_due else None,
                "new_due_at": _iso(d.due_at) if d.due_at else None,
                "step_due_at": _iso(d.step_due_at) if d.step_due_at else None,
            },
        }

    return _act(dossier_id, "complete_supplement", actor, at, change)


def _clock_start(d: Dossier) -> datetime:
    """Where the time limit runs from: reception, or the last restart after a supplement."""
    if not rules.rules_for(d).restarts_after_supplement:
        return d.received_at
    last = (
        d.events.filter(action="complete_supplement", data__restarted=True)
        .order_by("-seq")
        .values_list("at", flat=True)
        .first()
    )
    return last or d.received_at


def _issued_by_desk(d: Dossier) -> bool:
    return d.received_at is not None and rules.rules_for(d).supplement_through_desk


def _check_through_desk(d: Dossier, actor: User) -> None:
    """Decree 118/2025 Art. 5.1.e, 19.5: after reception only the one-stop desk issues the request;
    the appraising officer proposes it (``propose_supplement``) and the desk issues it."""
    if d.received_at is None or not rules.rules_for(d).supplement_through_desk:
        return
    if not has_role(actor, d.agency_id, [Role.DESK_OFFICER]):
        raise Forbidden(
            _(
                "Sau khi tiếp nhận, chỉ Bộ phận Một cửa được gửi yêu cầu bổ sung hồ sơ cho người nộp "
                "(Nghị định 118/2025, Điều 19.5); cán bộ thẩm định gửi đề nghị bổ sung về Bộ phận Một cửa."
            ),
            code="supplement_through_desk",
        )


def _supplement_window(d: Dossier, at: datetime) -> dict:
    """Decree 118/2025 Art. 19.5: a request more than N working days after reception is flagged
    (allowed, not blocked: sector law may give another time; counted and shown)."""
    days = rules.supplement_window(d)
    if days is None:
        return {}
    cal = deadlines.calendar_for(d.agency)
    window_end = cal.due(d.received_at, days, "working_days")
    return {"window_due_at": _iso(window_end), "late_request": at > window_end}


def propose_supplement(dossier_id: int, *, actor: User, items: list, at: datetime | None = None) -> Dossier:
    """The appraising agency's proposal of a supplement, sent back to the desk which issues it."""
    items = _reasons(items, _("Phiếu yêu cầu bổ sung phải liệt kê ít nhất một nội dung cần bổ sung."))

    def change(d: Dossier, at: datetime):
        _check_holder(d, actor)
        return {"agency": d.current_agency, "to_agency": d.agency, "data": {"items": items}}

    return _act(dossier_id, "propose_supplement", actor, at, change)


def close(dossier_id: int, *, actor: User, note: str = "", at: datetime | None = None) -> Dossier:
    """Đóng hồ sơ (Decree 118/2025 Art. 19.5): the supplement did not come N days after the notice."""

    def change(d: Dossier, at: datetime):
        days = rules.rules_for(d).close_after_days
        if days is None:
            raise NotAllowed(
                _("Hồ sơ tiếp nhận theo Nghị định 61/2018 không áp dụng việc đóng hồ sơ."), code="no_closing"
            )
        notice = (
            d.events.filter(action="request_supplement").order_by("-seq").values_list("at", flat=True).first()
        )
        opens = closing_opens(notice, days)
        if at < opens:
            raise NotAllowed(
                _("Chưa đủ %(n)s ngày kể từ khi thông báo bổ sung: được đóng hồ sơ từ %(t)s.")
                % {"n": days, "t": timezone.localtime(opens).strftime("%d/%m/%Y")},
                code="too_early_to_close",
            )
        reason = note.strip() or _("Quá %(n)s ngày kể từ khi thông báo, người nộp không bổ sung hồ sơ.") % {
            "n": days
        }
        data = {"notice_at": _iso(notice), "after_days": days, "reasons": [reason]}
        return {**_close_pause(d, at, reason), "data": data}

    return _act(dossier_id, "close", actor, at, change)


def closing_opens(notice: datetime, days: int) -> datetime:
    """The first moment a dossier may be closed: the start of the day ``days`` calendar days after
    the notice's day («Sau 15 ngày kể từ khi thông báo»; days, not working days: domain §6)."""
    local = timezone.localtime(notice)
    return local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=days)


def request_obligation(
    dossier_id: int, *, actor: User, note: str, amount_vnd: int | None = None, at: datetime | None = None
) -> Dossier:
    """Wait for taxes or fees; the clock pauses only where the procedure says so."""

    def change(d: Dossier, at: datetime):
        d.state_before_pause = State.PROCESSING
        if d.procedure_version.pause_on_financial_obligation:
            _pause(d, at)
        return {"note": note, "data": {"amount_vnd": amount_vnd}}

    return _act(dossier_id, "request_obligation", actor, at, change)


def fulfil_obligation(dossier_id: int, *, actor: User, note: str = "", at: datetime | None = None) -> Dossier:
    def change(d: Dossier, at: datetime):
        d.state_before_pause = None
        if d.procedure_version.pause_on_financial_obligation:
            _resume(d, at)
        return {"note": note}

    return _act(dossier_id, "fulfil_obligation", actor, at, change)


# ----------------------------------------------------------------------------- processing


def _label(action: str) -> str:
    return str(transition(action).label)


# Whether a dossier holds its signed result document is known to the documents app, above this one
# (lower layers never import higher ones): that app answers through this hook when it is loaded.
result_document_held: Callable[[Dossier], bool] | None = None


def _check_result_document(d: Dossier) -> None:
    if d.result_delivery != "electronic":
        return
    if result_document_held is None or not result_document_held(d):
        raise NotAllowed(
            _(
                "Người nộp đã chọn nhận kết quả bản điện tử: cần ký số văn bản kết quả "
                "trước khi ban hành kết quả."
            ),
            code="no_result_document",
        )


def _require_note(text: str, message: str) -> str:
    if not (text or "").strip():
        raise InvalidInput(message)
    return text.strip()


def _check_holder(d: Dossier, actor: User) -> None:
    """Only the assigned officer moves the dossier on, unless a head or leader steps in."""
    if (
        d.assignee_id
        and d.assignee_id != actor.pk
        and not has_role(actor, d.current_agency_id, [Role.HEAD, Role.LEADER])
    ):
        raise Forbidden(
            _("Hồ sơ đang được giao cho %(name)s xử lý.") % {"name": d.assignee}, code="not_assignee"
        )


def assign(
    dossier_id: int, *, actor: User, assignee: User, note: str = "", at: datetime | None = None
) -> Dossier:
    """A head assigns (or reassigns) the step being worked on to an officer holding its role there.

    Domain §4 rule 5 (processing follows the internal process; ``steps`` has the rules): a dossier
    just received is at its first step. When that step is the desk's "Tiếp nhận, chuyển hồ sơ"
    (role desk officer), the head may give it to a desk officer only — a specialist jumped into
    it would spend the desk's budget; the desk finishes the step by forwarding to the specialist.
    The first assignment starts the first step; with a partner agency (liên thông) or without a
    process, any officer of the agency holding the dossier may be assigned.
    """

    def change(d: Dossier, at: datetime):
        if not steps.check_assignee(d, assignee) and not has_role(
            assignee, d.current_agency_id, [Role.DESK_OFFICER, *PROCESSORS]
        ):
            raise InvalidInput(
                _("%(name)s không phải cán bộ xử lý của %(agency)s.")
                % {"name": assignee, "agency": d.current_agency.name}
            )
        first = d.step_index < 0
        d.assignee = assignee
        if first:
            _start_step(d, 0 if d.process_steps else -1, at)
            d.step_started_at = at
        return {"to_user": assignee, "agency": d.current_agency, "note": note}

    return _act(dossier_id, "assign", actor, at, change)


def forward(
    dossier_id: int, *, actor: User, note: str = "", to_user: User | None = None, at: datetime | None = None
) -> Dossier:
    """Pass the dossier to the next step of its internal process (a new agency means a hand-off).

    Only who may work on the current step moves it on, and ``to_user`` must hold the next step's
    role at the next step's agency (``steps``). A dossier nobody took into the process yet is at
    its first step, which ran from reception: the desk's forward to the specialist ends it.
    """

    def change(d: Dossier, at: datetime):
        steps.check_forward(d, actor)
        _check_holder(d, actor)
        steps.check_receiver(d, to_user)
        if d.process_steps and d.step_index >= len(d.process_steps) - 1:
            raise NotAllowed(
                _("Hồ sơ đang ở bước cuối của quy trình; hãy ban hành kết quả."), code="last_step"
            )
        _enter_first_step(d)
        from_agency = d.current_agency
        finished = _step_record(d, at)
        _start_step(d, d.step_index + 1, at)
        d.transferred_at = d.transferred_at or at  # the first hand-off to processing (Art. 18.1)
        d.assignee = to_user
        return {
            "agency": from_agency,
            "to_agency": d.current_agency,
            "to_user": to_user,
            "note": note,
            "data": finished,
        }

    return _act(dossier_id, "forward", actor, at, change)


def _enter_first_step(d: Dossier) -> None:
    """A dossier received and not yet taken into its process has been at its first step since
    reception (the transfer deadline of Decree 118 Art. 18.1 runs from there)."""
    if d.process_steps and d.step_index < 0:
        _start_step(d, 0, d.received_at or d.submitted_at)


def _step_record(d: Dossier, at: datetime) -> dict:
    """How the finished step kept its budget — a line of the control sheet (form 05)."""
    step = d.current_step
    if not step:
        return {}
    kept = None if d.step_due_at is None else at <= d.step_due_at
    return {
        "step": step["name"],
        "step_order": step["order"],
        "budget": step["budget"],
        "started_at": _iso(d.step_started_at) if d.step_started_at else None,
        "step_due_at": _iso(d.step_due_at) if d.step_due_at else None,
        "kept_budget": kept,
    }


def send_back(dossier_id: int, *, actor: User, reason: str, at: datetime | None = None) -> Dossier:
    """Return the dossier to the previous step, with the reason."""
    reason = _require_note(reason, _("Cần nêu lý do trả lại bước trước."))

    def change(d: Dossier, at: datetime):
        if d.process_steps:
            steps.check_not_handed_off(d)
            steps.check_worker(d, actor, _label("send_back"))
        if d.step_index <= 0:
            raise NotAllowed(_("Hồ sơ đang ở bước đầu tiên, không có bước trước để trả lại."))
        from_agency = d.current_agency
        _start_step(d, d.step_index - 1, at)  # moves the dossier back to that step's agency
        d.assignee = None
        return {"agency": from_agency, "to_agency": d.current_agency, "note": reason}

    return _act(dossier_id, "send_back", actor, at, change)


def add_note(dossier_id: int, *, actor: User, note: str, at: datetime | None = None) -> Dossier:
    """A verification note on the control sheet; the state does not change."""
    note = _require_note(note, _("Nội dung ý kiến không được để trống."))
    return _act(dossier_id, "note", actor, at, lambda d, at: {"agency": d.current_agency, "note": note})


def hand_off(
    dossier_id: int,
    *,
    actor: User,
    to_agency: Agency,
    note: str = "",
    at: datetime | None = None,
    working_days: int | None = None,
) -> Dossier:
    """Liên thông: send the dossier to another agency, which hands it back when done.

    ``working_days``: that agency's own time limit, printed on the transfer slip with its due time
    (Decree 118/2025 Art. 20.2; a route of several agencies is ``routing.set_up``)."""

    def change(d: Dossier, at: datetime):
        _check_holder(d, actor)
        if not d.handoff_from_id:
            steps.check_worker(d, actor, _label("hand_off"))
        if to_agency.pk == d.current_agency_id:
            raise InvalidInput(_("Không thể chuyển liên thông cho chính cơ quan đang xử lý."))
        if d.handoff_from_id:
            raise NotAllowed(_("Hồ sơ đang được liên thông tại %(a)s.") % {"a": d.current_agency.name})
        from . import routing

        routing.check_no_open_route(d, _("Hồ sơ đang liên thông theo tuyến với %(agencies)s."))
        if not to_agency.active:
            raise InvalidInput(_("%(a)s không còn hoạt động.") % {"a": to_agency.name})
        own = routing.own_limit(d, to_agency, working_days, at) if working_days is not None else {}
        from_agency = d.current_agency
        d.handoff_from = from_agency
        d.current_agency = to_agency
        d.transferred_at = d.transferred_at or at
        d.assignee = None
        _participate(d, to_agency)
        return {"agency": from_agency, "to_agency": to_agency, "note": note, "data": own}

    return _act(dossier_id, "hand_off", actor, at, change)


def hand_back(dossier_id: int, *, actor: User, note: str = "", at: datetime | None = None) -> Dossier:
    def change(d: Dossier, at: datetime):
        if not d.handoff_from_id:
            raise NotAllowed(_("Hồ sơ không ở trạng thái liên thông."))
        from . import routing

        routing.check_no_open_route(
            d,
            _(
                "Hồ sơ đang liên thông theo tuyến (%(agencies)s): cơ quan phối hợp ghi «Hoàn thành phần "
                "việc liên thông» để hồ sơ đi tiếp hoặc về cơ quan chủ trì."
            ),
        )
        from_agency = d.current_agency
        d.current_agency = d.handoff_from
        d.handoff_from = None
        d.assignee = None
        return {"agency": from_agency, "to_agency": d.current_agency, "note": note}

    return _act(dossier_id, "hand_back", actor, at, change)


def approve(dossier_id: int, *, actor: User, note: str = "", at: datetime | None = None) -> Dossier:
    """The leader approves at the leader's step of the process (at its last step when it has none)."""

    def change(d: Dossier, at: datetime):
        steps.check_approve(d)
        if d.approved_at is not None:
            raise NotAllowed(
                _("Hồ sơ đã được phê duyệt lúc %(t)s.")
                % {"t": timezone.localtime(d.approved_at).strftime("%H:%M %d/%m/%Y")},
                code="already_approved",
            )
        d.approved_at = at
        return {"agency": d.current_agency, "note": note}

    return _act(dossier_id, "approve", actor, at, change)


def issue_apology(
    dossier_id: int, *, actor: User, reason: str, new_due_at: datetime, at: datetime | None = None
) -> Dossier:
    """Form 04: apology with a new appointment — once only (Decree 61/2018 Art. 20); still late.

    Only for dossiers received before 1/7/2025: under Decree 118/2025 Art. 19.6 the competent
    agency files an extension request instead, which the desk applies (``request_extension``)."""
    reason = _require_note(reason, _("Cần nêu lý do chậm trễ trong phiếu xin lỗi."))

    def change(d: Dossier, at: datetime):
        if rules.rules_for(d).late_kind != "apology":
            raise NotAllowed(
                _(
                    "Hồ sơ tiếp nhận từ ngày 01/7/2025 theo Nghị định 118/2025: không dùng phiếu xin lỗi "
                    "và hẹn lại. Cơ quan giải quyết lập Phiếu đề nghị gia hạn thời gian giải quyết "
                    "(Điều 19.6) để Bộ phận Một cửa điều chỉnh ngày hẹn trả."
                ),
                code="apology_new_regime",
            )
        if d.apology_due_at is not None:
            raise NotAllowed(
                _("Hồ sơ đã có phiếu xin lỗi và hẹn lại; chỉ được hẹn lại một lần."), code="apology_once"
            )
        if d.due_at is None:
            raise NotAllowed(_("Thủ tục không có thời hạn giải quyết nên không có ngày hẹn để hẹn lại."))
        if new_due_at <= d.due_at:
            raise InvalidInput(
                _("Ngày hẹn lại phải sau ngày hẹn trả ban đầu (%(t)s).")
                % {"t": timezone.localtime(d.due_at).strftime("%H:%M %d/%m/%Y")}
            )
        d.apology_due_at = new_due_at
        return {
            "agency": d.current_agency,
            "note": reason,
            "data": {"original_due_at": _iso(d.due_at), "new_due_at": _iso(new_due_at)},
        }

    return _act(dossier_id, "issue_apology", actor, at, change)


def request_extension(
    dossier_id: int, *, actor: User, reason: str, new_due_at: datetime, at: datetime | None = None
) -> Dossier:
    """Phiếu đề nghị gia hạn thời gian giải quyết (Decree 118/2025 Art. 19.6), filed by a head or
    leader of the agency holding the dossier, with the reason and the proposed new time (the
    apology letter's content). Filed later than 1 day before the due time: accepted and flagged."""
    from . import extension

    reason = _require_note(reason, _("Cần nêu lý do quá hạn trong phiếu đề nghị gia hạn."))

    def change(d: Dossier, at: datetime):
        if not extension.is_new_regime(d):
            raise NotAllowed(
                _(
                    "Hồ sơ tiếp nhận trước ngày 01/7/2025 theo Nghị định 61/2018: dùng phiếu xin lỗi "
                    "và hẹn lại ngày trả kết quả, không có đề nghị gia hạn."
                ),
                code="extension_old_regime",
            )
        if extension.applied(d):
            raise NotAllowed(
                _("Hồ sơ đã được hẹn lại ngày trả kết quả; chỉ được gia hạn một lần."), code="extension_once"
            )
        if extension.pending_request(d) is not None:
            raise NotAllowed(
                _("Hồ sơ đã có phiếu đề nghị gia hạn đang chờ Bộ phận Một cửa điều chỉnh."),
                code="extension_pending",
            )
        if d.due_at is None:
            raise NotAllowed(_("Thủ tục không có thời hạn giải quyết nên không có thời hạn để gia hạn."))
        if new_due_at <= d.due_at:
            raise InvalidInput(
                _("Thời gian đề nghị gia hạn phải sau thời hạn trả kết quả hiện tại (%(t)s).")
                % {"t": timezone.localtime(d.due_at).strftime("%H:%M %d/%m/%Y")}
            )
        late, latest = extension.filed_late(deadlines.calendar_for(d.agency), d.due_at, at)
        return {
            "agency": d.current_agency,
            "note": reason,
            "data": {
                "original_due_at": _iso(d.due_at),
                "proposed_due_at": _iso(new_due_at),
                "latest_day": latest.isoformat(),
                "unit": extension.notice_unit(),
                "late": late,
            },
        }

    return _act(dossier_id, "request_extension", actor, at, change)


def apply_extension(dossier_id: int, *, actor: User, note: str = "", at: datetime | None = None) -> Dossier:
    """The desk adjusts the appointment from the pending request and the applicant is told (the
    notice subscribes to this event). ``due_at`` keeps the original due time for statistics."""
    from . import extension

    def change(d: Dossier, at: datetime):
        request = extension.pending_request(d)
        if request is None:
            raise NotAllowed(
                _("Hồ sơ chưa có phiếu đề nghị gia hạn thời gian giải quyết để điều chỉnh."),
                code="no_extension_request",
            )
        d.apology_due_at = datetime.fromisoformat(request.data["proposed_due_at"])
        return {
            "note": request.note,  # the reason, repeated to the applicant
            "data": {
                "request_seq": request.seq,
                "original_due_at": request.data["original_due_at"],
                "new_due_at": request.data["proposed_due_at"],
                "late_request": request.data.get("late", False),
                "desk_note": (note or "").strip(),
            },
        }

    return _act(dossier_id, "apply_extension", actor, at, change)


def issue_result(dossier_id: int, *, actor: User, note: str = "", at: datetime | None = None) -> Dossier:
    """The result is issued: processing ends here (domain §4 rule 7).

    Only at the last step of the process, by who may work on it, once approved where the process
    has a leader's step; and when the applicant asked for the result electronically, only once the
    signed result document is stored (domain §4 rule 8) — a paper result is signed on paper.
    """

    def change(d: Dossier, at: datetime):
        from . import routing

        routing.check_no_open_route(
            d,
            _(
                "Hồ sơ đang liên thông theo tuyến: phần việc của %(agencies)s chưa hoàn thành, "
                "chưa thể ban hành kết quả."
            ),
        )
        if d.handoff_from_id:
            raise NotAllowed(
                _("Hồ sơ đang liên thông; cơ quan phối hợp cần trả lại trước khi ban hành kết quả.")
            )
        if d.process_steps:
            steps.check_issue(d, actor)
            _check_holder(d, actor)
        needs_approval = any(s["role"] == Role.LEADER for s in d.process_steps)
        if needs_approval and d.approved_at is None:
            raise NotAllowed(_("Hồ sơ chưa được lãnh đạo phê duyệt."), code="not_approved")
        _check_result_document(d)
        _enter_first_step(d)
        finished = _step_record(d, at)
        # The result goes back to the receiving point to be returned there (Art. 20.1.b).
        boundary_free = d.authority_id != d.agency_id
        d.current_agency = d.agency if d.process_steps or boundary_free else d.current_agency
        d.step_due_at = None
        return {"note": note, "data": finished}

    return _act(dossier_id, "issue_result", actor, at, change)


def refuse(dossier_id: int, *, actor: User, reasons: list[str], at: datetime | None = None) -> Dossier:
    """Refusal after appraisal, with reasons."""
    reasons = _reasons(reasons, _("Cần nêu lý do từ chối giải quyết."))
    return _act(
        dossier_id,
        "refuse",
        actor,
        at,
        lambda d, at: {"agency": d.current_agency, "data": {"reasons": reasons}},
    )


def check_return(method: str, receiver: str) -> None:
    """A result (or a corrected one) is handed over by a known method; at the desk, to someone named."""
    if method not in RETURN_METHODS:
        raise InvalidInput(_("Hình thức trả kết quả không hợp lệ: %(m)s.") % {"m": method})
    if method == "desk" and not (receiver or "").strip():
        raise InvalidInput(_("Cần ghi họ tên người nhận kết quả tại Bộ phận Một cửa."))


def return_result(
    dossier_id: int,
    *,
    actor: User,
    method: str,
    receiver: str = "",
    note: str = "",
    at: datetime | None = None,
) -> Dossier:
    """Hand over the result at the desk (who received it), by post, or electronically (rule 8)."""
    check_return(method, receiver)

    def change(d: Dossier, at: datetime):
        from . import corrections

        corrections.settle_on_return(d, at, actor, method, receiver)  # Decree 118/2025 Art. 23.1
        d.returned_at = at
        d.return_method = method
        d.returned_to = receiver.strip()
        return {"note": note, "data": {"method": method, "receiver": receiver.strip()}}

    return _act(dossier_id, "return_result", actor, at, change)


def transfer_paper(dossier_id: int, *, actor: User, note: str = "", at: datetime | None = None) -> Dossier:
    """The receiving desk records that the paper dossier left for the competent authority
    (Decree 118/2025 Art. 20.1.a: within 1 working day of reception)."""

    def change(d: Dossier, at: datetime):
        if d.paper_due_at is None:
            raise NotAllowed(
                _("Hồ sơ do chính cơ quan tiếp nhận giải quyết: không có hồ sơ giấy cần chuyển."),
                code="no_paper_transfer",
            )
        if d.paper_transferred_at is not None:
            raise NotAllowed(
                _("Hồ sơ giấy đã được chuyển lúc %(t)s.")
                % {"t": timezone.localtime(d.paper_transferred_at).strftime("%H:%M %d/%m/%Y")},
                code="paper_already_transferred",
            )
        if d.received_at and at < d.received_at:
            raise InvalidInput(_("Thời điểm chuyển hồ sơ giấy không thể trước thời điểm tiếp nhận."))
        d.paper_transferred_at = at
        return {
            "agency": d.agency,
            "to_agency": d.competent_agency,
            "note": note,
            "data": {"paper_due_at": _iso(d.paper_due_at), "late": at > d.paper_due_at},
        }

    return _act(dossier_id, "transfer_paper", actor, at, change)


def withdraw(dossier_id: int, *, actor: User, reason: str, at: datetime | None = None) -> Dossier:
    reason = _require_note(reason, _("Cần ghi lý do rút hồ sơ theo đơn của người nộp."))
    return _act(dossier_id, "withdraw", actor, at, lambda d, at: _close_pause(d, at, reason))


def stop(dossier_id: int, *, actor: User, reason: str, at: datetime | None = None) -> Dossier:
    reason = _require_note(reason, _("Cần nêu lý do dừng xử lý hồ sơ."))
    return _act(dossier_id, "stop", actor, at, lambda d, at: _close_pause(d, at, reason))


def _close_pause(d: Dossier, at: datetime, reason: str) -> dict:
    if d.pauses and d.pauses[-1][1] is None:
        d.pauses = [*d.pauses[:-1], [d.pauses[-1][0], _iso(at)]]
    return {"note": reason}
