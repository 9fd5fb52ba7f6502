"""The portal's side of the login through an identity provider (authorization code flow)."""

import secrets

from django.contrib import messages
from django.contrib.auth import login
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.org.models import User
from motcua.portal.verification import proven_by_identity_provider

from .base import IdentityError, get_provider


def _not_configured(request):
    messages.error(
        request,
        _("Hệ thống chưa kết nối với tài khoản định danh điện tử (VNeID); hãy đăng nhập bằng mật khẩu."),
    )
    return redirect("portal_login")


def start(request):
    provider = get_provider()
    if provider is None:
        return _not_configured(request)
    state, nonce = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    request.session["oidc"] = {"state": state, "nonce": nonce}
    callback = request.build_absolute_uri(reverse("portal_oidc_callback"))
    return redirect(provider.authorization_url(state=state, nonce=nonce, redirect_uri=callback))


def callback(request):
    expected = request.session.pop("oidc", None) or {}
    if not expected or request.GET.get("state") != expected.get("state"):
        messages.error(request, _("Phiên đăng nhập không hợp lệ hoặc đã hết hạn; hãy thử lại."))
        return redirect("portal_login")
    provider = get_provider()
    if provider is None:
        return _not_configured(request)
    try:
        claims = provider.exchange(
            code=request.GET.get("code", ""),
            redirect_uri=request.build_absolute_uri(reverse("portal_oidc_callback")),
            nonce=expected["nonce"],
        )
    except IdentityError as exc:
        messages.error(request, str(exc))
        return redirect("portal_login")
    user = _citizen(claims)
    proven_by_identity_provider(user, claims)  # the account's ID is proven (issue 14, item 4)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Đã đăng nhập bằng tài khoản định danh điện tử."))
    return redirect("portal_mine")


def _citizen(claims) -> User:
    """The account of this personal ID, created at the first login (no password: provider only)."""
    user = User.objects.filter(personal_id=claims.personal_id).first()
    if user is not None:
        return user
    try:
        with transaction.atomic():
            user = User(username=claims.personal_id, personal_id=claims.personal_id, full_name=claims.name)
            user.phone = claims.phone
            user.set_unusable_password()
            user.save()
    except IntegrityError:
        user = User.objects.get(personal_id=claims.personal_id)
    return user
