"""Correction of a result (đính chính kết quả), Decree 118/2025 Art. 23.1.

«Trường hợp phát hiện ra sai sót, nếu lỗi thuộc về cán bộ, công chức, viên chức, nhân viên, cơ quan
có thẩm quyền thì Bộ phận Một cửa chuyển lại hồ sơ, kết quả và thông tin về sai sót đến cơ quan,
người có thẩm quyền giải quyết để đính chính, chậm nhất trong vòng 03 ngày làm việc chuyển lại kết
quả cho Bộ phận Một cửa để trả cho tổ chức, cá nhân.» The agency at fault bears the costs.

Three actions through the one write path, none of which moves the dossier's state or its
timeliness (the result was issued; its statistics stand):

- ``request_correction``: the receiving desk sends the dossier, the result and the error to the
  competent authority; the 03 working days run from that moment on the authority's calendar;
- ``issue_correction``: an officer of the authority sends the corrected result back to the desk.
  Where the result exists electronically (the applicant chose it, or the result was signed) the
  corrected document must be stored and signed first, like a result; it supersedes the original,
  which stays stored and linked to the correction;
- ``return_correction``: the desk hands the corrected result over and the applicant is told. A
  dossier whose result was never handed over is returned the usual way (``return_result``),
  which closes the correction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.calendar.core import LimitUnit
from motcua.org.models import Agency, Role, User
from motcua.org.selectors import agency_ids

from . import deadlines, services
from .errors import InvalidInput, NotAllowed
from .models import CorrectionFinder, Dossier, ResultCorrection

# «chậm nhất trong vòng 03 ngày làm việc»; a setting only for sector law that says otherwise.
DEFAULT_DAYS = 3
MAX_DESCRIPTION = 2000
RESULT = "result"  # documents.DossierFile.Kind.RESULT (that app sits above this one)


def correction_days() -> int:
    return int(getattr(settings, "MOTCUA_CORRECTION_DAYS", DEFAULT_DAYS))


def due_for(agency: Agency, requested_at: datetime) -> datetime:
    """03 working days from the request on the competent authority's calendar (domain §6)."""
    return deadlines.calendar_for(agency).due(requested_at, correction_days(), LimitUnit.WORKING_DAYS)


def open_correction(d: Dossier) -> ResultCorrection | None:
    """The correction not yet returned to the applicant (at most one per dossier)."""
    if d.pk is None:
        return None
    return d.corrections.filter(returned_at__isnull=True).first()


def awaiting_agency(d: Dossier) -> bool:
    c = open_correction(d)
    return c is not None and c.corrected_at is None


def awaiting_return(d: Dossier) -> bool:
    c = open_correction(d)
    return c is not None and c.corrected_at is not None


def _current_result(d: Dossier):
    return d.files.filter(kind=RESULT, is_current=True).order_by("-uploaded_at", "-id").first()


def _electronic(d: Dossier, c: ResultCorrection) -> bool:
    """The result exists as a signed electronic document: its correction must be one too."""
    return d.result_delivery == "electronic" or bool(c.original_file_id and c.original_file.signed)


def _moment(at: datetime | None) -> str:
    return timezone.localtime(at).strftime("%H:%M %d/%m/%Y") if at else ""


# ----------------------------------------------------------------------------- the write path


def request_correction(
    dossier_id: int, *, actor: User, description: str, found_by: str, at: datetime | None = None
) -> Dossier:
    """The receiving desk sends a wrong result back to the competent authority (Art. 23.1)."""
    description = (description or "").strip()
    if not description:
        raise InvalidInput(_("Cần mô tả sai sót của kết quả giải quyết cần đính chính."), code="description")
    if len(description) > MAX_DESCRIPTION:
        raise InvalidInput(
            _("Nội dung sai sót dài quá %(n)d ký tự.") % {"n": MAX_DESCRIPTION}, code="description"
        )
    if found_by not in CorrectionFinder.values:
        raise InvalidInput(
            _("Cần chọn ai phát hiện sai sót: người nộp, Bộ phận Một cửa hoặc cơ quan có thẩm quyền."),
            code="found_by",
        )

    def change(d: Dossier, at: datetime):
        current = open_correction(d)
        if current is not None:
            raise NotAllowed(
                _("Hồ sơ đã có yêu cầu đính chính chuyển lúc %(t)s chưa hoàn thành.")
                % {"t": _moment(current.requested_at)},
                code="correction_open",
            )
        if d.ended_at and at < d.ended_at:
            raise InvalidInput(_("Thời điểm chuyển đính chính không thể trước thời điểm ban hành kết quả."))
        authority = services._reference(Agency, d.authority_id)
        correction = ResultCorrection.objects.create(
            dossier=d,
            agency=authority,
            requested_at=at,
            requested_by=actor,
            found_by=found_by,
            description=description,
            original_file=_current_result(d),
            due_at=due_for(authority, at),
        )
        d.current_agency = authority
        services._participate(d, authority)
        return {
            "agency": d.agency,
            "to_agency": authority,
            "note": description,
            "data": {
                "correction_id": correction.pk,
                "found_by": found_by,
                "due_at": services._iso(correction.due_at),
                "original_file_id": correction.original_file_id,
            },
        }

    return services._act(dossier_id, "request_correction", actor, at, change)


def issue_correction(dossier_id: int, *, actor: User, note: str = "", at: datetime | None = None) -> Dossier:
    """The competent authority sends the corrected result back to the receiving desk."""
    note = (note or "").strip()

    def change(d: Dossier, at: datetime):
        c = open_correction(d)
        if c is None or c.corrected_at is not None:
            raise NotAllowed(
                _("Hồ sơ không có yêu cầu đính chính nào đang chờ cơ quan có thẩm quyền."),
                code="no_correction",
            )
        if at < c.requested_at:
            raise InvalidInput(_("Thời điểm đính chính không thể trước thời điểm chuyển đính chính."))
        corrected = _current_result(d)
        if corrected is not None and corrected.pk == c.original_file_id:
            corrected = None  # still the wrong one
        if _electronic(d, c) and (corrected is None or not corrected.signed):
            raise NotAllowed(
                _(
                    "Kết quả có bản điện tử: cần tải lên và ký số văn bản kết quả đã đính chính "
                    "trước khi chuyển lại Bộ phận Một cửa."
                ),
                code="no_corrected_file",
            )
        c.corrected_at, c.corrected_by, c.correction_note, c.corrected_file = at, actor, note, corrected
        c.save(update_fields=["corrected_at", "corrected_by", "correction_note", "corrected_file"])
        authority = d.current_agency
        d.current_agency = d.agency  # back to the receiving desk, to be returned there
        return {
            "agency": authority,
            "to_agency": d.agency,
            "note": note,
            "data": {
                "correction_id": c.pk,
                "due_at": services._iso(c.due_at),
                "late": c.late,
                "original_file_id": c.original_file_id,
                "corrected_file_id": c.corrected_file_id,
            },
        }

    return services._act(dossier_id, "issue_correction", actor, at, change)


def return_correction(
    dossier_id: int,
    *,
    actor: User,
    method: str,
    receiver: str = "",
    note: str = "",
    at: datetime | None = None,
) -> Dossier:
    """The desk hands the corrected result over; the applicant is told (notifications)."""
    services.check_return(method, receiver)

    def change(d: Dossier, at: datetime):
        c = open_correction(d)
        if c is None or c.corrected_at is None:
            raise NotAllowed(
                _("Chưa có kết quả đã đính chính do cơ quan có thẩm quyền chuyển lại để trả."),
                code="no_corrected_result",
            )
        if at < c.corrected_at:
            raise InvalidInput(_("Thời điểm trả không thể trước thời điểm đính chính."))
        _mark_returned(c, at, actor, method, receiver)
        return {
            "note": c.description,  # what was wrong and is now corrected, repeated to the applicant
            "data": {
                "correction_id": c.pk,
                "method": method,
                "receiver": c.returned_to,
                "desk_note": (note or "").strip(),
                "correction_note": c.correction_note,
                "corrected_file_id": c.corrected_file_id,
            },
        }

    return services._act(dossier_id, "return_correction", actor, at, change)


def _mark_returned(c: ResultCorrection, at: datetime, actor: User, method: str, receiver: str) -> None:
    c.returned_at, c.returned_by, c.return_method, c.returned_to = at, actor, method, (receiver or "").strip()
    c.save(update_fields=["returned_at", "returned_by", "return_method", "returned_to"])


def settle_on_return(d: Dossier, at: datetime, actor: User, method: str, receiver: str) -> None:
    """Inside ``return_result``: a result at the agency for correction cannot be handed over; a
    corrected one handed over closes its correction."""
    c = open_correction(d)
    if c is None:
        return
    if c.corrected_at is None:
        raise NotAllowed(
            _("Kết quả đang được cơ quan có thẩm quyền đính chính (hạn %(t)s): chưa thể trả kết quả.")
            % {"t": _moment(c.due_at)},
            code="correction_pending",
        )
    _mark_returned(c, at, actor, method, receiver)


# --------------------------------------------------------------------------------- read side


def for_dossier(d: Dossier) -> list[ResultCorrection]:
    """Every correction of a dossier, oldest first, with both files (the page's block)."""
    return list(
        d.corrections.select_related(
            "agency", "requested_by", "corrected_by", "original_file", "corrected_file"
        )
    )


PROCESSOR_ROLES = (Role.SPECIALIST, Role.HEAD, Role.LEADER, Role.CLERK)


def open_for(user: User) -> QuerySet[ResultCorrection]:
    """Open corrections of dossiers received at the caller's desks, or to be made by the caller's
    agencies, the earliest due first."""
    desks = agency_ids(user, [Role.DESK_OFFICER])
    processors = agency_ids(user, PROCESSOR_ROLES)
    return (
        ResultCorrection.objects.filter(returned_at__isnull=True)
        .filter(Q(dossier__agency_id__in=desks) | Q(agency_id__in=processors))
        .select_related("dossier__procedure_version__procedure", "dossier__applicant", "agency")
        .order_by("due_at", "pk")
    )


def awaiting_agency_q(agencies) -> Q:
    """Dossiers waiting for one of ``agencies`` to correct their result (its worklist)."""
    return Q(
        Exists(
            ResultCorrection.objects.filter(
                dossier=OuterRef("pk"),
                returned_at__isnull=True,
                corrected_at__isnull=True,
                agency_id__in=agencies,
            )
        )
    )


def awaiting_at(user: User) -> QuerySet[ResultCorrection]:
    """Corrections the caller's agencies are to make (processors: specialist, leader, clerk)."""
    mine = agency_ids(user, PROCESSOR_ROLES)
    return ResultCorrection.objects.filter(
        returned_at__isnull=True, corrected_at__isnull=True, agency_id__in=mine
    )


@dataclass(frozen=True)
class AgencyCount:
    """Corrections requested of one competent authority in a period."""

    agency_id: int
    agency: str
    requested: int
    corrected: int
    late: int  # corrected after the due time, or still not corrected past it


def counts(user: User, date_from: date, date_to: date, now: datetime | None = None) -> list[AgencyCount]:
    """Per competent authority: corrections requested in [date_from, date_to] (local days) and how
    many were late. Scoped: corrections of the caller's agencies, as desk or as authority."""
    now = now or timezone.now()
    mine = agency_ids(user)
    tz = timezone.get_current_timezone()
    start = datetime.combine(date_from, time.min, tz)
    end = datetime.combine(date_to + timedelta(days=1), time.min, tz)
    late = Q(corrected_at__gt=F("due_at")) | Q(corrected_at__isnull=True, due_at__lt=now)
    rows = (
        ResultCorrection.objects.filter(Q(agency_id__in=mine) | Q(dossier__agency_id__in=mine))
        .filter(requested_at__gte=start, requested_at__lt=end)
        .values("agency_id", "agency__name")
        .annotate(
            requested=Count("pk"),
            corrected=Count("pk", filter=Q(corrected_at__isnull=False)),
            late=Count("pk", filter=late),
        )
        .order_by("agency__name")
    )
    return [
        AgencyCount(r["agency_id"], r["agency__name"], r["requested"], r["corrected"], r["late"])
        for r in rows
    ]
