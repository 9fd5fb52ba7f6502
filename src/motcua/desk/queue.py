"""Queue tickets and desk-visit bookings: every write (services) and the queries pages need.

Refusals raise the dossier write path's errors (``InvalidInput``, ``NotAllowed``, ``Forbidden``,
``NotFound``) with a Vietnamese message; a refused action changes nothing.

Settings (optional): ``MOTCUA_QUEUE_SLOT_MINUTES`` (length of a booking slot, 30),
``MOTCUA_QUEUE_SLOT_CAPACITY_PER_COUNTER`` (bookings per slot and active counter, 2),
``MOTCUA_QUEUE_BOOKING_DAYS`` (working days offered ahead, today included, 10).
"""

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.models import Field
from motcua.dossiers.deadlines import calendar_for
from motcua.dossiers.errors import Forbidden, InvalidInput, NotAllowed, NotFound
from motcua.dossiers.services import next_number
from motcua.org.models import Agency, Role, User
from motcua.org.selectors import agency_ids, has_role
from motcua.org.validators import validate_personal_id

from .models import Booking, QueueTicket, ServiceCounter

DESK_ROLES = (Role.DESK_OFFICER,)
STATS_ROLES = (Role.DESK_OFFICER, Role.HEAD, Role.LEADER)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
State = QueueTicket.State


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _now(now: datetime | None) -> datetime:
    return timezone.localtime(now or timezone.now())


def require_role(user: User, agency: Agency, roles=DESK_ROLES) -> None:
    if not has_role(user, agency.pk, roles):
        raise Forbidden(
            _("Tài khoản không phải công chức Bộ phận Một cửa của %(agency)s.") % {"agency": agency.name}
        )


# ----------------------------------------------------------------- selectors


def counters_for(user: User) -> QuerySet[ServiceCounter]:
    """Active counters of the agencies where ``user`` is a desk officer today."""
    return (
        ServiceCounter.objects.filter(agency_id__in=agency_ids(user, DESK_ROLES), active=True)
        .select_related("agency", "officer")
        .prefetch_related("fields")
    )


def tickets_for(user: User) -> QuerySet[QueueTicket]:
    """Tickets of the agencies where ``user`` is a desk officer: another agency's ticket is a 404."""
    return QueueTicket.objects.filter(agency_id__in=agency_ids(user, DESK_ROLES)).select_related(
        "field", "counter", "booking"
    )


def current_ticket(counter: ServiceCounter) -> QueueTicket | None:
    qs = counter.tickets.filter(state__in=[State.CALLED, State.SERVING]).select_related("field", "booking")
    return qs.order_by("-called_at").first()


def _served_by(counter: ServiceCounter) -> Q:
    """Tickets a counter may call: its fields, and tickets taken without a field."""
    field_ids = [f.pk for f in counter.fields.all()]
    return Q() if not field_ids else Q(field_id__in=field_ids) | Q(field__isnull=True)


def waiting(agency: Agency, day: date, counter: ServiceCounter | None = None) -> QuerySet[QueueTicket]:
    """Tickets waiting, in calling order: priority tickets first (Decree 118/2025 Art. 13.2.b),
    then by number; a priority counter sees only priority tickets."""
    qs = QueueTicket.objects.filter(agency=agency, day=day, state=State.WAITING)
    if counter is not None:
        qs = qs.filter(_served_by(counter))
        if counter.priority:
            qs = qs.exclude(priority="")
    return qs.select_related("field", "booking").order_by(
        Case(When(priority="", then=Value(1)), default=Value(0)), "number"
    )


def kiosk_fields(agency: Agency) -> list[Field]:
    """Fields offered at the kiosk: those of the agency's counters, or all when one serves all."""
    counters = list(ServiceCounter.objects.filter(agency=agency, active=True).prefetch_related("fields"))
    if not counters or any(not c.fields.all() for c in counters):
        with_procedures = Field.objects.filter(procedures__isnull=False).distinct()
        return list(with_procedures.filter(procedures__level=agency.unit.level_id)) or list(with_procedures)
    return sorted({f for c in counters for f in c.fields.all()}, key=lambda f: f.name)


def last_called(agency: Agency, day: date, limit: int = 8) -> list[QueueTicket]:
    """For the waiting-room display: the latest announcements, newest first."""
    qs = QueueTicket.objects.filter(agency=agency, day=day, announced_at__isnull=False)
    qs = qs.exclude(state=State.CANCELLED).select_related("counter", "field")
    return list(qs.order_by("-announced_at")[:limit])


# ----------------------------------------------------------------- tickets


def _next_number(agency: Agency, day: date) -> int:
    """Gap-free per agency and day: the counter row stays locked until the ticket is committed."""
    return next_number(agency.pk, "queue", day.strftime("%y%m%d"))


def issue_ticket(
    agency: Agency,
    field: Field | None = None,
    source: str = QueueTicket.Source.KIOSK,
    booking: Booking | None = None,
    *,
    phone: str = "",
    personal_id: str = "",
    priority: str = "",
    now: datetime | None = None,
) -> QueueTicket:
    """Lấy số thứ tự. ``field`` None: a general ticket any counter may call; ``priority`` one of
    ``QueueTicket.Priority`` for the elderly, pregnant women and people with disabilities."""
    moment = _now(now)
    if priority not in QueueTicket.Priority.values:
        raise InvalidInput(_("Đối tượng ưu tiên không hợp lệ."))
    if not agency.active or not agency.receives_dossiers:
        raise NotAllowed(_("%(agency)s không tiếp nhận hồ sơ tại Bộ phận Một cửa.") % {"agency": agency.name})
    if field is not None and field not in kiosk_fields(agency):
        raise InvalidInput(_("Không có quầy nào phục vụ lĩnh vực «%(field)s».") % {"field": field.name})
    with transaction.atomic():
        return QueueTicket.objects.create(
            agency=agency,
            day=moment.date(),
            number=_next_number(agency, moment.date()),
            field=field,
            source=source,
            booking=booking,
            phone=phone,
            personal_id=personal_id,
            priority=priority,
            issued_at=moment,
        )


def people_ahead(ticket: QueueTicket) -> int:
    """Who is called before this ticket: earlier numbers of its kind, and every priority ticket
    waiting when it is not one."""
    earlier = Q(number__lt=ticket.number)
    qs = waiting(ticket.agency, ticket.day).filter(
        earlier & ~Q(priority="") if ticket.priority else earlier | ~Q(priority="")
    )
    if ticket.field_id:
        qs = qs.filter(Q(field_id=ticket.field_id) | Q(field__isnull=True))
    return qs.count()


def _take(candidates: QuerySet[QueueTicket], counter: ServiceCounter, user: User, moment) -> int:
    """Move the first candidate to CALLED unless another counter took it first; 0 if none left."""
    ticket = candidates.first()
    if ticket is None:
        return 0
    taken = QueueTicket.objects.filter(pk=ticket.pk, state=State.WAITING).update(
        state=State.CALLED, counter=counter, called_by=user, called_at=moment, announced_at=moment
    )
    return ticket.pk if taken else -1


def call_next(
    counter: ServiceCounter, user: User, now: datetime | None = None
) -> tuple[QueueTicket | None, str]:
    """Gọi số tiếp theo: a booked ticket whose slot has come, else the oldest waiting ticket.

    A ticket still being served at the counter is finished first; one called but not yet served
    must be started or marked absent before the next call. Returns the ticket (None when nobody
    waits) and a message for the officer.
    """
    require_role(user, counter.agency)
    moment = _now(now)
    current = current_ticket(counter)
    if current and current.state == State.CALLED:
        raise NotAllowed(
            _("Số %(number)s đang được gọi: bắt đầu phục vụ hoặc đánh dấu vắng mặt trước khi gọi số mới.")
            % {"number": current.display_number}
        )
    with transaction.atomic():
        if current:
            finish(current, user, now=moment)
        pool = waiting(counter.agency, moment.date(), counter)
        due = pool.filter(source=QueueTicket.Source.BOOKING, booking__slot__lte=moment.time())
        for _attempt in range(20):  # -1: another counter took it meanwhile, try the next one
            taken = _take(due.order_by("booking__slot", "number"), counter, user, moment) or _take(
                pool, counter, user, moment
            )
            if taken != -1:
                break
        if taken <= 0:
            return None, _("Không còn người chờ ở quầy này.")
        if counter.officer_id != user.pk:
            sit_at(counter, user)
    ticket = QueueTicket.objects.select_related("field", "booking", "counter").get(pk=taken)
    return ticket, _("Mời công dân có số %(number)s đến %(counter)s.") % {
        "number": ticket.display_number,
        "counter": counter,
    }


def _open_ticket(ticket: QueueTicket, user: User, states) -> QueueTicket:
    require_role(user, ticket.agency)
    ticket = QueueTicket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.state not in states:
        raise NotAllowed(
            _("Số %(number)s đang ở trạng thái «%(state)s».")
            % {"number": ticket.display_number, "state": ticket.get_state_display()}
        )
    return ticket


@transaction.atomic
def recall(ticket: QueueTicket, user: User, now: datetime | None = None) -> QueueTicket:
    """Gọi lại: announce the number again on the display."""
    ticket = _open_ticket(ticket, user, [State.CALLED])
    ticket.announced_at = _now(now)
    ticket.recalls += 1
    ticket.save(update_fields=["announced_at", "recalls"])
    return ticket


@transaction.atomic
def mark_no_show(ticket: QueueTicket, user: User, now: datetime | None = None) -> QueueTicket:
    """Vắng mặt: called but nobody came to the counter."""
    ticket = _open_ticket(ticket, user, [State.CALLED])
    ticket.state = State.NO_SHOW
    ticket.save(update_fields=["state"])
    return ticket


@transaction.atomic
def start_serving(ticket: QueueTicket, user: User, now: datetime | None = None) -> QueueTicket:
    ticket = _open_ticket(ticket, user, [State.CALLED])
    ticket.state, ticket.served_from = State.SERVING, _now(now)
    ticket.save(update_fields=["state", "served_from"])
    return ticket


@transaction.atomic
def finish(ticket: QueueTicket, user: User, now: datetime | None = None) -> QueueTicket:
    """Phục vụ xong; a ticket finished straight from CALLED was served from the call."""
    ticket = _open_ticket(ticket, user, [State.CALLED, State.SERVING])
    ticket.state, ticket.served_to = State.DONE, _now(now)
    ticket.served_from = ticket.served_from or ticket.called_at
    ticket.save(update_fields=["state", "served_from", "served_to"])
    return ticket


@transaction.atomic
def attach_dossier(ticket: QueueTicket, dossier, user: User) -> QueueTicket:
    """Link the dossier received at the counter to the ticket it came from (page ``?ve=<id>``)."""
    ticket = _open_ticket(ticket, user, [State.CALLED, State.SERVING, State.DONE])
    if dossier.agency_id != ticket.agency_id:
        raise InvalidInput(_("Hồ sơ và số thứ tự thuộc hai cơ quan khác nhau."))
    ticket.dossier = dossier
    ticket.save(update_fields=["dossier"])
    return ticket


def sit_at(counter: ServiceCounter, user: User) -> ServiceCounter:
    """The officer takes a seat at ``counter`` and leaves any other one."""
    require_role(user, counter.agency)
    with transaction.atomic():
        ServiceCounter.objects.filter(officer=user).exclude(pk=counter.pk).update(officer=None)
        counter.officer = user
        counter.save(update_fields=["officer"])
    return counter


def seed_counters(agency: Agency) -> list[ServiceCounter]:
    """Three counters for the demo (idempotent): one for civil status (hộ tịch), one for the rest,
    and the priority counter of Decree 118/2025 Art. 13.2.b."""
    general, _created = ServiceCounter.objects.get_or_create(
        agency=agency, number=1, defaults={"name": _("Tiếp nhận chung")}
    )
    civil, _created = ServiceCounter.objects.get_or_create(
        agency=agency, number=2, defaults={"name": _("Hộ tịch, chứng thực")}
    )
    fields = Field.objects.filter(
        Q(code__contains="ho-tich") | Q(code__contains="chung-thuc") | Q(name__in=["Hộ tịch", "Chứng thực"])
    )
    if not civil.fields.exists() and fields.exists():
        civil.fields.set(fields)
    priority, _created = ServiceCounter.objects.get_or_create(
        agency=agency, number=3, defaults={"name": _("Quầy ưu tiên"), "priority": True}
    )
    return [general, civil, priority]


# ----------------------------------------------------------------- bookings


@dataclass
class Slot:
    start: datetime
    capacity: int
    taken: int = 0
    past: bool = False

    label = property(lambda self: f"{self.start:%H:%M}")
    free = property(lambda self: 0 if self.past else max(self.capacity - self.taken, 0))


def booking_days(agency: Agency, now: datetime | None = None) -> list[date]:
    """The working days a visit may be booked on, today first when it is one."""
    cal, today = calendar_for(agency), _now(now).date()
    days = [cal.add_working_days(today, n) for n in range(_setting("MOTCUA_QUEUE_BOOKING_DAYS", 10))]
    return sorted(set(days))


def slots(agency: Agency, day: date, now: datetime | None = None) -> list[Slot]:
    """Booking slots of a day inside the agency's office hours; [] on a day off."""
    minutes = timedelta(minutes=_setting("MOTCUA_QUEUE_SLOT_MINUTES", 30))
    counters = ServiceCounter.objects.filter(agency=agency, active=True).count() or 1
    capacity = counters * _setting("MOTCUA_QUEUE_SLOT_CAPACITY_PER_COUNTER", 2)
    taken: dict[time, int] = {}
    booked = Booking.objects.filter(agency=agency, date=day).exclude(state=Booking.State.CANCELLED)
    for slot in booked.values_list("slot", flat=True):
        taken[slot] = taken.get(slot, 0) + 1
    moment, result = _now(now), []
    for opens, closes in calendar_for(agency).periods_on(day):
        start = opens
        while start + minutes <= closes:
            local = timezone.localtime(start)
            result.append(Slot(local, capacity, taken.get(local.time(), 0), past=local <= moment))
            start += minutes
    return result


def _check_person(name: str, phone: str, identifier: str) -> tuple[str, str, str]:
    name, phone, identifier = (name or "").strip(), (phone or "").replace(" ", ""), (identifier or "").strip()
    if not name:
        raise InvalidInput(_("Cần nhập họ và tên."))
    digits = phone[3:] if phone.startswith("+84") else phone
    if not (digits.isdigit() and 9 <= len(digits) <= 11):
        raise InvalidInput(_("Số điện thoại phải gồm 10 chữ số, ví dụ 0912345678."))
    try:
        validate_personal_id(identifier)
    except ValidationError as exc:
        raise InvalidInput(exc.messages[0]) from exc
    return name, phone, identifier


def book(
    agency: Agency,
    field: Field,
    day: date,
    slot: time,
    name: str,
    phone: str,
    identifier: str,
    now: datetime | None = None,
) -> Booking:
    """Đặt lịch hẹn: a slot inside office hours, in the future, not full, one per person and day."""
    name, phone, identifier = _check_person(name, phone, identifier)
    if field not in kiosk_fields(agency):
        raise InvalidInput(_("Không có quầy nào phục vụ lĩnh vực «%(field)s».") % {"field": field.name})
    if day not in booking_days(agency, now):
        raise InvalidInput(_("Chỉ đặt lịch được vào các ngày làm việc sắp tới được liệt kê."))
    with transaction.atomic():
        # Serialise bookings of one agency so that two people never take the last place.
        Agency.objects.select_for_update().filter(pk=agency.pk).first()
        chosen = next((s for s in slots(agency, day, now) if s.start.time() == slot), None)
        if chosen is None:
            raise InvalidInput(
                _("Giờ hẹn %(slot)s nằm ngoài giờ làm việc hoặc không phải khung giờ nhận hẹn.")
                % {"slot": f"{slot:%H:%M}"}
            )
        if chosen.past:
            raise InvalidInput(_("Giờ hẹn %(slot)s đã qua.") % {"slot": chosen.label})
        if not chosen.free:
            raise NotAllowed(_("Khung giờ %(slot)s đã kín, xin chọn giờ khác.") % {"slot": chosen.label})
        live = Booking.objects.filter(agency=agency, date=day, personal_id=identifier)
        if live.exclude(state=Booking.State.CANCELLED).exists():
            raise NotAllowed(
                _("Số định danh này đã có lịch hẹn trong ngày %(day)s.") % {"day": f"{day:%d/%m/%Y}"}
            )
        for _attempt in range(5):
            code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(6))
            try:
                with transaction.atomic():
                    return Booking.objects.create(
                        agency=agency, field=field, date=day, slot=slot, name=name, phone=phone,
                        personal_id=identifier, code=code,
                    )  # fmt: skip
            except IntegrityError:
                continue
    raise NotAllowed(_("Không tạo được mã lịch hẹn, xin thử lại."))


def check_in(agency: Agency, code: str, now: datetime | None = None) -> QueueTicket:
    """Đến theo lịch hẹn: the booking code typed at the kiosk gives a ticket for its field."""
    code = (code or "").strip().upper()
    moment = _now(now)
    with transaction.atomic():
        booking = Booking.objects.select_for_update().filter(agency=agency, code=code).first()
        if booking is None:
            raise NotFound(
                _("Không tìm thấy lịch hẹn mã «%(code)s» tại %(agency)s.")
                % {"code": code, "agency": agency.name}
            )
        if booking.state != Booking.State.BOOKED:
            raise NotAllowed(_("Lịch hẹn %(code)s đã được dùng hoặc đã hủy.") % {"code": code})
        if booking.date != moment.date():
            raise NotAllowed(
                _("Lịch hẹn %(code)s là ngày %(day)s.") % {"code": code, "day": f"{booking.date:%d/%m/%Y}"}
            )
        booking.state = Booking.State.CHECKED_IN
        booking.save(update_fields=["state"])
        return issue_ticket(
            agency, booking.field, QueueTicket.Source.BOOKING, booking,
            phone=booking.phone, personal_id=booking.personal_id, now=moment,
        )  # fmt: skip


# ----------------------------------------------------------------- statistics


def _minutes(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds() / 60


def _summary(values: list[float]) -> tuple[float | None, float | None]:
    return (round(sum(values) / len(values), 1), round(max(values), 1)) if values else (None, None)


@dataclass
class StatsRow:
    """One line of the daily table: tickets of a field or of a counter; times in minutes."""

    label: str
    issued: int = 0
    served: int = 0
    no_show: int = 0
    waits: list[float] = field(default_factory=list, repr=False)
    services: list[float] = field(default_factory=list, repr=False)

    def add(self, ticket: QueueTicket) -> None:
        self.issued += 1
        self.served += ticket.state == State.DONE
        self.no_show += ticket.state == State.NO_SHOW
        if ticket.called_at:
            self.waits.append(_minutes(ticket.issued_at, ticket.called_at))
        if ticket.state == State.DONE and ticket.served_to:
            self.services.append(_minutes(ticket.served_from or ticket.called_at, ticket.served_to))

    avg_wait = property(lambda self: _summary(self.waits)[0])
    max_wait = property(lambda self: _summary(self.waits)[1])
    avg_service = property(lambda self: _summary(self.services)[0])
    max_service = property(lambda self: _summary(self.services)[1])


@dataclass
class DailyStats:
    day: date
    total: StatsRow
    by_field: list[StatsRow]
    by_counter: list[StatsRow]
    priority: StatsRow  # the priority tickets among the total (Decree 118/2025 Art. 13.2.b)


def daily_stats(agency: Agency, day: date) -> DailyStats:
    """Waiting time = lấy số → gọi; serving time = bắt đầu phục vụ (or the call) → xong, in minutes.

    Tickets not yet called count as issued but add no waiting time; a day holds a few hundred
    tickets, so the figures are computed here rather than in SQL.
    """
    total, fields, counters = StatsRow(_("Tổng cộng")), {}, {}
    priority = StatsRow(_("Trong đó: ưu tiên (người cao tuổi, phụ nữ mang thai, người khuyết tật)"))
    tickets = QueueTicket.objects.filter(agency=agency, day=day).exclude(state=State.CANCELLED)
    for ticket in tickets.select_related("field", "counter").order_by("number"):
        total.add(ticket)
        if ticket.priority:
            priority.add(ticket)
        key = ticket.field.name if ticket.field else _("Chung (không chọn lĩnh vực)")
        fields.setdefault(key, StatsRow(key)).add(ticket)
        if ticket.counter is not None:
            counters.setdefault(ticket.counter.number, StatsRow(str(ticket.counter))).add(ticket)
    return DailyStats(
        day,
        total,
        sorted(fields.values(), key=lambda r: r.label),
        [counters[k] for k in sorted(counters)],
        priority,
    )
