"""HTTP side: the inbound endpoint of the portal, and the simulator's endpoints (demo only)."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import conf, inbound, inbound_requests, signing
from .simulator import portal


def _answer(status: int, body: dict) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


@csrf_exempt
@require_POST
def receive_online(request: HttpRequest) -> JsonResponse:
    """``POST /lien-thong/dvcqg/ho-so``: an online dossier pushed by the portal (HMAC-signed)."""
    if not conf.secret():
        missing = "Chưa cấu hình kết nối Cổng Dịch vụ công quốc gia (MOTCUA_PORTAL_SECRET)."
        return _answer(503, {"error": missing})
    return _answer(*inbound.handle(request.body, request.META.get(signing.META)))


@csrf_exempt
@require_POST
def receive_request(request: HttpRequest) -> JsonResponse:
    """``POST /lien-thong/dvcqg/yeu-cau``: the applicant's stop or adjustment, pushed by the portal
    (Decree 118/2025 Art. 21.3; ``inbound_requests``)."""
    if not conf.secret():
        missing = "Chưa cấu hình kết nối Cổng Dịch vụ công quốc gia (MOTCUA_PORTAL_SECRET)."
        return _answer(503, {"error": missing})
    return _answer(*inbound_requests.handle(request.body, request.META.get(signing.META)))


def _simulator_on() -> bool:
    return conf.simulated()


@csrf_exempt
@require_http_methods(["GET", "POST"])
def simulator_items(request: HttpRequest) -> JsonResponse:
    """``/dvc-gia-lap/api/hoso``: POST a sync item; GET what the simulated portal holds."""
    if not _simulator_on():
        raise Http404
    signature = request.META.get(signing.META)
    if request.method == "GET":
        if not signing.verify(b"", signature, portal.secret):
            return _answer(401, {"error": "Chữ ký không hợp lệ"})
        return _answer(200, portal.holdings())
    try:
        return _answer(*portal.handle(request.body, signature))
    except ConnectionError as exc:
        return _answer(503, {"error": str(exc)})


@csrf_exempt
@require_POST
def simulator_request(request: HttpRequest) -> JsonResponse:
    """``POST /dvc-gia-lap/api/yeu-cau`` {an applicant's request, see ``inbound_requests``}: the
    simulated portal sends it to this system and answers with what the system answered (demo)."""
    if not _simulator_on():
        raise Http404
    if not signing.verify(request.body, request.META.get(signing.META), portal.secret):
        return _answer(401, {"error": "Chữ ký không hợp lệ"})
    try:
        body = json.loads(request.body or b"{}")
    except ValueError as exc:
        return _answer(400, {"error": str(exc)})
    if not isinstance(body, dict):
        return _answer(400, {"error": "Yêu cầu phải là đối tượng JSON"})
    [(status, answer)] = portal.push_request(body, inbound_requests.handle)
    return _answer(200, {"TrangThaiHTTP": status, "TraLoi": answer})


@csrf_exempt
@require_POST
def simulator_control(request: HttpRequest) -> JsonResponse:
    """``POST /dvc-gia-lap/api/dieu-khien`` {"down": true, "fail_next": 3, "slow": 2, "lose_acks": 1,
    "reset": true}: tell the simulated portal how to misbehave (signed like everything else)."""
    if not _simulator_on():
        raise Http404
    if not signing.verify(request.body, request.META.get(signing.META), portal.secret):
        return _answer(401, {"error": "Chữ ký không hợp lệ"})
    try:
        orders = json.loads(request.body or b"{}")
        if orders.pop("reset", False):
            portal.reset()
        faults = portal.configure(**orders)
    except (ValueError, TypeError) as exc:
        return _answer(400, {"error": str(exc)})
    return _answer(200, vars(faults))
