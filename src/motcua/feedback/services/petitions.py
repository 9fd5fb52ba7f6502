"""Petitions — phản ánh, kiến nghị (domain §7): reception, the officers' actions, the reply."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.dossiers.errors import Forbidden, InvalidInput, NotAllowed, NotFound
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import next_number
from motcua.org.models import Agency, Role, User
from motcua.org.selectors import has_role
from motcua.org.validators import validate_personal_id

from ..deadlines import handled_on_time, petition_deadlines
from ..models import Petition, PetitionEvent, PetitionKind, PetitionState
from ..signals import petition_answered
from .common import MAX_COMMENT, MAX_CONTENT, clean, now

HANDLERS = frozenset({Role.DESK_OFFICER, Role.HEAD, Role.LEADER})
# The answer speaks for the agency: only its managers sign it off.
ANSWERERS = frozenset({Role.HEAD, Role.LEADER})
_PHONE = re.compile(r"\+?\d{9,12}")
P = PetitionState


@dataclass(frozen=True)
class Step:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]


def _step(action, label, sources, target, roles) -> Step:
    return Step(action, label, frozenset(sources), target, roles)


STEPS: dict[str, Step] = {
    s.action: s
    for s in [
        _step("publish", gettext_lazy("Tiếp nhận xử lý"), [P.RECEIVED], P.PUBLISHED, HANDLERS),
        _step("refuse", gettext_lazy("Từ chối tiếp nhận"), [P.RECEIVED], P.REFUSED, HANDLERS),
        _step(
            "request_info",
            gettext_lazy("Đề nghị bổ sung thông tin"),
            [P.PUBLISHED],
            P.INFO_REQUESTED,
            HANDLERS,
        ),
        _step("answer", gettext_lazy("Trả lời"), [P.PUBLISHED, P.INFO_REQUESTED], P.ANSWERED, ANSWERERS),
        _step("close", gettext_lazy("Kết thúc"), [P.ANSWERED, P.REFUSED], P.CLOSED, HANDLERS),
    ]
}


@dataclass(frozen=True)
class SubmitResult:
    petition: Petition
    created: bool


def _contact(phone: str, email: str) -> tuple[str, str]:
    phone = re.sub(r"[\s.\-()]", "", phone or "")
    email = (email or "").strip()
    if not phone and not email:
        raise InvalidInput(
            _("Cần để lại số điện thoại hoặc thư điện tử để cơ quan liên hệ, trả lời."),
            details={"field": "phone"},
        )
    if phone and not _PHONE.fullmatch(phone):
        raise InvalidInput(_("Số điện thoại phải gồm 9 đến 12 chữ số."), details={"field": "phone"})
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise InvalidInput(
                _("Địa chỉ thư điện tử không hợp lệ: %(e)s.") % {"e": email}, details={"field": "email"}
            ) from None
    return phone, email


def _related_dossier(code: str, personal_id: str, agency: Agency) -> Dossier | None:
    code = (code or "").strip()
    if not code:
        return None
    d = Dossier.objects.select_related("agency").filter(code=code, applicant__identifier=personal_id).first()
    if d is None:
        raise InvalidInput(
            _("Không tìm thấy hồ sơ mã %(code)s của người có số định danh đã nhập.") % {"code": code},
            details={"field": "dossier_code"},
        )
    if agency.pk not in (d.agency_id, d.current_agency_id):
        raise InvalidInput(
            _("Hồ sơ %(code)s do %(agency)s tiếp nhận; hãy gửi phản ánh đến cơ quan này.")
            % {"code": code, "agency": d.agency.name},
            details={"field": "agency"},
        )
    return d


def submit_petition(
    *,
    agency: Agency,
    kind: str,
    sender_name: str,
    personal_id: str,
    content: str,
    phone: str = "",
    email: str = "",
    dossier_code: str = "",
    idempotency_key: str | None = None,
    at: datetime | None = None,
) -> SubmitResult:
    """Receive a petition: code, §7 deadlines on the agency's calendar; the same key twice gives one."""
    at = now(at)
    personal_id = (personal_id or "").strip()
    if idempotency_key:
        existing = Petition.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return _same(existing, personal_id)
    if agency is None or not agency.active:
        raise InvalidInput(_("Hãy chọn cơ quan nhận phản ánh."), details={"field": "agency"})
    if kind not in PetitionKind.values:
        raise InvalidInput(_("Hãy chọn loại: phản ánh, kiến nghị hoặc khiếu nại."), details={"field": "kind"})
    sender_name = clean(sender_name, 200, _("họ và tên người gửi"), required=True, field="sender_name")
    try:
        validate_personal_id(personal_id)
    except ValidationError as exc:
        raise InvalidInput(exc.messages[0], details={"field": "personal_id"}) from None
    phone, email = _contact(phone, email)
    content = clean(content, MAX_CONTENT, _("nội dung phản ánh, kiến nghị"), required=True, field="content")
    dossier = _related_dossier(dossier_code, personal_id, agency)
    if kind == PetitionKind.COMPLAINT and dossier is None:
        raise InvalidInput(
            _("Khiếu nại về hồ sơ cần ghi mã hồ sơ liên quan."), details={"field": "dossier_code"}
        )
    due = petition_deadlines(agency, at)
    petition = Petition(
        idempotency_key=idempotency_key or None,
        agency=agency,
        dossier=dossier,
        kind=kind,
        sender_name=sender_name,
        personal_id=personal_id,
        phone=phone,
        email=email,
        content=content,
        received_at=at,
        state=P.RECEIVED,
        publish_due=due.publish_due,
        info_due=due.info_due,
        answer_due=due.answer_due,
    )
    try:
        with transaction.atomic():
            year = timezone.localtime(at).year
            petition.code = f"PAKN-{year}-{next_number(agency.pk, 'pakn', str(year)):04d}"
            petition.save(force_insert=True)
            _log(petition, "submit", "", None, at, actor_name=sender_name)
            petition.save(update_fields=["event_count"])
    except IntegrityError:
        existing = (
            Petition.objects.filter(idempotency_key=idempotency_key).first() if idempotency_key else None
        )
        if existing is None:
            raise
        return _same(existing, personal_id)
    return SubmitResult(petition, True)


def _same(existing: Petition, personal_id: str) -> SubmitResult:
    if existing.personal_id != personal_id:
        raise NotAllowed(_("Yêu cầu gửi trùng với một phản ánh khác; hãy tải lại trang và gửi lại."))
    return SubmitResult(existing, False)


def _log(p: Petition, action: str, previous: str, actor: User | None, at: datetime, **fields) -> None:
    """Append one event; the caller saves ``event_count`` with the rest of the row."""
    p.event_count += 1
    known = actor is not None and actor.is_authenticated
    name = fields.pop("actor_name", "")
    PetitionEvent.objects.create(
        petition=p,
        seq=p.event_count,
        action=action,
        from_state=previous,
        to_state=p.state,
        at=at,
        actor=actor if known else None,
        actor_name=str(actor) if known else name,
        **fields,
    )


def _lock(petition: Petition | int) -> Petition:
    pk = petition.pk if isinstance(petition, Petition) else petition
    p = Petition.objects.select_for_update().filter(pk=pk).first()
    if p is None:
        raise NotFound(_("Không tìm thấy phản ánh, kiến nghị."))
    return p


def _check(step: Step, actor: User | None, p: Petition) -> None:
    if actor is None or not actor.is_authenticated or not has_role(actor, p.agency_id, step.roles):
        roles = ", ".join(str(Role(r).label) for r in sorted(step.roles))
        raise Forbidden(
            _("Tài khoản không có quyền «%(action)s» phản ánh của cơ quan này (cần vai trò: %(roles)s).")
            % {"action": step.label, "roles": roles}
        )
    if p.state not in step.sources:
        raise NotAllowed(
            _("Không thể «%(action)s» khi phản ánh đang ở trạng thái «%(state)s».")
            % {"action": step.label, "state": P(p.state).label},
            code="out_of_turn",
        )


def _act(
    petition: Petition | int,
    action: str,
    actor: User | None,
    at: datetime | None,
    change: Callable[[Petition, datetime], None],
    note: str = "",
) -> Petition:
    """Lock, check, change, log — the skeleton of every officer action on a petition."""
    step = STEPS[action]
    at = now(at)
    with transaction.atomic():
        p = _lock(petition)
        _check(step, actor, p)
        if at < p.received_at:
            raise InvalidInput(_("Thời điểm thực hiện không thể trước thời điểm tiếp nhận phản ánh."))
        previous = p.state
        p.state = step.target
        change(p, at)
        p.handled_on_time = handled_on_time(p)
        _log(p, action, previous, actor, at, note=note)
        p.save()
    return p


def publish(
    petition: Petition | int, *, actor: User, public: bool = True, note: str = "", at: datetime | None = None
) -> Petition:
    """Accept the petition for handling (within 2 working days); ``public`` lists it on the portal."""

    def change(p: Petition, at: datetime) -> None:
        p.published, p.published_at = public, at

    return _act(petition, "publish", actor, at, change, clean(note, MAX_COMMENT, _("ghi chú")))


def refuse(petition: Petition | int, *, actor: User, reason: str, at: datetime | None = None) -> Petition:
    reason = clean(reason, MAX_COMMENT, _("lý do từ chối"), required=True, field="reason")

    def change(p: Petition, at: datetime) -> None:
        p.refused_at, p.refusal_reason = at, reason

    return _act(petition, "refuse", actor, at, change, reason)


def request_info(petition: Petition | int, *, actor: User, note: str, at: datetime | None = None) -> Petition:
    note = clean(note, MAX_COMMENT, _("nội dung cần bổ sung"), required=True, field="note")

    def change(p: Petition, at: datetime) -> None:
        p.info_requested_at = at

    return _act(petition, "request_info", actor, at, change, note)


def answer(petition: Petition | int, *, actor: User, text: str, at: datetime | None = None) -> Petition:
    """Trả lời: the agency's answer (within 15 working days); the sender is told after commit."""
    text = clean(text, MAX_CONTENT, _("nội dung trả lời"), required=True, field="text")

    def change(p: Petition, at: datetime) -> None:
        p.answer, p.answered_at, p.answered_by = text, at, actor

    p = _act(petition, "answer", actor, at, change)
    transaction.on_commit(lambda: petition_answered.send(sender=Petition, petition=p))
    return p


def close(petition: Petition | int, *, actor: User, note: str = "", at: datetime | None = None) -> Petition:
    def change(p: Petition, at: datetime) -> None:
        p.closed_at = at

    return _act(petition, "close", actor, at, change, clean(note, MAX_COMMENT, _("ghi chú")))


def confirm_satisfaction(
    petition: Petition | int, satisfied: bool, *, personal_id: str, at: datetime | None = None
) -> Petition:
    """The sender says, once, whether the answer satisfied them (domain §7 group 5)."""
    at = now(at)
    with transaction.atomic():
        p = _lock(petition)
        if p.personal_id != (personal_id or "").strip():
            raise Forbidden(_("Chỉ người gửi phản ánh mới cho biết ý kiến về kết quả trả lời."))
        if p.answered_at is None:
            raise NotAllowed(_("Phản ánh chưa được trả lời."), code="out_of_turn")
        if p.satisfied is not None:
            raise NotAllowed(_("Bạn đã cho biết ý kiến về kết quả trả lời này."), code="already_rated")
        p.satisfied, p.satisfied_at = bool(satisfied), at
        verdict = _("Hài lòng") if satisfied else _("Không hài lòng")
        _log(p, "confirm_satisfaction", p.state, None, at, actor_name=p.sender_name, note=verdict)
        p.save(update_fields=["satisfied", "satisfied_at", "event_count"])
    return p
