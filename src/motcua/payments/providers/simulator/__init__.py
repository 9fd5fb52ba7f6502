"""Cổng thanh toán giả lập: a local gateway speaking a VNPay-style redirect-and-callback protocol.

The payment request is a signed query string to the simulator's page (``/thanh-toan/cong-gia-lap/``);
the citizen picks success, failure or cancel; the simulator notifies the server (IPN, here an
in-process call) and sends the browser back to the return URL with a signed result.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from urllib.parse import urlencode

from django.urls import path, reverse
from django.utils import timezone

from motcua.payments.providers.base import CallbackResult
from motcua.payments.providers.registry import register

from . import signing

MERCHANT = "MOTCUA"
# The gateway refuses a request older than this (VNPay's vnp_ExpireDate is 15 minutes too).
REQUEST_TTL = timedelta(minutes=15)
STAMP = "%Y%m%d%H%M%S"
RESPONSE_OUTCOMES = {"00": "paid", "24": "cancelled"}
# What the gateway signs in its answer (browser return and IPN alike). A callback is read from these
# fields only and must carry every one of them: the merchant's own signed *request* (same secret,
# other fields) is no answer of the gateway's, so replaying its query cannot settle or fail a payment.
RESPONSE_FIELDS = (
    "merchant",
    "reference",
    "amount",
    "response_code",
    "transaction_status",
    "gateway_txn",
    "bank_code",
    "pay_date",
)
RESPONSE_CODES = {"00", "24", "51"}


def stamp(moment) -> str:
    return timezone.localtime(moment).strftime(STAMP)


@register("simulator")
class SimulatorProvider:
    code = "simulator"
    name = "Cổng thanh toán giả lập"

    def start(self, payment, return_url: str) -> str:
        now = timezone.now()
        params = {
            "version": "1",
            "command": "pay",
            "merchant": MERCHANT,
            "amount": str(payment.amount_vnd),
            "currency": "VND",
            "reference": payment.reference,
            "order_info": f"Thanh toan phi, le phi ho so {payment.dossier.code or payment.dossier_id}",
            "return_url": return_url,
            "created": stamp(now),
            "expires": stamp(now + REQUEST_TTL),
            "locale": "vn",
        }
        return f"{reverse('payment_simulator')}?{urlencode(signing.signed(params))}"

    def verify_callback(self, params: Mapping[str, str]) -> CallbackResult:
        raw = {k: str(v) for k, v in params.items()}
        answer = {k: raw[k] for k in RESPONSE_FIELDS if k in raw}
        answer[signing.HASH_FIELD] = raw.get(signing.HASH_FIELD, "")
        invalid = CallbackResult(valid=False, reference=raw.get("reference", ""), raw=raw)
        if len(answer) != len(RESPONSE_FIELDS) + 1 or not signing.verify(answer):
            return invalid
        if answer["merchant"] != MERCHANT or answer["response_code"] not in RESPONSE_CODES:
            return invalid
        amount = answer["amount"]
        if not amount.isdigit():
            return invalid
        txn = answer["gateway_txn"]
        return CallbackResult(
            valid=True,
            reference=answer["reference"],
            provider_txn="" if txn == "0" else txn,
            outcome=RESPONSE_OUTCOMES.get(answer["response_code"], "failed"),
            amount=int(amount),
            raw=raw,
        )

    def urlpatterns(self) -> list:
        from . import views

        return [path("cong-gia-lap/", views.gateway, name="payment_simulator")]
