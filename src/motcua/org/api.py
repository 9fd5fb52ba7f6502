"""Organisation endpoints: the due-time calculator (per agency) and the caller's own roles."""

from datetime import datetime
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from motcua.calendar.core import CalendarError, LimitUnit
from motcua.calendar.services import build_calendar
from motcua.params import Moment

from .models import Agency
from .selectors import memberships

router = Router(tags=["organisation"])
# Any time limit of a procedure, in its own unit (hours included), is far below this.
MAX_LIMIT = 1_000_000


class DueOut(Schema):
    start: datetime
    limit: int
    unit: str
    agency: str | None
    due: datetime


class MembershipOut(Schema):
    agency: str
    agency_name: str
    role: str
    role_label: str


@router.get("/calendar/due", response=DueOut, auth=None)
def compute_due(
    request: HttpRequest,
    start: Moment,
    limit: Annotated[int, Field(ge=0, le=MAX_LIMIT, description="0 – 1.000.000")],
    unit: LimitUnit,
    agency: str = "",
    restart_from: Moment | None = None,
):
    """Hạn giải quyết from ``start`` for ``limit`` ``unit`` (working_days, working_hours, same_day,
    calendar_days), with the calendar and office hours of ``agency`` when given. ``restart_from``:
    the moment the supplement was complete; the full limit runs again from it (Decree 118/2025
    Art. 19.5)."""
    if restart_from is not None:
        if _aware(restart_from) < _aware(start):
            raise HttpError(422, _("Thời điểm tính lại thời hạn không thể trước thời điểm tiếp nhận."))
        start = restart_from
    if agency:
        found = Agency.objects.prefetch_related("hours").filter(identifier_code=agency).first()
        if found is None:
            raise HttpError(422, f"Không có cơ quan có mã định danh «{agency}».")
        cal = build_calendar(found.office_hours(), scope=found.identifier_code)
    else:
        cal = build_calendar()
    try:
        due = cal.due(start, limit, unit)
    except CalendarError as exc:
        raise HttpError(422, str(exc)) from None
    return {
        "start": timezone.localtime(start) if timezone.is_aware(start) else start,
        "limit": limit,
        "unit": unit,
        "agency": agency or None,
        "due": due,
    }


def _aware(moment: datetime) -> datetime:
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


@router.get("/me/roles", response=list[MembershipOut])
def my_roles(request: HttpRequest):
    return [
        {
            "agency": m.agency.identifier_code,
            "agency_name": m.agency.name,
            "role": m.role,
            "role_label": m.get_role_display(),
        }
        for m in memberships(request.auth).select_related("agency")
    ]
