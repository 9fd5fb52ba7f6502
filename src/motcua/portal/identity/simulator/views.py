"""The simulator's pages: the "VNeID" consent screen and the token endpoint."""

from django import forms
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from motcua.common.simulators import IDENTITY, only_when_on
from motcua.org.validators import validate_personal_id

from ..base import IdentityError
from .provider import CLIENT_ID, issue_code, token


class ConsentForm(forms.Form):
    personal_id = forms.CharField(
        label=gettext_lazy("Số định danh cá nhân"), max_length=12, validators=[validate_personal_id]
    )
    name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=200)
    phone = forms.CharField(label=gettext_lazy("Điện thoại"), max_length=20, required=False)


@only_when_on(IDENTITY)
def authorize(request):
    p = request.GET if request.method == "GET" else request.POST
    redirect_uri = p.get("redirect_uri", "")
    if p.get("client_id") != CLIENT_ID or p.get("response_type", "code") != "code":
        return HttpResponseBadRequest(_("Yêu cầu xác thực không hợp lệ."))
    if not url_has_allowed_host_and_scheme(redirect_uri, allowed_hosts={request.get_host()}):
        return HttpResponseBadRequest(_("Địa chỉ chuyển về không được đăng ký."))
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        claims = {"sub": f"vneid-{d['personal_id']}", "personal_id": d["personal_id"], "name": d["name"]}
        if d["phone"]:
            claims["phone_number"] = d["phone"]
        code = issue_code(
            claims=claims, client_id=CLIENT_ID, redirect_uri=redirect_uri, nonce=p.get("nonce", "")
        )
        sep = "&" if "?" in redirect_uri else "?"
        return redirect(f"{redirect_uri}{sep}code={code}&state={p.get('state', '')}")
    return render(request, "portal/vneid_sim.html", {"form": form, "params": p})


@only_when_on(IDENTITY)
@csrf_exempt  # a server-to-server call authenticated by the client secret, not a browser form
@require_POST
def token_endpoint(request):
    p = request.POST
    try:
        answer = token(
            code=p.get("code", ""),
            client_id=p.get("client_id", ""),
            secret=p.get("client_secret", ""),
            redirect_uri=p.get("redirect_uri", ""),
        )
    except IdentityError as exc:
        return JsonResponse({"error": "invalid_grant", "error_description": str(exc)}, status=400)
    return JsonResponse(answer, json_dumps_params={"ensure_ascii": False})
