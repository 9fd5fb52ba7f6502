"""Every write on payments: start an online payment, settle a provider callback, record cash.

A payment never changes the dossier itself (architecture rule 1): it is its own small aggregate
beside it. ``payment_confirmed`` goes out after commit, once per settled payment.
"""

from __future__ import annotations

import logging
import secrets
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.dossiers.errors import Forbidden, InvalidInput, NotAllowed
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import next_number
from motcua.dossiers.states import State as DossierState
from motcua.org.models import Role, User
from motcua.org.selectors import has_role

from .fees import Quote, fee_quote
from .models import DOSSIER_FEES, Payment
from .providers import registry
from .providers.base import Provider
from .signals import payment_confirmed

logger = logging.getLogger(__name__)

# A citizen who has not come back from the gateway within this time has abandoned the payment.
PENDING_TTL = timedelta(minutes=15)
CLOSED_DOSSIER = frozenset({DossierState.REFUSED, DossierState.WITHDRAWN, DossierState.STOPPED})
REFERENCE_ALPHABET = string.ascii_uppercase + string.digits


def new_reference(at: datetime | None = None) -> str:
    """Mã giao dịch: "MC" + yymmdd + 8 random letters or digits, unique across the installation."""
    day = timezone.localtime(at or timezone.now()).strftime("%y%m%d")
    while True:
        reference = "MC" + day + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        if not Payment.objects.filter(reference=reference).exists():
            return reference


def _paid_exists(dossier_id: int, fee_key: str, exclude: int | None = None) -> bool:
    qs = Payment.objects.filter(dossier_id=dossier_id, fee_key=fee_key, state=Payment.State.PAID)
    return qs.exclude(pk=exclude).exists() if exclude else qs.exists()


def _check_open(dossier: Dossier) -> None:
    if dossier.state in CLOSED_DOSSIER:
        raise NotAllowed(
            _("Hồ sơ đã kết thúc (%(state)s): không thu phí, lệ phí.") % {"state": dossier.state_label}
        )
    if _paid_exists(dossier.pk, DOSSIER_FEES):
        raise NotAllowed(_("Phí, lệ phí của hồ sơ này đã được thanh toán."), code="already_paid")


def _settle(payment: Payment, at: datetime) -> None:
    """Paid, with the next receipt number of the collecting agency; the signal after commit."""
    payment.state = Payment.State.PAID
    payment.paid_at = at
    payment.receipt_year = timezone.localtime(at).year
    payment.receipt_number = next_number(payment.agency_id, "receipt", str(payment.receipt_year))
    payment.save()
    transaction.on_commit(lambda: payment_confirmed.send(sender=Payment, payment=payment))


# ---------------------------------------------------------------------------------- online


def start_online(
    dossier: Dossier, *, provider: Provider, return_url: str, payer_name: str = ""
) -> tuple[Payment, str]:
    """A pending payment of the known fees and the provider URL to send the citizen to."""
    quote = fee_quote(dossier.procedure_version)
    if not quote.payable:
        raise NotAllowed(
            quote.notice() or _("Hồ sơ không có khoản phí, lệ phí nào thanh toán trực tuyến được.")
        )
    with transaction.atomic():
        _check_open(dossier)
        # An earlier attempt the citizen walked away from; a late success from it is still honoured.
        Payment.objects.filter(dossier=dossier, fee_key=DOSSIER_FEES, state=Payment.State.PENDING).update(
            state=Payment.State.CANCELLED, updated_at=timezone.now()
        )
        payment = Payment.objects.create(
            dossier=dossier,
            agency_id=dossier.agency_id,
            amount_vnd=quote.total_vnd,
            lines=quote.lines_data(),
            method=Payment.Method.ONLINE,
            provider=provider.code,
            reference=new_reference(),
            payer_name=(payer_name or dossier.applicant.name)[:200],
        )
    return payment, provider.start(payment, return_url)


@dataclass
class CallbackOutcome:
    """What ``handle_callback`` made of a callback. ``status`` is one of ``MESSAGES``."""

    status: str
    payment: Payment | None = None

    @property
    def accepted(self) -> bool:
        """The callback was genuine and about a known payment (whatever it said)."""
        return self.status in {"paid", "already_paid", "failed", "cancelled"}

    @property
    def message(self) -> str:
        return str(MESSAGES[self.status])


MESSAGES = {
    "paid": gettext_lazy("Thanh toán thành công."),
    "already_paid": gettext_lazy("Giao dịch đã được xác nhận thanh toán trước đó."),
    "failed": gettext_lazy("Thanh toán không thành công."),
    "cancelled": gettext_lazy("Giao dịch đã bị hủy."),
    "invalid_signature": gettext_lazy("Chữ ký dữ liệu không hợp lệ: kết quả thanh toán không được ghi nhận."),
    "unknown_provider": gettext_lazy("Cổng thanh toán không được hỗ trợ."),
    "unknown_reference": gettext_lazy("Không tìm thấy giao dịch thanh toán."),
    "amount_mismatch": gettext_lazy("Số tiền cổng thanh toán báo về không khớp với số tiền phải nộp."),
    "duplicate": gettext_lazy(
        "Hồ sơ đã được thanh toán bằng một giao dịch khác; giao dịch này cần được hoàn tiền."
    ),
}


def _callback_entry(via: str, raw: Mapping[str, str]) -> dict:
    return {"via": via, "at": timezone.now().isoformat(), "params": dict(raw)}


def handle_callback(params: Mapping[str, str], *, provider_code: str | None = None, via: str = "return"):
    """The one handler of provider callbacks, browser return and IPN alike. Returns a ``CallbackOutcome``.

    A bad signature changes nothing. A repeated callback for a paid payment changes nothing. A
    genuine callback with another amount is not settled but flagged for reconciliation.
    """
    code = provider_code or registry.selected_code()
    if not registry.known(code):
        logger.warning("Callback cho cổng thanh toán không bật: %s", code)
        return CallbackOutcome("unknown_provider")
    provider = registry.get_provider(code)
    result = provider.verify_callback(params)
    if not result.valid:
        logger.warning("Callback %s sai chữ ký (%s), tham chiếu %r", code, via, result.reference)
        return CallbackOutcome("invalid_signature")
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update()
            .filter(reference=result.reference, provider=provider.code)
            .first()
        )
        if payment is None:
            logger.warning("Callback %s cho giao dịch không tồn tại: %r", code, result.reference)
            return CallbackOutcome("unknown_reference")
        if payment.state == Payment.State.PAID:
            return CallbackOutcome("already_paid", payment)
        if result.amount != payment.amount_vnd:
            logger.error(
                "Giao dịch %s: cổng báo %s đồng, phải nộp %s đồng",
                payment.reference,
                result.amount,
                payment.amount_vnd,
            )
            payment.anomaly = Payment.Anomaly.AMOUNT
            payment.callback_data = _callback_entry(via, result.raw)
            payment.save(update_fields=["anomaly", "callback_data", "updated_at"])
            return CallbackOutcome("amount_mismatch", payment)
        if result.outcome != "paid":
            return _unsuccessful(payment, result, via)
        return _confirm(payment, result, via)


def _unsuccessful(payment: Payment, result, via: str) -> CallbackOutcome:
    if payment.state == Payment.State.PENDING:
        payment.state = Payment.State.CANCELLED if result.outcome == "cancelled" else Payment.State.FAILED
        payment.provider_txn = result.provider_txn
        payment.callback_data = _callback_entry(via, result.raw)
        payment.save(update_fields=["state", "provider_txn", "callback_data", "updated_at"])
    return CallbackOutcome("cancelled" if result.outcome == "cancelled" else "failed", payment)


def _confirm(payment: Payment, result, via: str) -> CallbackOutcome:
    # The gateway has taken the money: honour it even after the attempt expired or was abandoned,
    # unless the dossier is already paid by another payment — then it is a refund case.
    payment.provider_txn = result.provider_txn
    payment.callback_data = _callback_entry(via, result.raw)
    if not _paid_exists(payment.dossier_id, payment.fee_key, exclude=payment.pk):
        try:
            with transaction.atomic():
                _settle(payment, timezone.now())
            return CallbackOutcome("paid", payment)
        except IntegrityError:
            logger.exception("Giao dịch %s không xác nhận được (trùng)", payment.reference)
            payment.state, payment.paid_at = Payment.State.PENDING, None
            payment.receipt_year = payment.receipt_number = None
    logger.error("Giao dịch %s: hồ sơ %s đã được thanh toán trước", payment.reference, payment.dossier_id)
    payment.anomaly = Payment.Anomaly.DUPLICATE
    payment.save(update_fields=["anomaly", "provider_txn", "callback_data", "updated_at"])
    return CallbackOutcome("duplicate", payment)


def expire_stale(now: datetime | None = None) -> int:
    """Online payments left pending past ``PENDING_TTL`` become expired. Returns how many."""
    now = now or timezone.now()
    return Payment.objects.filter(
        state=Payment.State.PENDING, method=Payment.Method.ONLINE, created_at__lt=now - PENDING_TTL
    ).update(state=Payment.State.EXPIRED, updated_at=now)


# ------------------------------------------------------------------------------------ desk


def _cash_amount(quote: Quote, raw) -> int:
    try:
        amount = int(str(raw).replace(".", "").replace(" ", "")) if raw not in (None, "") else quote.total_vnd
    except ValueError:
        raise InvalidInput(_("Số tiền phải là một số nguyên, tính bằng đồng.")) from None
    if amount <= 0:
        raise InvalidInput(_("Số tiền thu phải lớn hơn 0 đồng."))
    if not quote.has_unknown and amount != quote.total_vnd:
        raise InvalidInput(
            _("Số tiền thu phải bằng mức phí, lệ phí của thủ tục: %(total)s.")
            % {"total": quote.total_display}
        )
    if quote.has_unknown and amount < quote.total_vnd:
        raise InvalidInput(
            _("Số tiền thu không được nhỏ hơn tổng các khoản đã biết: %(total)s.")
            % {"total": quote.total_display}
        )
    return amount


def record_cash(
    dossier: Dossier,
    *,
    actor: User,
    amount_vnd: int | str | None = None,
    payer_name: str = "",
    method: str = Payment.Method.CASH,
    at: datetime | None = None,
) -> Payment:
    """Thu phí tại Bộ phận Một cửa (cash) or by post: paid at once, with a receipt number.

    The amount defaults to the quote; when a line is set by the province the officer enters the
    total collected, which may not be less than the known lines.
    """
    if not has_role(actor, dossier.agency_id, [Role.DESK_OFFICER]):
        raise Forbidden(_("Chỉ công chức Bộ phận Một cửa của cơ quan tiếp nhận hồ sơ mới được thu phí."))
    if method not in {Payment.Method.CASH, Payment.Method.POST}:
        raise InvalidInput(_("Hình thức thu không hợp lệ."))
    quote = fee_quote(dossier.procedure_version)
    if quote.free:
        raise NotAllowed(quote.notice())
    amount = _cash_amount(quote, amount_vnd)
    payer = (payer_name or "").strip() or dossier.applicant.name
    try:
        with transaction.atomic():
            _check_open(dossier)
            payment = Payment(
                dossier=dossier,
                agency_id=dossier.agency_id,
                amount_vnd=amount,
                lines=quote.lines_data(),
                method=method,
                reference=new_reference(at),
                payer_name=payer[:200],
                recorded_by=actor,
            )
            _settle(payment, at or timezone.now())
    except IntegrityError:
        raise NotAllowed(_("Phí, lệ phí của hồ sơ này đã được thanh toán."), code="already_paid") from None
    return payment
