"""Extension of the time limit (gia hạn thời gian giải quyết), Decree 118/2025 Art. 19.6.

Two steps: the competent agency files a «Phiếu đề nghị gia hạn thời gian giải quyết» (reason,
proposed new time, with the apology letter to the applicant) «chậm nhất 01 ngày trước ngày hết
hạn»; the one-stop desk then «điều chỉnh lại thời gian trả kết quả» and tells the applicant. The
appointment may be moved «không quá một lần». Dossiers received before 1/7/2025 keep the apology
letter of Decree 61/2018 (``services.issue_apology``), chosen by the dossier's rule set.

The new appointment is kept in ``Dossier.apology_due_at`` (shown everywhere as the appointment);
``due_at`` keeps the original due time, against which lateness is judged for statistics.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .models import Dossier, DossierEvent
from .rules import rules_for

CALENDAR = "calendar"
WORKING = "working"


def is_new_regime(d: Dossier) -> bool:
    """The dossier follows the two-step extension (Decree 118) rather than the apology letter."""
    return rules_for(d).late_kind == "extension"


def notice_unit() -> str:
    return WORKING if getattr(settings, "MOTCUA_EXTENSION_NOTICE_UNIT", CALENDAR) == WORKING else CALENDAR


def latest_request_day(cal, due_at: datetime, unit: str | None = None, days: int | None = None) -> date:
    """The last day on which the request is on time: ``days`` days (calendar or working, by the
    setting) before the due date. Filed on that day at any hour, it is on time."""
    unit = unit or notice_unit()
    days = settings.MOTCUA_EXTENSION_NOTICE_DAYS if days is None else days
    due_day = timezone.localtime(due_at).date()
    if unit == CALENDAR:
        return due_day - timedelta(days=days)
    day, counted = due_day, 0
    for _ in range(366):  # a year without working days would be a broken calendar, not a loop
        if counted >= days:
            break
        day -= timedelta(days=1)
        if cal.is_working_day(day):
            counted += 1
    return day


def filed_late(cal, due_at: datetime, at: datetime) -> tuple[bool, date]:
    latest = latest_request_day(cal, due_at)
    return timezone.localtime(at).date() > latest, latest


def pending_request(d: Dossier) -> DossierEvent | None:
    """The extension request the desk has not applied yet (at most one can wait)."""
    last = d.events.filter(action__in=("request_extension", "apply_extension")).order_by("-seq").first()
    return last if last is not None and last.action == "request_extension" else None


def applied(d: Dossier) -> bool:
    return d.apology_due_at is not None
