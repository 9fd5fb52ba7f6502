"""JSON API of dossiers: receive, read (scoped), and one endpoint per lifecycle action."""

from datetime import date, datetime

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from motcua.catalog.models import ProcedureVersion
from motcua.org.models import Agency, User
from motcua.params import BoundedLimitOffset, Day, Id, Moment, Whole
from motcua.ratelimit import RECEPTION_LIMIT_OPENAPI, limit_reception

from . import corrections, services
from .errors import InvalidInput, NotFound
from .ledger import ledger
from .selectors import get_visible, search

router = Router(tags=["dossiers"])


class ApplicantIn(Schema):
    kind: int = Field(
        1, ge=1, le=4, description="1 công dân, 2 doanh nghiệp, 3 cơ quan nhà nước, 4 tổ chức khác"
    )
    identifier: str = Field(..., description="số định danh cá nhân 12 số hoặc mã số doanh nghiệp")
    name: str
    address: str = ""
    phone: str = ""
    email: str = ""


class ComponentIn(Schema):
    component_id: Id
    count: int = Field(1, ge=1, le=1000, description="số bản, 1 – 1000")
    source: str = "paper"


class ReceiveIn(Schema):
    procedure_code: str
    agency: str = Field(..., description="mã định danh cơ quan tiếp nhận")
    channel: int = Field(1, description="1 trực tiếp, 2 trực tuyến, 3 bưu chính")
    applicant: ApplicantIn
    summary: str = ""
    sets: int = 1
    components: list[ComponentIn] = []
    submitter_name: str = ""
    submitter_phone: str = ""
    assisted: bool = False
    outcome: str = Field("accept", description="accept | request_supplement | refuse (tại quầy)")
    items: list[str] = Field([], description="nội dung cần bổ sung hoặc lý do từ chối")
    competent_agency: str = Field(
        "",
        description="mã định danh cơ quan có thẩm quyền giải quyết (tiếp nhận không phụ thuộc địa giới, "
        "Nghị định 118/2025); để trống: cơ quan tiếp nhận",
    )


class EventOut(Schema):
    seq: int
    action: str
    from_state: int | None
    to_state: int
    at: datetime
    actor_name: str
    agency: str | None = Field(None, alias="agency.identifier_code")
    to_agency: str | None = Field(None, alias="to_agency.identifier_code")
    step_index: int | None
    note: str
    data: dict


class DossierOut(Schema):
    id: int
    code: str | None
    state: int
    state_label: str
    channel: int
    procedure_code: str = Field(..., alias="procedure_version.procedure.code")
    procedure_name: str = Field(..., alias="procedure_version.procedure.name")
    agency: str = Field(..., alias="agency.identifier_code")
    current_agency: str = Field(..., alias="current_agency.identifier_code")
    applicant_name: str = Field(..., alias="contact.name")  # as given with the dossier
    applicant_identifier: str = Field(..., alias="applicant.identifier")
    summary: str
    received_at: datetime | None
    due_at: datetime | None
    apology_due_at: datetime | None
    # Online dossiers (Decree 118/2025 Art. 17.2): by when the desk must answer, and when it did.
    reception_due_at: datetime | None = None
    reception_decided_at: datetime | None = None
    ended_at: datetime | None
    timeliness: str
    supplement_count: int
    step_index: int
    process_steps: list
    assignee: str | None = Field(None, alias="assignee.username")


class RouteLegOut(Schema):
    """One agency of the inter-agency route (Decree 118/2025 Art. 20.2) with its own limit."""

    position: int
    mode: str
    lead_agency: str = Field(..., alias="lead_agency.identifier_code")
    agency: str = Field(..., alias="agency.identifier_code")
    agency_name: str = Field(..., alias="agency.name")
    task: str
    working_days: int
    after: int | None = None
    sent_at: datetime | None
    due_at: datetime | None
    done_at: datetime | None
    late: bool
    result_note: str
    slip_number: str

    @staticmethod
    def resolve_after(obj):
        return obj.depends_on.position if obj.depends_on_id else None


class DossierDetail(DossierOut):
    events: list[EventOut]
    components: list
    # Decree 118/2025 Art. 20.2: the legs of the latest inter-agency route (dossiers.routing).
    route: list[RouteLegOut] = []

    @staticmethod
    def resolve_route(obj):
        from .routing import current_route

        return current_route(obj)

    @staticmethod
    def resolve_events(obj):
        return list(obj.events.select_related("agency", "to_agency").order_by("seq"))


class NoteIn(Schema):
    note: str = ""


class ItemsIn(Schema):
    items: list[str]


class ReasonIn(Schema):
    reason: str


class RedirectIn(Schema):
    """Not within our competence: guidance, and the competent authority's identifier if known."""

    guidance: str
    competent_agency: str | None = None
    competent_name: str = ""


class AssignIn(Schema):
    assignee: str = Field(..., description="tên đăng nhập của cán bộ được giao")
    note: str = ""


class ForwardIn(Schema):
    note: str = ""
    to_user: str | None = None


class HandOffIn(Schema):
    agency: str
    note: str = ""
    working_days: int | None = Field(
        None, description="thời hạn riêng của cơ quan nhận (ngày làm việc), ghi trên phiếu chuyển xử lý"
    )


class RouteLegIn(Schema):
    agency: str = Field(..., description="mã định danh cơ quan phối hợp")
    task: str = Field(..., description="nội dung công việc của cơ quan")
    working_days: int = Field(..., description="thời hạn riêng, số ngày làm việc kể từ khi nhận hồ sơ")
    after: int | None = Field(
        None, description="chỉ khi gửi đồng thời: nhận hồ sơ sau khi dòng số này hoàn thành"
    )


class RouteIn(Schema):
    """Chuyển liên thông theo tuyến (Decree 118/2025 Art. 20.2)."""

    mode: str | None = Field(
        None, description="sequential (hồ sơ giấy) | parallel (hồ sơ điện tử); trống: theo kênh tiếp nhận"
    )
    legs: list[RouteLegIn]


class RouteDoneIn(Schema):
    note: str = Field(..., description="kết quả phần việc liên thông")
    leg: Whole | None = Field(None, description="id phần việc, khi tài khoản thuộc nhiều cơ quan của tuyến")


class ApologyIn(Schema):
    reason: str
    new_due_at: Moment


class ExtensionIn(Schema):
    reason: str = Field(..., description="lý do quá hạn (nội dung văn bản xin lỗi)")
    new_due_at: Moment = Field(..., description="thời gian đề nghị trả kết quả mới")


class ReturnIn(Schema):
    method: str = Field(..., description="desk | post | electronic")
    receiver: str = ""
    note: str = ""


class CorrectionRequestIn(Schema):
    """Decree 118/2025 Art. 23.1: what is wrong in the result and who found it."""

    description: str = Field(..., description="nội dung sai sót của kết quả")
    found_by: str = Field(..., description="applicant | desk | agency")


class ObligationIn(Schema):
    note: str
    amount_vnd: Whole | None = None


class LedgerRowOut(Schema):
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


def _agency(code: str) -> Agency:
    agency = Agency.objects.filter(identifier_code=code).first()
    if agency is None:
        raise InvalidInput(f"Không có cơ quan có mã định danh «{code}».")
    return agency


def _user(username: str | None) -> User | None:
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise InvalidInput(f"Không có tài khoản «{username}».")
    return user


def _routing():
    from . import routing

    return routing


def _route(user: User, dossier_id: int, p: RouteIn):
    legs = [_routing().LegIn(_agency(x.agency), x.task, x.working_days, x.after) for x in p.legs]
    return _routing().set_up(dossier_id, actor=user, mode=p.mode, legs=legs)


def _version(code: str, at: date) -> ProcedureVersion:
    # As catalog.selectors.version_in_force (same ordering: an open-ended start comes last),
    # by code and with the procedure joined, in one query.
    version = (
        ProcedureVersion.objects.in_force(at)
        .filter(procedure__code=code)
        .select_related("procedure")
        .order_by(F("valid_from").desc(nulls_last=True))
        .first()
    )
    if version is None:
        raise InvalidInput(f"Không có thủ tục mã «{code}» đang có hiệu lực.")
    return version


class ReceiptOut(Schema):
    """What the desk needs right after reception: the code, the state and the appointment."""

    id: int
    code: str | None
    state: int
    state_label: str
    channel: int
    agency: str
    competent_agency: str
    received_at: datetime | None
    due_at: datetime | None
    ledger_year: int | None
    ledger_line: int | None
    created: bool


@router.post("/dossiers", response={200: ReceiptOut, 201: ReceiptOut}, openapi_extra=RECEPTION_LIMIT_OPENAPI)
@limit_reception  # per token, once the caller is known and the body valid (issue 14, item 7)
def receive(request: HttpRequest, payload: ReceiveIn):
    """Receive a dossier. Send an ``Idempotency-Key`` header: the same key twice with the same body
    gives one dossier (201, then 200); the same key with another body is refused (422)."""
    from django.utils import timezone

    key = request.headers.get("Idempotency-Key") or None
    if key and len(key) > 100:
        raise InvalidInput("Idempotency-Key dài quá 100 ký tự.")
    # Agency and version by code from the per-process reference cache (a minute, dropped on edit).
    today = timezone.localdate()
    version = services.reference_by_code(
        "version", f"{payload.procedure_code}@{today}", lambda: _version(payload.procedure_code, today)
    )
    agency = services.reference_by_code("agency", payload.agency, lambda: _agency(payload.agency))
    result = services.receive(
        actor=request.auth,
        version=version,
        agency=agency,
        applicant=payload.applicant.dict(),
        channel=payload.channel,
        summary=payload.summary,
        sets=payload.sets,
        components=[c.dict() for c in payload.components],
        submitter_name=payload.submitter_name,
        submitter_phone=payload.submitter_phone,
        idempotency_key=key,
        # The body as validated (defaults filled in, key order and spacing irrelevant).
        request_hash=services.request_fingerprint(payload.model_dump(mode="json")) if key else "",
        assisted=payload.assisted,
        outcome=payload.outcome,
        items=payload.items,
        competent_agency=_agency(payload.competent_agency) if payload.competent_agency else None,
    )
    d = result.dossier
    receipt = {
        "id": d.pk,
        "code": d.code,
        "state": d.state,
        "state_label": d.state_label,
        "channel": d.channel,
        "agency": d.agency.identifier_code,
        "competent_agency": (d.competent_agency or d.agency).identifier_code,
        "received_at": d.received_at,
        "due_at": d.due_at,
        "ledger_year": d.ledger_year,
        "ledger_line": d.ledger_line,
        "created": result.created,
    }
    return Status(201 if result.created else 200, receipt)


@router.get("/dossiers", response=list[DossierOut])
@paginate(BoundedLimitOffset)
def list_dossiers(
    request: HttpRequest,
    q: str = "",
    state: Whole | None = None,
    channel: Whole | None = None,
    procedure: str = "",
    received_from: Day | None = None,
    received_to: Day | None = None,
):
    """Dossiers the caller may see (those that passed through one of their agencies)."""
    return search(
        request.auth,
        q=q,
        state=state,
        channel=channel,
        procedure_code=procedure,
        received_from=received_from,
        received_to=received_to,
    ).select_related("current_agency", "assignee")


@router.get("/dossiers/{dossier_id}", response=DossierDetail)
def read_dossier(request: HttpRequest, dossier_id: Id):
    from motcua.audit.reads import What, record_read

    dossier = get_visible(request.auth, dossier_id)
    record_read(request, request.auth, What.API, dossier=dossier)
    return dossier


@router.get("/ledger", response=list[LedgerRowOut])
def read_ledger(request: HttpRequest, agency: str, date_from: Day, date_to: Day):
    """Form 06: the ledger of one agency for a period."""
    return ledger(request.auth, _agency(agency), date_from, date_to)


def _action(path: str, schema, call):
    """Register ``POST /dossiers/{id}/<path>``; the dossier must be visible to the caller first."""

    def endpoint(request: HttpRequest, dossier_id: Id, payload: schema):  # type: ignore[valid-type]
        get_visible(request.auth, dossier_id)
        with transaction.atomic():
            call(request.auth, dossier_id, payload)
        return get_visible(request.auth, dossier_id)

    endpoint.__name__ = f"dossier_{path.replace('-', '_')}"
    router.add_api_operation(
        f"/dossiers/{{dossier_id}}/{path}",
        ["POST"],
        endpoint,
        response=DossierDetail,
        summary=path.replace("-", " ").capitalize(),
    )


_action("accept", NoteIn, lambda u, i, p: services.accept(i, actor=u))
_action("refuse-reception", ItemsIn, lambda u, i, p: services.refuse_reception(i, actor=u, reasons=p.items))
_action("request-supplement", ItemsIn, lambda u, i, p: services.request_supplement(i, actor=u, items=p.items))
_action("complete-supplement", NoteIn, lambda u, i, p: services.complete_supplement(i, actor=u, note=p.note))
_action(
    "assign", AssignIn, lambda u, i, p: services.assign(i, actor=u, assignee=_user(p.assignee), note=p.note)
)
_action(
    "forward", ForwardIn, lambda u, i, p: services.forward(i, actor=u, note=p.note, to_user=_user(p.to_user))
)
_action("send-back", ReasonIn, lambda u, i, p: services.send_back(i, actor=u, reason=p.reason))
_action("note", NoteIn, lambda u, i, p: services.add_note(i, actor=u, note=p.note))
_action(
    "hand-off",
    HandOffIn,
    lambda u, i, p: services.hand_off(
        i, actor=u, to_agency=_agency(p.agency), note=p.note, working_days=p.working_days
    ),
)
_action("hand-back", NoteIn, lambda u, i, p: services.hand_back(i, actor=u, note=p.note))
_action("route", RouteIn, lambda u, i, p: _route(u, i, p))
_action("route-done", RouteDoneIn, lambda u, i, p: _routing().finish(i, actor=u, note=p.note, leg_id=p.leg))
_action("approve", NoteIn, lambda u, i, p: services.approve(i, actor=u, note=p.note))
_action(
    "request-obligation",
    ObligationIn,
    lambda u, i, p: services.request_obligation(i, actor=u, note=p.note, amount_vnd=p.amount_vnd),
)
_action("fulfil-obligation", NoteIn, lambda u, i, p: services.fulfil_obligation(i, actor=u, note=p.note))
_action(
    "apology",
    ApologyIn,
    lambda u, i, p: services.issue_apology(i, actor=u, reason=p.reason, new_due_at=p.new_due_at),
)
_action(
    "request-extension",
    ExtensionIn,
    lambda u, i, p: services.request_extension(i, actor=u, reason=p.reason, new_due_at=p.new_due_at),
)
_action("apply-extension", NoteIn, lambda u, i, p: services.apply_extension(i, actor=u, note=p.note))
# Decree 118/2025 Art. 19.5 (the appraising agency proposes, the desk issues; closing after the
# unanswered notice) and Art. 20.1.a (the paper dossier leaves the receiving point).
_action("propose-supplement", ItemsIn, lambda u, i, p: services.propose_supplement(i, actor=u, items=p.items))
_action("close", NoteIn, lambda u, i, p: services.close(i, actor=u, note=p.note))
_action("transfer-paper", NoteIn, lambda u, i, p: services.transfer_paper(i, actor=u, note=p.note))
_action("issue-result", NoteIn, lambda u, i, p: services.issue_result(i, actor=u, note=p.note))
_action("refuse", ItemsIn, lambda u, i, p: services.refuse(i, actor=u, reasons=p.items))
_action(
    "return-result",
    ReturnIn,
    lambda u, i, p: services.return_result(i, actor=u, method=p.method, receiver=p.receiver, note=p.note),
)
# Decree 118/2025 Art. 23.1 (dossiers.corrections). The corrected result document is signed and
# stored from the dossier page; here the current result is linked as it is.
_action(
    "request-correction",
    CorrectionRequestIn,
    lambda u, i, p: corrections.request_correction(
        i, actor=u, description=p.description, found_by=p.found_by
    ),
)
_action("issue-correction", NoteIn, lambda u, i, p: corrections.issue_correction(i, actor=u, note=p.note))
_action(
    "return-correction",
    ReturnIn,
    lambda u, i, p: corrections.return_correction(
        i, actor=u, method=p.method, receiver=p.receiver, note=p.note
    ),
)
_action("withdraw", ReasonIn, lambda u, i, p: services.withdraw(i, actor=u, reason=p.reason))
_action("stop", ReasonIn, lambda u, i, p: services.stop(i, actor=u, reason=p.reason))
_action(
    "redirect",
    RedirectIn,
    lambda u, i, p: services.redirect(
        i,
        actor=u,
        guidance=p.guidance,
        competent_agency=_agency(p.competent_agency) if p.competent_agency else None,
        competent_name=p.competent_name,
    ),
)


# ------------------------------------------------------------------ printed forms (domain §5)


def _file(content: bytes, filename: str, content_type: str, disposition: str = "inline"):
    from django.http import HttpResponse

    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@router.get("/dossiers/{dossier_id}/forms/{number}")
def print_form(request: HttpRequest, dossier_id: Id, number: str, seq: Id | None = None):
    """Forms 01–05 of Circular 01/2018/TT-VPCP as PDF, for a dossier the caller may see."""
    from .forms_pdf import RENDERERS

    dossier = get_visible(request.auth, dossier_id)
    render = RENDERERS.get(number.zfill(2))
    if render is None:
        raise NotFound(f"Không có mẫu số «{number}»; các mẫu in theo hồ sơ là 01 đến 05, 07 và 08.")
    from motcua.audit.reads import What, record_read

    record_read(request, request.auth, What.FORM, dossier=dossier, detail=number.zfill(2))
    filename = f"{dossier.code or dossier.pk}-mau-{number.zfill(2)}.pdf"
    # ``seq``: form 08 of one hand-over (its event's seq), by default the latest.
    pdf = render(dossier, seq) if seq and number.zfill(2) == "08" else render(dossier)
    return _file(pdf, filename, "application/pdf")


def _ledger_export(request: HttpRequest, agency: str, date_from: date, date_to: date):
    """The office, its ledger rows and the file name (without extension) of a form 06 export."""
    office = _agency(agency)
    rows = ledger(request.auth, office, date_from, date_to)
    return office, rows, f"so-theo-doi-{office.identifier_code}-{date_from:%Y%m%d}-{date_to:%Y%m%d}"


@router.get("/ledger.pdf")
def print_ledger(request: HttpRequest, agency: str, date_from: Day, date_to: Day):
    """Form 06 as PDF (A4 landscape)."""
    from .forms_pdf import render_ledger

    office, rows, name = _ledger_export(request, agency, date_from, date_to)
    return _file(render_ledger(office, rows, date_from, date_to), f"{name}.pdf", "application/pdf")


@router.get("/ledger.xlsx")
def export_ledger(request: HttpRequest, agency: str, date_from: Day, date_to: Day):
    """Form 06 as an Excel workbook with a header row."""
    from .forms_pdf import ledger_xlsx

    office, rows, name = _ledger_export(request, agency, date_from, date_to)
    return _file(
        ledger_xlsx(office, rows),
        f"{name}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "attachment",
    )
