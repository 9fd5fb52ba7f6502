"""The simulator's own page: the "bank" the citizen is sent to. Serves the demo and the tests."""

from __future__ import annotations

import logging
import secrets
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from django.http import HttpResponse, HttpResponseRedirect
from django.template import engines
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.catalog.text import format_vnd
from motcua.common.simulators import PAYMENT, only_when_on
from motcua.payments import services

from . import STAMP, signing, stamp

logger = logging.getLogger(__name__)
TEMPLATE = Path(__file__).with_name("gateway.html")
REQUEST_FIELDS = (
    "version",
    "command",
    "merchant",
    "amount",
    "currency",
    "reference",
    "order_info",
    "return_url",
    "created",
    "expires",
    "locale",
    "secure_hash",
)
CHOICES = {"success": "00", "failure": "51", "cancel": "24"}


@cache
def _template():
    # A plug-in folder is not a Django app: its one template is read from the folder itself.
    return engines["django"].from_string(TEMPLATE.read_text(encoding="utf-8"))


def _render(request, context: dict, status: int = 200) -> HttpResponse:
    return HttpResponse(_template().render(context, request), status=status)


def _request_error(params: dict) -> str:
    """Why the gateway refuses the payment request, or ""."""
    if not signing.verify(params):
        return _("Chữ ký của yêu cầu thanh toán không hợp lệ: giao dịch bị từ chối.")
    if not params.get("amount", "").isdigit() or not params.get("reference") or not params.get("return_url"):
        return _("Yêu cầu thanh toán thiếu thông tin bắt buộc.")
    try:
        expires = datetime.strptime(params.get("expires", ""), STAMP)
    except ValueError:
        return _("Yêu cầu thanh toán thiếu thời hạn.")
    if timezone.make_aware(expires) < timezone.now():
        return _("Yêu cầu thanh toán đã hết hạn (quá 15 phút), vui lòng thực hiện lại.")
    return ""


def result_params(request_params: dict, choice: str) -> dict[str, str]:
    """The signed answer of the gateway for the citizen's choice."""
    code = CHOICES[choice]
    return signing.signed(
        {
            "merchant": request_params["merchant"],
            "reference": request_params["reference"],
            "amount": request_params["amount"],
            "response_code": code,
            "transaction_status": "00" if code == "00" else "02",
            "gateway_txn": "0" if choice == "cancel" else str(10**9 + secrets.randbelow(9 * 10**9)),
            "bank_code": "NCB",
            "pay_date": stamp(timezone.now()),
        }
    )


@only_when_on(PAYMENT)
@require_http_methods(["GET", "POST"])
def gateway(request):
    source = request.POST if request.method == "POST" else request.GET
    params = {k: source.get(k, "") for k in REQUEST_FIELDS if k in source}
    error = _request_error(params)
    if error:
        logger.warning("Cổng giả lập từ chối yêu cầu %s: %s", params.get("reference", "?"), error)
        return _render(request, {"error": error}, status=400)
    if request.method == "GET" or request.POST.get("choice") not in CHOICES:
        context = {"params": params, "amount": format_vnd(int(params["amount"]))}
        return _render(request, context)
    result = result_params(params, request.POST["choice"])
    # Server-to-server notification (IPN): a real gateway POSTs it; the simulator calls the handler.
    services.handle_callback(result, provider_code="simulator", via="ipn")
    back = params["return_url"]
    return HttpResponseRedirect(f"{back}{'&' if '?' in back else '?'}{urlencode(result)}")
