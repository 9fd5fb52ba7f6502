"""Online reception figures (Decree 118/2025 Art. 17.2; issue 15 item 4).

* ``online_reception_late``: online dossiers whose 8-working-hour deadline fell in the period
  (whole) and were answered after it, or still wait past it (part).
* ``online_alert_on_time``: online dossiers that arrived in the period (whole) whose desk alert went
  out within 2 clock hours (part); ``online_alert_max_delay``: the longest delay, in minutes.

Read from the dossier rows, not from the daily facts: only online dossiers carry these moments and
the partial index ``dossier_online_reception`` (agency, reception_due_at) holds only them. Figures
are attributed to the receiving agency: the desk that must answer.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers import online
from motcua.dossiers.models import Dossier

from .formulas import INDICATORS, indicator
from .periods import Period, Scope
from .values import count_value, rate_value


def _between(field: str, period: Period) -> Q:
    start, end = period.bounds()
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def reception_q(scope, period: Period) -> Q:
    """Online dossiers of the scope's desks whose reception deadline fell in the period."""
    return Q(agency_id__in=Scope.of(scope).agency_ids, reception_due_at__isnull=False) & _between(
        "reception_due_at", period
    )


def arrived_q(scope, period: Period) -> Q:
    """Online dossiers that arrived at the scope's desks in the period and raised an alert."""
    return Q(agency_id__in=Scope.of(scope).agency_ids, desk_alerted_at__isnull=False) & _between(
        "submitted_at", period
    )


def late_q(scope, period: Period, now: datetime | None) -> tuple[Q, Q]:
    whole = reception_q(scope, period)
    return whole & online.breach_q(now or timezone.now()), whole


def alert_q(scope, period: Period, now: datetime | None = None) -> tuple[Q, Q]:
    whole = arrived_q(scope, period)
    return whole & ~online.alert_late_q(), whole


@indicator(
    "online_reception_late",
    _("Hồ sơ trực tuyến không được xử lý trong 08 giờ làm việc"),
    higher_is_better=False,
)
def online_reception_late(scope, period: Period, now=None):
    """Part: answered after ``reception_due_at`` or still waiting past it; whole: every online
    dossier whose reception deadline fell in the period."""
    part, whole = late_q(scope, period, now)
    label = INDICATORS["online_reception_late"].label
    n, total = Dossier.objects.filter(part).count(), Dossier.objects.filter(whole).count()
    return count_value("online_reception_late", label, n, whole=total)


@indicator("online_alert_on_time", _("Hồ sơ trực tuyến được thông báo cho Bộ phận Một cửa trong 02 giờ"))
def online_alert_on_time(scope, period: Period, now=None):
    part, whole = alert_q(scope, period, now)
    return rate_value(
        "online_alert_on_time",
        INDICATORS["online_alert_on_time"].label,
        Dossier.objects.filter(part).count(),
        Dossier.objects.filter(whole).count(),
    )


@indicator(
    "online_alert_max_delay",
    _("Độ trễ lớn nhất khi thông báo hồ sơ trực tuyến (phút)"),
    higher_is_better=False,
)
def online_alert_max_delay(scope, period: Period, now=None):
    delay = Dossier.objects.filter(arrived_q(scope, period)).aggregate(
        worst=Max(F("desk_alerted_at") - F("submitted_at"))
    )["worst"]
    minutes = int(delay.total_seconds() // 60) if delay is not None else 0
    return count_value("online_alert_max_delay", INDICATORS["online_alert_max_delay"].label, minutes)
