"""What an officer sees: worklists, urgency and warnings, always inside ``visible_dossiers``.

Urgency follows the appointment (or the new appointment of an apology letter): late once it has
passed, "due soon" when it falls within the next working day, counted on the holding agency's
calendar (architecture rule 3: nothing here adds days itself).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.calendar.core import LimitUnit
from motcua.dossiers import deadlines
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import visible_dossiers
from motcua.dossiers.states import OPEN, PAUSED, State
from motcua.org.models import Role, User
from motcua.org.selectors import agency_ids, roles_by_agency
from motcua.params import whole

HOURS_PER_DAY = 8
WORKING = [State.RECEIVED, State.PROCESSING]


@dataclass(frozen=True)
class Tab:
    key: str
    label: str


TABS = {
    "mine": Tab("mine", _("Đang giao cho tôi")),
    "unassigned": Tab("unassigned", _("Chờ phân công")),
    "reception": Tab("reception", _("Chờ tiếp nhận (trực tuyến)")),
    "paused": Tab("paused", _("Chờ bổ sung, nghĩa vụ tài chính")),
    "return": Tab("return", _("Chờ trả kết quả")),
    "agency": Tab("agency", _("Toàn bộ hồ sơ đang xử lý của đơn vị")),
    # Decree 118/2025 Art. 20.2: dossiers whose leg of an inter-agency route is open here.
    "route": Tab("route", _("Phần việc liên thông")),
    # Decree 118/2025 Art. 23.1: results sent back by the desk for correction.
    "correction": Tab("correction", _("Chờ đính chính kết quả")),
}


def tabs_for(user: User) -> list[Tab]:
    roles = set().union(*roles_by_agency(user).values()) if roles_by_agency(user) else set()
    keys = ["mine"]
    if roles & {Role.HEAD, Role.LEADER}:
        keys += ["unassigned", "agency"]
    if Role.DESK_OFFICER in roles:
        keys += ["reception", "return"]
    keys.append("paused")
    if roles & {Role.SPECIALIST, Role.HEAD, Role.LEADER, Role.CLERK}:
        keys.append("route")
    if roles & {Role.SPECIALIST, Role.HEAD, Role.LEADER, Role.CLERK}:
        keys.append("correction")
    return [TABS[k] for k in keys]


def worklist(user: User, tab: str) -> QuerySet[Dossier]:
    base = visible_dossiers(user).select_related(
        "applicant", "procedure_version__procedure", "agency", "current_agency", "assignee"
    )
    managed = agency_ids(user, [Role.HEAD, Role.LEADER])
    desk = agency_ids(user, [Role.DESK_OFFICER])
    mine_all = agency_ids(user)
    if tab == "unassigned":
        qs = base.filter(state__in=WORKING, assignee__isnull=True, current_agency_id__in=managed)
    elif tab == "reception":
        qs = base.filter(state=State.AWAITING_RECEPTION, agency_id__in=desk)
    elif tab == "return":
        qs = base.filter(state=State.READY_FOR_RETURN, agency_id__in=desk)
    elif tab == "paused":
        qs = base.filter(state__in=PAUSED).filter(
            Q(agency_id__in=mine_all) | Q(current_agency_id__in=mine_all)
        )
    elif tab == "agency":
        qs = base.filter(state__in=WORKING, current_agency_id__in=managed)
    elif tab == "route":
        from motcua.dossiers.routing import worklist_q

        qs = base.filter(worklist_q(user), state__in=[*WORKING, *PAUSED])
    elif tab == "correction":
        from motcua.dossiers.corrections import PROCESSOR_ROLES, awaiting_agency_q

        processors = agency_ids(user, PROCESSOR_ROLES)
        qs = base.filter(awaiting_agency_q(processors))
    else:
        qs = base.filter(assignee=user, state__in=[*WORKING, *PAUSED])
    return qs.order_by("due_at", "received_at", "id")


def filtered(
    qs: QuerySet[Dossier],
    *,
    q: str = "",
    procedure: str = "",
    state: int | None = None,
    channel: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[Dossier]:
    q = (q or "").strip()
    if q:
        qs = qs.filter(
            Q(code__istartswith=q)
            | Q(applicant__identifier=q)
            | Q(applicant__name__icontains=q)
            | Q(applicant_name__icontains=q)  # the name given with the dossier (issue 14, item 5)
            | Q(submitter_name__icontains=q)
        )
    if procedure.isdigit():  # the list's own filter: the procedure's id
        qs = qs.filter(procedure_version__procedure_id=whole(procedure))
    elif procedure:  # a national code (links kept from before)
        qs = qs.filter(procedure_version__procedure__code=procedure)
    if state:
        qs = qs.filter(state=state)
    if channel:
        qs = qs.filter(channel=channel)
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(received_at__gte=datetime.combine(date_from, datetime.min.time(), tz))
    if date_to:
        qs = qs.filter(received_at__lt=datetime.combine(date_to + timedelta(days=1), datetime.min.time(), tz))
    return qs


@dataclass(frozen=True)
class Urgency:
    level: str  # ok | soon | late | paused | none | done
    text: str


def _span(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    days, rest = divmod(hours, HOURS_PER_DAY)
    if days >= 1:
        return _("%(d)d ngày %(h)d giờ làm việc") % {"d": days, "h": rest}
    return _("%(h)d giờ %(m)d phút làm việc") % {"h": int(hours), "m": int((hours % 1) * 60)}


# The online reception clock is 8 working hours in all: "due soon" is its last 2.
RECEPTION_SOON = timedelta(hours=2)


def reception_urgency(d: Dossier, now: datetime) -> Urgency:
    """The clock of an online dossier waiting for reception (Decree 118/2025 Art. 17.2.c)."""
    cal = deadlines.calendar_for(d.agency)
    due = d.reception_due_at
    if now > due:
        return Urgency(
            "late", str(_("Quá hạn tiếp nhận %(t)s") % {"t": _span(cal.working_time_between(due, now))})
        )
    left = cal.working_time_between(now, due)
    level = "soon" if left <= RECEPTION_SOON else "ok"
    return Urgency(level, str(_("Tiếp nhận: còn %(t)s") % {"t": _span(left)}))


def awaiting_reception(
    user: User, now: datetime | None = None, limit: int = 20
) -> list[tuple[Dossier, Urgency]]:
    """The desk's alert list: online dossiers waiting for reception, the most urgent first."""
    now = now or timezone.now()
    qs = (
        visible_dossiers(user)
        .filter(
            state=State.AWAITING_RECEPTION,
            agency_id__in=agency_ids(user, [Role.DESK_OFFICER]),
            reception_due_at__isnull=False,
        )
        .select_related("applicant", "procedure_version__procedure", "agency")
        .order_by("reception_due_at", "id")
    )
    return [(d, reception_urgency(d, now)) for d in qs[:limit]]


def urgency(d: Dossier, now: datetime | None = None) -> Urgency:
    """How much time is left, as a colour and a sentence (domain §4 rule 4, §7)."""
    now = now or timezone.now()
    if d.state == State.AWAITING_RECEPTION and d.reception_due_at is not None:
        return reception_urgency(d, now)
    due = d.apology_due_at or d.due_at
    if d.state not in OPEN:
        return Urgency("done", str(d.get_timeliness_display() or ""))
    if d.state in PAUSED:
        return Urgency("paused", str(_("Tạm dừng — chờ người nộp")))
    if due is None:
        return Urgency("none", str(_("Không có thời hạn")))
    cal = deadlines.calendar_for(d.current_agency)
    if now > due:
        return Urgency("late", str(_("Quá hạn %(t)s") % {"t": _span(cal.working_time_between(due, now))}))
    left = cal.working_time_between(now, due)
    one_day_ahead = cal.due(now, 1, LimitUnit.WORKING_DAYS)
    level = "soon" if due <= one_day_ahead else "ok"
    return Urgency(level, str(_("Còn %(t)s") % {"t": _span(left)}))


def warnings(user: User, now: datetime | None = None) -> list[tuple[Dossier, Urgency]]:
    """Open dossiers of the caller's agencies that are late or due within one working day."""
    now = now or timezone.now()
    mine = agency_ids(user)
    qs = (
        visible_dossiers(user)
        .filter(state__in=WORKING, current_agency_id__in=mine, due_at__isnull=False)
        .select_related("applicant", "procedure_version__procedure", "current_agency", "assignee")
        .order_by("due_at")
    )
    # Only the open partial index is read: a dossier due after two weeks cannot be due tomorrow.
    horizon = now + timedelta(days=14)
    qs = qs.filter(Q(due_at__lte=horizon) | Q(apology_due_at__lte=horizon))
    out = []
    for d in qs[:500]:
        u = urgency(d, now)
        if u.level in {"late", "soon"}:
            out.append((d, u))
    # Online dossiers the desk must answer within 8 working hours (Decree 118/2025 Art. 17.2.c).
    out += [(d, u) for d, u in awaiting_reception(user, now, limit=500) if u.level in {"late", "soon"}]
    return out
