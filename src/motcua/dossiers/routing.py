"""Inter-agency routing (liên thông), Decree 118/2025 Art. 20.2.

The competent authority holding the dossier (cơ quan chủ trì) sets up a route: the participating
agencies, each with its task (nội dung công việc) and its own time limit in working days. Two modes:

- **sequential** (20.2.a, paper dossiers): «xác định thứ tự các cơ quan có thẩm quyền giải quyết»;
  the dossier travels the chain — leg 1 receives it, when it records its part done the next leg
  receives it, and «cơ quan có thẩm quyền cuối cùng giải quyết xong thì chuyển kết quả và hồ sơ
  kèm theo cho cơ quan có thẩm quyền chủ trì»;
- **parallel** (20.2.b, electronic dossiers): «chuyển hồ sơ điện tử đến tất cả các cơ quan tham
  gia giải quyết»; the lead keeps the dossier; a leg that needs another's result is sent when that
  one is done («trả kết quả giải quyết cho cơ quan cần sử dụng kết quả … cho các bước tiếp theo»).

Each hand-over is a ``route_send`` event carrying its transfer slip (Phiếu chuyển xử lý: number,
task and ``agency_due_at``, printed as form 08 with the task and limit of every agency of the
route); finishing a leg is a ``route_done`` event. A leg's due time is counted on the receiving
agency's calendar from the moment it receives the dossier. The lead cannot issue the result while
a leg is open. Every write goes through ``services._act`` (the one write path).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.calendar.core import LimitUnit
from motcua.org.models import Agency, User
from motcua.org.selectors import agency_ids, has_role

from . import deadlines, services, steps
from .errors import Forbidden, InvalidInput, NotAllowed
from .models import Dossier, RouteLeg, RouteMode
from .selectors import visible_dossiers
from .states import ENDED, OPEN, PROCESSORS, Channel

# A handful of agencies is what a real inter-agency procedure needs (the page offers this many rows).
MAX_LEGS = 8
# Without a time limit in days of its own, a procedure's legs may take at most this many working days.
DEFAULT_MAX_WORKING_DAYS = 60
SLIP_COUNTER = "route_slip"


@dataclass(frozen=True)
class LegIn:
    """One row of the route form: agency, task, limit and, optionally, "after row N" (1-based)."""

    agency: Agency | None
    task: str
    working_days: int | None
    after: int | None = None


def default_mode(d: Dossier) -> str:
    """Paper-based reception (desk, post) → sequential (20.2.a); online → parallel (20.2.b)."""
    return RouteMode.PARALLEL if d.channel == Channel.ONLINE else RouteMode.SEQUENTIAL


def max_working_days(d: Dossier) -> int:
    """The longest limit one agency may be given: the procedure's own limit when it is counted in
    days, else ``MOTCUA_ROUTE_MAX_WORKING_DAYS`` (60)."""
    version = d.procedure_version
    if version.time_limit and version.time_limit_unit in (LimitUnit.WORKING_DAYS, LimitUnit.CALENDAR_DAYS):
        return max(1, math.ceil(version.time_limit))
    return int(getattr(settings, "MOTCUA_ROUTE_MAX_WORKING_DAYS", DEFAULT_MAX_WORKING_DAYS))


def _iso(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def _fmt(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


# ------------------------------------------------------------------------------ reading


def current_route(d: Dossier) -> list[RouteLeg]:
    """The legs of the dossier's latest route, in order (empty when it never had one)."""
    last = (
        RouteLeg.objects.filter(dossier=d).order_by("-route_seq").values_list("route_seq", flat=True).first()
    )
    if last is None:
        return []
    return list(
        RouteLeg.objects.filter(dossier=d, route_seq=last)
        .select_related("agency", "lead_agency", "done_by", "depends_on")
        .order_by("position")
    )


def open_legs(d: Dossier) -> QuerySet[RouteLeg]:
    """Legs not done yet (sent or waiting for another's result): the route is still open."""
    return RouteLeg.objects.filter(dossier=d, done_at__isnull=True)


def has_open_route(d: Dossier) -> bool:
    return open_legs(d).exists()


def check_no_open_route(d: Dossier, message: str) -> None:
    """Refuse what the lead may not do while a leg is open, naming the agencies still working."""
    names = list(open_legs(d).order_by("position").values_list("agency__name", flat=True))
    if names:
        raise NotAllowed(message % {"agencies": ", ".join(names)}, code="route_open")


def finishable_legs(user: User, d: Dossier) -> list[RouteLeg]:
    """Open legs (received, not done) of an agency where ``user`` is a processor."""
    if user is None or not user.is_authenticated:
        return []
    return [
        leg
        for leg in open_legs(d).filter(sent_at__isnull=False).select_related("agency").order_by("position")
        if has_role(user, leg.agency_id, PROCESSORS)
    ]


def status(leg: RouteLeg, now: datetime | None = None, *, ended: bool = False) -> str:
    """waiting (not received) | open | overdue (open, past due) | on_time | late; ended: a part
    left unfinished because the dossier ended (withdrawn, stopped, refused, closed)."""
    now = now or timezone.now()
    if ended and leg.done_at is None:
        return "ended"
    if leg.sent_at is None:
        return "waiting"
    if leg.done_at is None:
        return "overdue" if leg.due_at and now > leg.due_at else "open"
    return "late" if leg.late else "on_time"


STATUS_LABELS = {
    "waiting": gettext_lazy("Chờ kết quả cơ quan trước"),
    "open": gettext_lazy("Đang thực hiện"),
    "overdue": gettext_lazy("Quá hạn, đang thực hiện"),
    "on_time": gettext_lazy("Đúng hạn"),
    "late": gettext_lazy("Quá hạn"),
    "ended": gettext_lazy("Không thực hiện tiếp: hồ sơ đã kết thúc"),
}


def table(d: Dossier, now: datetime | None = None) -> dict | None:
    """The route on the dossier page: one row per agency, with its slip's event for printing."""
    legs = current_route(d)
    if not legs:
        return None
    slips = {
        e.data.get("leg"): e.seq
        for e in d.events.filter(action="route_send").only("seq", "data")
        if isinstance(e.data, dict)
    }
    now = now or timezone.now()
    ended = d.state in ENDED
    rows = []
    for leg in legs:
        state = status(leg, now, ended=ended)
        rows.append(
            {
                "leg": leg,
                "status": state,
                "status_label": STATUS_LABELS[state],
                "after": leg.depends_on.position
                if leg.depends_on_id and leg.mode == RouteMode.PARALLEL
                else None,
                "slip_seq": slips.get(leg.pk),
            }
        )
    return {
        "mode": legs[0].mode,
        "mode_label": RouteMode(legs[0].mode).label,
        "lead": legs[0].lead_agency,
        "rows": rows,
        "open": not ended and any(leg.done_at is None for leg in legs),
    }


def overdue_legs(user: User, now: datetime | None = None) -> list[RouteLeg]:
    """Open legs past their due time of open dossiers the caller may see, where the caller's agency
    is the lead or the leg's agency (the warnings page)."""
    now = now or timezone.now()
    mine = agency_ids(user)
    if not mine:
        return []
    return list(
        RouteLeg.objects.filter(
            Q(agency_id__in=mine) | Q(lead_agency_id__in=mine),
            done_at__isnull=True,
            due_at__lt=now,
            dossier__in=visible_dossiers(user).filter(state__in=sorted(int(s) for s in OPEN)),
        )
        .select_related("dossier", "agency", "lead_agency")
        .order_by("due_at")[:500]
    )


def worklist_q(user: User) -> Q:
    """Dossiers with an open, received leg at one of the caller's agencies (a processor there)."""
    ids = agency_ids(user, PROCESSORS)
    return Q(
        pk__in=RouteLeg.objects.filter(agency_id__in=ids, sent_at__isnull=False, done_at__isnull=True).values(
            "dossier_id"
        )
    )


def event_detail(action: str, data: dict) -> list[str]:
    """Lines under a route event in the dossier's history."""
    if action == "route_send" and data.get("agency_due_at"):
        return [
            _("Phiếu chuyển xử lý số %(n)s; thời hạn %(d)s ngày làm việc, hạn hoàn thành %(t)s.")
            % {
                "n": data.get("slip_number", ""),
                "d": data.get("working_days", ""),
                "t": _fmt(datetime.fromisoformat(data["agency_due_at"])),
            }
        ]
    if action == "route_done" and data.get("late"):
        return [_("Hoàn thành sau hạn %(t)s.") % {"t": _fmt(datetime.fromisoformat(data["due_at"]))}]
    if action == "route":
        return [
            f"{leg['position']}. {leg['agency']}: {leg['task']} ({leg['working_days']} "
            + _("ngày làm việc")
            + ")"
            for leg in data.get("legs", [])
        ]
    return []


# ------------------------------------------------------------------------------ validation


def _check_rows(d: Dossier, legs: list[LegIn], mode: str) -> None:
    """Every refusal of a route set-up, before anything is written."""
    if not legs:
        raise InvalidInput(_("Cần chọn ít nhất một cơ quan phối hợp giải quyết."), code="route_empty")
    if len(legs) > MAX_LEGS:
        raise InvalidInput(_("Một tuyến liên thông có tối đa %(n)d cơ quan phối hợp.") % {"n": MAX_LEGS})
    limit = max_working_days(d)
    seen: set[int] = set()
    for row, leg in enumerate(legs, start=1):
        if leg.agency is None:
            raise InvalidInput(_("Dòng %(r)d: cần chọn cơ quan phối hợp.") % {"r": row})
        name = leg.agency.name
        if leg.agency.pk == d.current_agency_id:
            raise InvalidInput(
                _("Dòng %(r)d: %(a)s là cơ quan chủ trì, không thể chuyển liên thông cho chính mình.")
                % {"r": row, "a": name},
                code="route_self",
            )
        if not leg.agency.active:
            raise InvalidInput(
                _("Dòng %(r)d: %(a)s không còn hoạt động.") % {"r": row, "a": name}, code="route_inactive"
            )
        if leg.agency.pk in seen:
            raise InvalidInput(
                _("Dòng %(r)d: %(a)s đã có trong tuyến; mỗi cơ quan chỉ một phần việc.")
                % {"r": row, "a": name},
                code="route_duplicate",
            )
        seen.add(leg.agency.pk)
        if not (leg.task or "").strip():
            raise InvalidInput(_("Dòng %(r)d: cần ghi nội dung công việc của %(a)s.") % {"r": row, "a": name})
        if leg.working_days is None or not 1 <= leg.working_days <= limit:
            raise InvalidInput(
                _("Dòng %(r)d: thời hạn của %(a)s phải từ 1 đến %(max)d ngày làm việc.")
                % {"r": row, "a": name, "max": limit},
                code="route_days",
            )
        if leg.after is not None:
            if not 1 <= leg.after <= len(legs) or leg.after == row:
                raise InvalidInput(
                    _("Dòng %(r)d: «sau dòng» phải là một dòng khác của tuyến (1 đến %(n)d).")
                    % {"r": row, "n": len(legs)}
                )
            if mode == RouteMode.SEQUENTIAL and leg.after != row - 1:
                raise InvalidInput(
                    _(
                        "Dòng %(r)d: theo phương thức tuần tự hồ sơ đi lần lượt theo thứ tự các dòng; "
                        "chỉ các cơ quan nhận hồ sơ điện tử đồng thời mới chọn «sau dòng»."
                    )
                    % {"r": row}
                )
    if mode == RouteMode.PARALLEL:
        _check_acyclic(legs)


def _check_acyclic(legs: list[LegIn]) -> None:
    for start in range(1, len(legs) + 1):
        seen, row = {start}, legs[start - 1].after
        while row is not None:
            if row in seen:
                raise InvalidInput(
                    _(
                        "Các dòng «sau dòng» tạo thành vòng lặp (dòng %(r)d): "
                        "không cơ quan nào nhận được hồ sơ."
                    )
                    % {"r": start},
                    code="route_cycle",
                )
            seen.add(row)
            row = legs[row - 1].after


def _check_lead(d: Dossier, actor: User) -> None:
    """As for a single hand-off: the holder of the step that hands off, or a head or leader."""
    services._check_holder(d, actor)
    if d.handoff_from_id:
        raise NotAllowed(
            _("Hồ sơ đang được liên thông tại %(a)s; chỉ cơ quan chủ trì lập tuyến liên thông.")
            % {"a": d.current_agency.name},
            code="handed_off",
        )
    steps.check_worker(d, actor, _("Chuyển liên thông theo tuyến"))
    check_no_open_route(
        d, _("Hồ sơ đang có tuyến liên thông chưa hoàn thành (%(agencies)s); không lập tuyến thứ hai.")
    )


def own_limit(d: Dossier, agency: Agency, working_days: int, at: datetime) -> dict:
    """A single hand-off's own limit (``services.hand_off``): checked like a leg's, and its due
    time on the receiving agency's calendar, for the transfer slip."""
    limit = max_working_days(d)
    if not 1 <= working_days <= limit:
        raise InvalidInput(
            _("Thời hạn của %(a)s phải từ 1 đến %(max)d ngày làm việc.") % {"a": agency.name, "max": limit},
            code="route_days",
        )
    due = deadlines.calendar_for(agency).due(at, working_days, LimitUnit.WORKING_DAYS)
    return {"working_days": working_days, "agency_due_at": _iso(due)}


# ------------------------------------------------------------------------------ the write path


def set_up(
    dossier_id: int,
    *,
    actor: User,
    legs: list[LegIn],
    mode: str | None = None,
    at: datetime | None = None,
) -> Dossier:
    """Chuyển liên thông theo tuyến: create the legs and send the dossier to those that can start
    (sequential: the first; parallel: every leg that waits for nobody)."""
    if mode not in (None, "", *RouteMode.values):
        raise InvalidInput(_("Phương thức liên thông không hợp lệ (tuần tự hoặc đồng thời)."))
    at = at or timezone.now()
    created: list[RouteLeg] = []

    def change(d: Dossier, at: datetime):
        chosen = mode or default_mode(d)
        _check_lead(d, actor)
        _check_rows(d, legs, chosen)
        route_seq = d.event_count + 1  # the seq this event gets (``services._record``)
        for position, leg in enumerate(legs, start=1):
            created.append(
                RouteLeg.objects.create(
                    dossier=d,
                    route_seq=route_seq,
                    mode=chosen,
                    lead_agency=d.current_agency,
                    agency=leg.agency,
                    position=position,
                    task=leg.task.strip(),
                    working_days=leg.working_days,
                )
            )
        for position, (row, leg) in enumerate(zip(legs, created, strict=True), start=1):
            before = position - 1 if chosen == RouteMode.SEQUENTIAL and position > 1 else row.after
            if before:
                leg.depends_on = created[before - 1]
                leg.save(update_fields=["depends_on"])
        return {
            "agency": d.current_agency,
            "data": {
                "mode": chosen,
                "legs": [
                    {
                        "position": leg.position,
                        "agency_id": leg.agency_id,
                        "agency": leg.agency.name,
                        "task": leg.task,
                        "working_days": leg.working_days,
                        "after": leg.depends_on.position if leg.depends_on_id else None,
                    }
                    for leg in created
                ],
            },
        }

    with transaction.atomic():
        d = services._act(dossier_id, "route", actor, at, change)
        for leg in created:
            if leg.depends_on_id is None:
                d = _send(d.pk, leg, actor, at, from_agency=leg.lead_agency)
    return d


def _slip_number(lead: Agency, at: datetime) -> str:
    """Gap-free per lead agency and year, like the other numbered documents (``Counter``)."""
    year = timezone.localtime(at).year
    number = services.next_number(lead.pk, SLIP_COUNTER, str(year))
    return f"{number:03d}/{year}/PCXL"


def _send(dossier_id: int, leg: RouteLeg, actor: User, at: datetime, *, from_agency: Agency) -> Dossier:
    """One hand-over of the route: the leg's agency receives the dossier with its transfer slip."""

    def change(d: Dossier, at: datetime):
        cal = deadlines.calendar_for(leg.agency)
        leg.sent_at = at
        leg.due_at = cal.due(at, leg.working_days, LimitUnit.WORKING_DAYS)
        leg.slip_number = _slip_number(leg.lead_agency, at)
        leg.save(update_fields=["sent_at", "due_at", "slip_number"])
        if leg.mode == RouteMode.SEQUENTIAL:
            # Art. 20.2.a: the (paper) dossier itself travels; the lead waits for it to come back.
            d.handoff_from = leg.lead_agency
            d.current_agency = leg.agency
            d.assignee = None
        d.transferred_at = d.transferred_at or at
        services._participate(d, leg.agency)
        return {
            "agency": from_agency,
            "to_agency": leg.agency,
            "note": leg.task,
            "data": {
                "leg": leg.pk,
                "route_seq": leg.route_seq,
                "position": leg.position,
                "mode": leg.mode,
                "lead_agency_id": leg.lead_agency_id,
                "task": leg.task,
                "working_days": leg.working_days,
                "agency_due_at": _iso(leg.due_at),
                "slip_number": leg.slip_number,
            },
        }

    return services._act(dossier_id, "route_send", actor, at, change)


def _leg_to_finish(d: Dossier, actor: User, leg_id: int | None) -> RouteLeg:
    legs = list(RouteLeg.objects.filter(dossier=d).select_related("agency", "depends_on__agency"))
    if leg_id is not None:
        leg = next((x for x in legs if x.pk == leg_id), None)
        if leg is None:
            raise InvalidInput(_("Không tìm thấy phần việc liên thông này trong hồ sơ."))
    else:
        mine = [x for x in legs if has_role(actor, x.agency_id, PROCESSORS)]
        waiting = [x for x in mine if x.done_at is None]
        if not mine:
            raise Forbidden(
                _("Tài khoản không thuộc cơ quan nào có phần việc liên thông của hồ sơ này."), code="not_leg"
            )
        if len(waiting) > 1:
            raise InvalidInput(_("Cần chọn phần việc liên thông cần ghi hoàn thành."))
        leg = waiting[0] if waiting else max(mine, key=lambda x: (x.route_seq, x.position))
    if not has_role(actor, leg.agency_id, PROCESSORS):
        raise Forbidden(
            _("Phần việc liên thông này do %(a)s thực hiện; tài khoản không thể ghi hoàn thành.")
            % {"a": leg.agency.name},
            code="not_leg",
        )
    if leg.done_at is not None:
        raise NotAllowed(
            _("Phần việc liên thông của %(a)s đã hoàn thành lúc %(t)s.")
            % {"a": leg.agency.name, "t": _fmt(leg.done_at)},
            code="route_done_twice",
        )
    if leg.sent_at is None:
        raise NotAllowed(
            _("%(a)s chưa nhận hồ sơ: đang chờ kết quả của %(b)s.")
            % {"a": leg.agency.name, "b": leg.depends_on.agency.name if leg.depends_on_id else ""},
            code="route_not_sent",
        )
    return leg


def finish(
    dossier_id: int, *, actor: User, note: str, leg_id: int | None = None, at: datetime | None = None
) -> Dossier:
    """Hoàn thành phần việc liên thông, by a processor of that leg's agency, with its result.

    Sequential: the next agency receives the dossier, or after the last one it returns to the lead.
    Parallel: the result goes to the lead, and to each leg waiting for it, which receives the
    dossier now. A leg done after its due time is late (recorded on the event and the row)."""
    note = (note or "").strip()
    if not note:
        raise InvalidInput(_("Cần ghi kết quả của phần việc liên thông."))
    at = at or timezone.now()
    following: list[RouteLeg] = []
    finished: list[RouteLeg] = []

    def change(d: Dossier, at: datetime):
        leg = _leg_to_finish(d, actor, leg_id)
        if leg.sent_at and at < leg.sent_at:
            raise InvalidInput(_("Thời điểm hoàn thành không thể trước thời điểm nhận hồ sơ liên thông."))
        leg.done_at, leg.done_by, leg.result_note = at, actor, note
        leg.save(update_fields=["done_at", "done_by", "result_note"])
        finished.append(leg)
        following.extend(
            RouteLeg.objects.filter(depends_on=leg, sent_at__isnull=True)
            .select_related("agency", "lead_agency")
            .order_by("position")
        )
        to_agency = leg.lead_agency
        if leg.mode == RouteMode.SEQUENTIAL:
            if following:
                to_agency = following[0].agency
            else:  # the last agency hands the result and the dossier back to the lead
                d.current_agency = leg.lead_agency
                d.handoff_from = None
                d.assignee = None
        closed = not open_legs(d).exists()
        return {
            "agency": leg.agency,
            "to_agency": to_agency,
            "note": note,
            "data": {
                "leg": leg.pk,
                "route_seq": leg.route_seq,
                "position": leg.position,
                "due_at": _iso(leg.due_at),
                "late": leg.late,
                "route_closed": closed,
            },
        }

    with transaction.atomic():
        d = services._act(dossier_id, "route_done", actor, at, change)
        for leg in following:
            d = _send(d.pk, leg, actor, at, from_agency=finished[0].agency)
    return d
