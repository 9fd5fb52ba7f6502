"""What citizens are told, and when: the domain events notifications subscribe to.

Dossier events are heard on ``dossier_changed``, inside the transaction of the change, so the
notice is stored with the change or not at all. Events dated in the past (a history import, the
demo's twelve months) notify no one: a citizen is told what has just happened, not last year's news.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from motcua.dossiers import applicant_requests
from motcua.dossiers.models import Dossier
from motcua.dossiers.signals import dossier_changed
from motcua.integrations.models import Notification

from . import outbox

Kind = Notification.Kind

KIND_BY_ACTION = {
    "accept": Kind.RECEIVED,
    "request_supplement": Kind.SUPPLEMENT_REQUESTED,
    "issue_apology": Kind.APOLOGY,
    "apply_extension": Kind.APOLOGY,  # Decree 118 Art. 19.6: the desk tells the new appointment
    "issue_result": Kind.RESULT_READY,
    "refuse_reception": Kind.REFUSED,
    "refuse": Kind.REFUSED,
    "return_correction": Kind.CORRECTED,  # Decree 118/2025 Art. 23.1
    "redirect": Kind.REDIRECTED,
    # Decree 118/2025 Art. 19.5: a closed dossier is not resolved; the notice gives the reason.
    "close": Kind.CLOSED,
    # Art. 21: the applicant's stop and adjustment are confirmed to them.
    "withdraw": Kind.WITHDRAWN,
    "amend": Kind.AMENDED,
}
SUBJECTS = {
    Kind.RECEIVED: _("Hồ sơ %(code)s đã được tiếp nhận"),
    Kind.SUPPLEMENT_REQUESTED: _("Hồ sơ %(code)s cần bổ sung, hoàn thiện"),
    Kind.APOLOGY: _("Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ %(code)s"),
    Kind.RESULT_READY: _("Đã có kết quả giải quyết hồ sơ %(code)s"),
    Kind.REFUSED: _("Hồ sơ %(code)s không được tiếp nhận hoặc giải quyết"),
    Kind.PAYMENT_CONFIRMED: _("Xác nhận đã thanh toán phí, lệ phí hồ sơ %(code)s"),
    Kind.PETITION_ANSWERED: _("Trả lời phản ánh, kiến nghị %(code)s"),
    Kind.REDIRECTED: _("Hồ sơ trực tuyến không thuộc thẩm quyền: hướng dẫn nộp đúng cơ quan"),
    Kind.CORRECTED: _("Kết quả giải quyết hồ sơ %(code)s đã được đính chính"),
    Kind.CLOSED: _("Thông báo đóng hồ sơ %(code)s"),
    Kind.WITHDRAWN: _("Xác nhận dừng giải quyết hồ sơ %(code)s theo yêu cầu"),
    Kind.AMENDED: _("Xác nhận điều chỉnh nội dung hồ sơ %(code)s"),
    Kind.EARLY_RETURN: _("Hồ sơ %(code)s có kết quả trước hạn: thông báo trả kết quả sớm"),
}
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"
DEFAULT_MAX_AGE = timedelta(hours=24)
_muted = contextvars.ContextVar("notifications_muted", default=False)


@contextmanager
def muted() -> Iterator[None]:
    """Write no notification for what happens inside (bulk imports, data repair)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def connect() -> None:
    from motcua.feedback.signals import petition_answered
    from motcua.payments.signals import payment_confirmed

    from .desk_alerts import on_dossier_changed as alert_desk

    dossier_changed.connect(on_dossier_changed, sender=Dossier, dispatch_uid="notifications.dossier")
    dossier_changed.connect(alert_desk, sender=Dossier, dispatch_uid="notifications.desk_alert")
    payment_confirmed.connect(on_payment_confirmed, dispatch_uid="notifications.payment")
    petition_answered.connect(on_petition_answered, dispatch_uid="notifications.petition")


# ------------------------------------------------------------------------------ subscribers


def on_dossier_changed(sender, dossier: Dossier, event, previous_state=None, **kwargs) -> None:
    kind = KIND_BY_ACTION.get(event.action)
    if event.action == "complete_supplement" and (event.data or {}).get("restarted"):
        kind = Kind.RECEIVED  # Decree 118/2025 Art. 19.5: the limit restarts, a new appointment
    if event.action == "issue_result" and applicant_requests.is_early(dossier, event.at):
        kind = Kind.EARLY_RETURN  # Art. 22.5: told before an early return, instead of "result ready"
    if kind is None or _muted.get() or _stale(event.at):
        return
    applicant = dossier.contact  # this dossier's own contact details (issue 14, item 5)
    if not (applicant.email or applicant.phone):
        return
    context = dossier_context(dossier)
    data = event.data or {}
    context.update(items=_lines(data.get("items")), reasons=_lines(data.get("reasons")), note=event.note)
    context.update(guidance=data.get("guidance", ""), competent=data.get("competent_agency_name", ""))
    context.update(restarted=bool(data.get("restarted")))
    if kind in (Kind.WITHDRAWN, Kind.AMENDED, Kind.EARLY_RETURN):
        context.update(applicant_context(dossier, event))
    outbox.write(
        key=f"dossier-{dossier.pk}-{event.seq}",
        kind=kind,
        context=context,
        subject=_subject(kind, context),
        email=applicant.email,
        phone=applicant.phone,
        dossier=dossier,
        event_seq=event.seq,
    )
    if kind == Kind.AMENDED:
        _tell_previous_contact(dossier, event, context)


def _tell_previous_contact(dossier: Dossier, event, context: dict) -> None:
    """Decree 118/2025 Art. 21.3: when an adjustment changes the e-mail or phone, the previous one
    hears of it too — a change the applicant did not ask for must not go unnoticed."""
    changes = (event.data or {}).get("changes") or {}
    email = (changes.get("contact_email") or {}).get("before", "")
    phone = (changes.get("contact_phone") or {}).get("before", "")
    if not (email or phone):
        return
    outbox.write(
        key=f"dossier-{dossier.pk}-{event.seq}-truoc",
        kind=Kind.AMENDED,
        context=context,
        subject=_subject(Kind.AMENDED, context),
        email=email,
        phone=phone,
        dossier=dossier,  # no event_seq: one row per event and channel is the applicant's own
    )


def on_payment_confirmed(sender, payment, **kwargs) -> None:
    dossier = getattr(payment, "dossier", None)
    if dossier is None or _muted.get():
        return
    applicant = dossier.contact
    context = dossier_context(dossier)
    context.update(
        amount=format_vnd(getattr(payment, "amount_vnd", 0) or 0),
        receipt_number=getattr(payment, "receipt_number", "") or "",
    )
    outbox.write(
        key=f"payment-{payment.pk}",
        kind=Kind.PAYMENT_CONFIRMED,
        context=context,
        subject=_subject(Kind.PAYMENT_CONFIRMED, context),
        email=applicant.email,
        phone=applicant.phone,
        dossier=dossier,
    )


def on_petition_answered(sender, petition, **kwargs) -> None:
    if _muted.get():
        return
    dossier = getattr(petition, "dossier", None)
    code = getattr(petition, "code", "") or f"#{petition.pk}"
    context = {
        "name": _first(petition, "sender_name", "name"),
        "code": code,
        "title": _first(petition, "title", "subject"),
        "answer": _first(petition, "answer", "answer_text", "reply"),
        "agency": str(getattr(petition, "agency", "") or ""),
    }
    outbox.write(
        key=f"petition-{petition.pk}",
        kind=Kind.PETITION_ANSWERED,
        context=context,
        subject=_subject(Kind.PETITION_ANSWERED, context),
        email=_first(petition, "sender_email", "email"),
        phone=_first(petition, "sender_phone", "phone"),
        dossier=dossier if isinstance(dossier, Dossier) else None,
    )


# ------------------------------------------------------------------------------ context


def dossier_context(dossier: Dossier) -> dict:
    version = dossier.procedure_version
    return {
        "name": dossier.contact.name,
        "code": dossier.code,
        "procedure": version.procedure.name,
        "agency": dossier.agency.name,
        "received_at": moment(dossier.received_at),
        "due_at": moment(dossier.due_at),
        "apology_due_at": moment(dossier.apology_due_at),
        "tracking_url": tracking_url(dossier.code) if dossier.code else "",
    }


def applicant_context(dossier: Dossier, event) -> dict:
    """What the stop, adjustment and early-return notices add (Decree 118/2025 Art. 21, 22.5)."""
    data = event.data or {}
    return {
        "source": applicant_requests.source_label(event),
        "by_applicant": bool(data.get("by_applicant")),
        "changes": applicant_requests.describe(event) if event.action == "amend" else [],
        "event_at": moment(event.at),
        "appointment": moment(applicant_requests.appointment(dossier)),
        "delivery": dossier.result_delivery,
    }


def tracking_url(code: str) -> str:
    base = (getattr(settings, "MOTCUA_PUBLIC_URL", "") or DEFAULT_PUBLIC_URL).rstrip("/")
    return f"{base}/tra-cuu/?ma={code}"


def moment(at: datetime | None) -> str:
    return timezone.localtime(at).strftime("%H:%M ngày %d/%m/%Y") if at else ""


def format_vnd(amount: int) -> str:
    return f"{int(amount):,}".replace(",", ".") + " đồng"


def _lines(raw) -> list[str]:
    """Items of form 02 or reasons of form 03: dicts with name and reason, or plain strings."""
    out = []
    for item in raw or []:
        if isinstance(item, dict):
            parts = [str(item.get(k) or "").strip() for k in ("name", "reason")]
            text = ": ".join(p for p in parts if p)
        else:
            text = str(item).strip()
        if text:
            out.append(text)
    return out


def _subject(kind: str, context: dict) -> str:
    with translation.override("vi"):
        return str(SUBJECTS[kind]) % {"code": context.get("code") or ""}


def _first(obj, *names: str) -> str:
    for name in names:
        value = getattr(obj, name, "")
        if value:
            return str(value)
    return ""


def _stale(at: datetime | None) -> bool:
    max_age = getattr(settings, "MOTCUA_NOTIFICATIONS_MAX_AGE", DEFAULT_MAX_AGE)
    return at is not None and at < timezone.now() - max_age
