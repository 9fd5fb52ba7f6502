"""Online dossiers waiting for reception (hồ sơ trực tuyến chờ tiếp nhận), Decree 118/2025 Art. 17.2.

Two clocks start when an online dossier arrives in the provincial system:

* the desk is alerted within 2 **clock** hours («02 giờ», not «giờ làm việc»);
* the desk answers — accepts, asks for a supplement, refuses, or says "not within our competence,
  submit to X" — within 8 **working** hours («08 giờ làm việc»), unless sector law sets another
  limit (the procedure version's ``online_check_hours``).

A breach is an answer given after ``reception_due_at``, or no answer yet once it has passed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import F, Q

from motcua.calendar.core import LimitUnit, WorkCalendar

from . import deadlines
from .states import State

# The desk's answers to an online dossier: each one ends the reception clock.
DECISIONS = frozenset({"accept", "request_supplement", "refuse_reception", "redirect"})
DEFAULT_CHECK_HOURS = 8
DEFAULT_ALERT_HOURS = 2


def check_hours(version) -> int:
    """Working hours to answer an online dossier of ``version`` (sector law may set its own)."""
    own = getattr(version, "online_check_hours", None)
    if own is not None:
        return int(own)
    return int(getattr(settings, "MOTCUA_ONLINE_CHECK_HOURS", DEFAULT_CHECK_HOURS))


def alert_within() -> timedelta:
    return timedelta(hours=int(getattr(settings, "MOTCUA_DESK_ALERT_HOURS", DEFAULT_ALERT_HOURS)))


def reception_due(cal: WorkCalendar, version, arrival: datetime) -> datetime:
    """``arrival`` + N working hours of the receiving agency (a moment outside hours starts at the
    next opening, domain §6)."""
    return deadlines.add_budget(cal, arrival, Decimal(check_hours(version)), LimitUnit.WORKING_HOURS)


def breach_q(now: datetime) -> Q:
    """Online dossiers whose reception clock was broken: answered late, or still waiting past it."""
    return Q(reception_due_at__isnull=False) & (
        Q(reception_decided_at__gt=F("reception_due_at"))
        | Q(reception_decided_at__isnull=True, state=State.AWAITING_RECEPTION, reception_due_at__lt=now)
    )


def alert_late_q() -> Q:
    """Online dossiers whose desk alert went out later than the clock hours allowed."""
    return Q(desk_alerted_at__gt=F("submitted_at") + alert_within())


def desk_figures(agency_id: int, start: datetime, end: datetime, now: datetime) -> dict:
    """The desk head's figures for ``[start, end)``: arrivals and how promptly they were alerted;
    reception deadlines that fell in the span and how many were broken (same rules as the
    indicators ``online_reception_late``, ``online_alert_on_time``, ``online_alert_max_delay``)."""
    from django.db.models import Count, Max

    from .models import Dossier

    mine = Dossier.objects.filter(agency_id=agency_id)
    arrived = mine.filter(desk_alerted_at__isnull=False, submitted_at__gte=start, submitted_at__lt=end)
    alerts = arrived.aggregate(
        n=Count("pk"),
        late=Count("pk", filter=alert_late_q()),
        worst=Max(F("desk_alerted_at") - F("submitted_at")),
    )
    due = mine.filter(reception_due_at__gte=start, reception_due_at__lt=end)
    clock = due.aggregate(n=Count("pk"), late=Count("pk", filter=breach_q(now)))
    waiting = mine.filter(state=State.AWAITING_RECEPTION, reception_due_at__lt=now).count()
    worst = alerts["worst"]
    return {
        "arrived": alerts["n"],
        "alerted_on_time": alerts["n"] - alerts["late"],
        "alert_share": (alerts["n"] - alerts["late"]) / alerts["n"] * 100 if alerts["n"] else None,
        "worst_alert_minutes": int(worst.total_seconds() // 60) if worst is not None else 0,
        "due": clock["n"],
        "late": clock["late"],
        "waiting_late": waiting,
    }
