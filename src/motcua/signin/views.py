"""Pages of the second factor: the code after the password, and turning it on (or off)."""

import base64

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.org.selectors import roles_by_agency

from . import secondfactor

DEVICE_NAME = gettext_lazy("Ứng dụng xác thực")


class CodeForm(forms.Form):
    ma = forms.CharField(
        label=gettext_lazy("Mã xác thực (6 chữ số)"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )

    def clean_ma(self) -> str:
        code = self.cleaned_data["ma"].replace(" ", "")
        if not code.isdigit():
            raise forms.ValidationError(
                _("Mã xác thực gồm 6 chữ số, xem trong ứng dụng xác thực trên điện thoại.")
            )
        return code


def _next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def _wrong_code(form: CodeForm, devices) -> None:
    for device in devices:
        allowed, data = device.verify_is_allowed()
        if not allowed:
            form.add_error(
                "ma",
                _("Đã nhập sai mã nhiều lần; vui lòng đợi một lát rồi nhập mã mới trong ứng dụng xác thực."),
            )
            return
    form.add_error(
        "ma", _("Mã xác thực không đúng hoặc đã được dùng. Hãy nhập mã đang hiển thị trong ứng dụng.")
    )


@never_cache
@login_required
def verify(request):
    """Bước 2 của đăng nhập: the code of the user's authenticator app, after the password."""
    if secondfactor.pending(request) != secondfactor.CODE:
        return redirect(_next(request, settings.LOGIN_REDIRECT_URL))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["ma"])
        if device is not None:
            otp_login(request, device)
            secondfactor.passed(request)
            return redirect(_next(request, settings.LOGIN_REDIRECT_URL))
        _wrong_code(form, TOTPDevice.objects.filter(user=request.user, confirmed=True))
    return render(request, "signin/verify.html", {"form": form, "next": _next(request, "")})


def _qr_svg(device: TOTPDevice) -> str:
    """The QR code of the device's otpauth:// link, as SVG markup drawn in the page (no script,
    no image request, nothing sent to another server)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, title=str(DEVICE_NAME))


def _spaced(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required
def enrol(request):
    """Xác thực hai bước: turn it on (QR code and secret, confirmed by a first code) or off."""
    user = request.user
    if not roles_by_agency(user) and not user.is_staff:
        raise PermissionDenied(_("Chỉ cán bộ, công chức mới bật được xác thực hai bước."))
    required = secondfactor.required_roles(user)
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if confirmed is not None:
        return _enrolled(request, confirmed, required)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=str(DEVICE_NAME), confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["ma"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            otp_login(request, device)
            secondfactor.passed(request)
            messages.success(
                request, _("Đã bật xác thực hai bước. Từ lần sau, đăng nhập sẽ hỏi thêm mã xác thực.")
            )
            return redirect(_next(request, settings.LOGIN_REDIRECT_URL))
        _wrong_code(form, [device])
    context = {
        "form": form,
        "required": sorted(str(r) for r in required),
        "must": secondfactor.pending(request) == secondfactor.ENROL,
        "qr": _qr_svg(device),
        "secret": _spaced(base64.b32encode(device.bin_key).decode()),
        "next": _next(request, ""),
    }
    return render(request, "signin/enrol.html", context)


def _enrolled(request, device: TOTPDevice, required: set[str]):
    form = CodeForm(request.POST or None)
    if request.method == "POST" and request.POST.get("tat"):
        if required:
            messages.error(
                request,
                _(
                    "Vai trò của bạn bắt buộc xác thực hai bước nên không thể tắt. "
                    "Mất điện thoại: liên hệ quản trị hệ thống."
                ),
            )
            return redirect("signin_enrol")
        if form.is_valid() and device.verify_token(form.cleaned_data["ma"]):
            TOTPDevice.objects.filter(user=request.user).delete()
            request.session.pop("otp_device_id", None)
            secondfactor.passed(request)
            messages.success(request, _("Đã tắt xác thực hai bước."))
            return redirect("signin_enrol")
        if form.is_valid():
            _wrong_code(form, [device])
    return render(
        request, "signin/enrolled.html", {"form": form, "device": device, "required": bool(required)}
    )


def locked_out(request, original_response=None, credentials=None):
    """The page django-axes shows for a locked-out login (``AXES_LOCKOUT_CALLABLE``): 429, in
    Vietnamese, with how long the lockout lasts."""
    from axes.helpers import get_cool_off, get_failure_limit

    minutes = max(1, int(get_cool_off(request).total_seconds() // 60))
    context = {"failure_limit": get_failure_limit(request, credentials), "lockout_minutes": minutes}
    response = render(request, "signin/locked_out.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
