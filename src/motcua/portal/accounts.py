"""Citizen accounts: register and log in with the personal ID (or enterprise code) and a password,
or through an identity provider (VNeID-style OpenID Connect, ``portal.identity``)."""

from django import forms
from django.contrib.auth import login, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.org.models import User
from motcua.org.validators import validate_enterprise_code, validate_personal_id

INDIVIDUAL, ENTERPRISE = "ca_nhan", "doanh_nghiep"


class RegisterForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Loại tài khoản"),
        choices=[(INDIVIDUAL, gettext_lazy("Công dân")), (ENTERPRISE, gettext_lazy("Doanh nghiệp"))],
    )
    identifier = forms.CharField(
        label=gettext_lazy("Số định danh cá nhân / mã số doanh nghiệp"), max_length=14
    )
    full_name = forms.CharField(label=gettext_lazy("Họ và tên / tên doanh nghiệp"), max_length=200)
    phone = forms.CharField(label=gettext_lazy("Điện thoại"), max_length=20, required=False)
    email = forms.EmailField(label=gettext_lazy("Thư điện tử"), required=False)
    password1 = forms.CharField(label=gettext_lazy("Mật khẩu"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(
        label=gettext_lazy("Nhập lại mật khẩu"), widget=forms.PasswordInput, strip=False
    )

    def clean_identifier(self) -> str:
        value = self.cleaned_data["identifier"].strip()
        check = validate_enterprise_code if self.data.get("kind") == ENTERPRISE else validate_personal_id
        check(value)
        if _taken(value):
            raise ValidationError(_already_registered())
        return value

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Hai lần nhập mật khẩu không khớp."))
        elif data.get("password1"):
            try:
                # The account-to-be, so the password is also checked against the ID and the name.
                identifier = data.get("identifier") or self.data.get("identifier", "")
                enterprise = data.get("kind") == ENTERPRISE
                candidate = User(
                    username=identifier,
                    full_name=data.get("full_name", ""),
                    email=data.get("email", ""),
                    personal_id=None if enterprise else identifier,
                    enterprise_code=identifier if enterprise else None,
                )
                password_validation.validate_password(data["password1"], candidate)
            except ValidationError as exc:
                self.add_error("password1", exc)
        if not data.get("phone") and not data.get("email"):
            self.add_error("phone", _("Cần ít nhất số điện thoại hoặc thư điện tử để nhận thông báo."))
        return data


def _taken(identifier: str) -> bool:
    return User.objects.filter(
        Q(username=identifier) | Q(personal_id=identifier) | Q(enterprise_code=identifier)
    ).exists()


def _already_registered() -> str:
    # The same words whatever the reason, and nothing about the account: the form must refuse a
    # second account for the identifier, but it need not say more (issue 14, item 4).
    return _(
        "Không thể đăng ký tài khoản với số định danh này. Nếu đây là số định danh của bạn, hãy "
        "đăng nhập bằng mật khẩu hoặc bằng tài khoản định danh điện tử VNeID."
    )


def register(request):
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        enterprise = d["kind"] == ENTERPRISE
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    username=d["identifier"],
                    password=d["password1"],
                    full_name=d["full_name"].strip(),
                    email=d["email"],
                    phone=d["phone"],
                    personal_id=None if enterprise else d["identifier"],
                    enterprise_code=d["identifier"] if enterprise else None,
                )
        except IntegrityError:  # a double click that raced the first
            form.add_error("identifier", _already_registered())
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("portal_mine")
    return render(request, "portal/register.html", {"form": form})


class CitizenLoginForm(AuthenticationForm):
    username = forms.CharField(
        label=gettext_lazy("Số định danh cá nhân / mã số doanh nghiệp"), max_length=150
    )
    error_messages = {
        "invalid_login": gettext_lazy("Số định danh hoặc mật khẩu không đúng."),
        "inactive": gettext_lazy("Tài khoản đã bị khóa."),
    }


class CitizenLoginView(LoginView):
    template_name = "portal/login.html"
    authentication_form = CitizenLoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("portal_mine")
