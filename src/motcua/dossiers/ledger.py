"""Form 06, the ledger (sổ theo dõi hồ sơ), as a query over dossiers and their events."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Prefetch
from django.utils import timezone

from motcua.org.models import Agency, User
from motcua.org.selectors import agency_ids

from .errors import Forbidden
from .models import Dossier, DossierEvent


@dataclass
class LedgerRow:
    line: int | None
    code: str
    summary: str
    sets: int
    owner: str
    address: str
    phone: str
    received_at: datetime | None
    due_at: datetime | None
    transferred_at: datetime | None
    transferred_to: str
    result_at: datetime | None
    supplement_at: datetime | None
    returned_at: datetime | None
    returned_to: str
    state: str
    notes: str


def _received_in(agency_id: int, date_from: date, date_to: date):
    tz = timezone.get_current_timezone()
    return Dossier.objects.filter(
        agency_id=agency_id,
        received_at__gte=datetime.combine(date_from, time.min, tz),
        received_at__lte=datetime.combine(date_to, time.max, tz),
    )


def ledger_count(agency_id: int, date_from: date, date_to: date) -> int:
    """How many lines the agency's ledger holds for the period — the system's side of an
    inspection's reconciliation against the paper ledger. The caller checks who may ask."""
    return _received_in(agency_id, date_from, date_to).count()


def ledger(user: User, agency: Agency, date_from: date, date_to: date) -> list[LedgerRow]:
    """The dossiers received by ``agency`` in the period, in ledger order."""
    if agency.pk not in agency_ids(user):
        raise Forbidden("Tài khoản không có quyền xem sổ theo dõi hồ sơ của cơ quan này.")
    events = (
        DossierEvent.objects.filter(
            action__in=[
                "assign",
                "forward",
                "hand_off",
                "issue_result",
                "refuse",
                "request_supplement",
                "issue_apology",
                "apply_extension",
                "withdraw",
                "stop",
            ]
        )
        .select_related("to_agency", "to_user")
        .order_by("seq")
    )
    dossiers = (
        _received_in(agency.pk, date_from, date_to)
        .select_related("applicant")
        .prefetch_related(Prefetch("events", queryset=events))
        .order_by("ledger_year", "ledger_line")
    )
    return [_row(d) for d in dossiers]


def _row(d: Dossier) -> LedgerRow:
    first = lambda actions: next((e for e in d.events.all() if e.action in actions), None)  # noqa: E731
    transfer = first({"assign", "forward", "hand_off"})
    result = first({"issue_result", "refuse", "withdraw", "stop"})
    supplement = first({"request_supplement"})
    apology = first({"issue_apology", "apply_extension"})
    notes = []
    if result and result.action != "issue_result":
        notes.append(result.get_to_state_display())
    if apology:
        notes.append("Đã xin lỗi, hẹn lại" if apology.action == "issue_apology" else "Đã gia hạn, hẹn lại")
    if d.timeliness:
        notes.append(d.get_timeliness_display())
    return LedgerRow(
        line=d.ledger_line,
        code=d.code or "",
        summary=d.summary,
        sets=d.sets,
        owner=d.contact.name,
        address=d.contact.address,
        phone=d.contact.phone,
        received_at=d.received_at,
        due_at=d.due_at,
        transferred_at=transfer.at if transfer else None,
        transferred_to=str(transfer.to_user or transfer.to_agency or "") if transfer else "",
        result_at=result.at if result else None,
        supplement_at=supplement.at if supplement else None,
        returned_at=d.returned_at,
        returned_to=d.returned_to,
        state=d.get_state_display(),
        notes="; ".join(notes),
    )
