"""Nothing opens before the second factor: a session that still owes its code (or, for a role that
requires it, its enrolment) is sent to that page, and the API answers 403."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import secondfactor


class SecondFactorMiddleware:
    """After ``django_otp.middleware.OTPMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            state = secondfactor.pending(request)
            if state != secondfactor.DONE and not self._allowed(request, state):
                return self._stop(request, state)
        return self.get_response(request)

    @staticmethod
    def _allowed(request, state: str) -> bool:
        target = "signin_verify" if state == secondfactor.CODE else "signin_enrol"
        open_paths = {reverse(target), reverse("logout"), reverse("set_language")}
        return request.path in open_paths or request.path.startswith(f"/{settings.STATIC_URL.strip('/')}/")

    @staticmethod
    def _stop(request, state: str):
        if request.path.startswith("/api/"):
            detail = (
                _("Cần nhập mã xác thực hai bước trước khi dùng hệ thống.")
                if state == secondfactor.CODE
                else _("Vai trò của tài khoản bắt buộc xác thực hai bước: hãy bật xác thực hai bước trước.")
            )
            return JsonResponse({"detail": detail, "code": "second_factor_required"}, status=403)
        target = reverse("signin_verify" if state == secondfactor.CODE else "signin_enrol")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
