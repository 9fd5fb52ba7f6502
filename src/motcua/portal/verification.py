"""Xác minh số định danh: a local account proves that its personal ID / enterprise code is its own.

Anyone can register an account with any well-formed personal ID, so the ID typed at registration
proves nothing. An account is proven by a VNeID login (the identity provider vouches for the ID),
or by a one-time code sent to the phone or e-mail **already on record** for that ID in the
applicant record — contact details the person gave at a desk, through the national portal, or
through VNeID, never the ones typed at registration (issue 14, item 4).

The code: six digits, only a keyed hash kept, valid ``CODE_TTL``, ``MAX_ATTEMPTS`` wrong entries
and it is dead and verification is locked for ``LOCK_TIME``; at most ``MAX_CODES_PER_DAY`` codes a
day, so that an account cannot make the owner's phone ring on end. Everything lives in the database
(no process memory), so several application servers agree.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from motcua.common.masking import mask_email, mask_phone
from motcua.org.models import Applicant, ApplicantChange, User

from .models import IdentityProof, VerificationCode

CODE_TTL = timedelta(minutes=10)
MAX_ATTEMPTS = 5
MAX_CODES_PER_DAY = 3
LOCK_TIME = timedelta(hours=24)
_HASH_SALT = "motcua.portal.verification"


class VerificationError(Exception):
    """Why a code cannot be sent or accepted, in words for the citizen."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Contact:
    channel: str  # VerificationCode.Channel
    address: str  # where it goes (never shown)
    masked: str  # what the page shows


# ------------------------------------------------------------------------------ queries


def account_identifier(user) -> str:
    """The personal ID (or enterprise code) a citizen account logs in with; "" for anyone else."""
    if user is None or not user.is_authenticated:
        return ""
    return (getattr(user, "personal_id", "") or getattr(user, "enterprise_code", "") or "").strip()


def proof_of(user) -> IdentityProof | None:
    """The account's proof, if it proves the identifier the account has today."""
    identifier = account_identifier(user)
    if not identifier:
        return None
    cached = getattr(user, "_motcua_identity_proof", None)
    if cached is not None and cached[0] == identifier:
        return cached[1]
    proof = IdentityProof.objects.filter(user=user, identifier=identifier).first()
    user._motcua_identity_proof = (identifier, proof)
    return proof


def is_proven(user) -> bool:
    return proof_of(user) is not None


def contacts_on_record(identifier: str) -> list[Contact]:
    """Where a code for this identifier may go: the applicant record's mobile phone and e-mail."""
    from motcua.integrations.notifications import sms

    applicant = Applicant.objects.filter(identifier=identifier).first() if identifier else None
    if applicant is None:
        return []
    found = []
    try:
        phone = sms.normalize_phone(applicant.phone)
    except sms.InvalidPhone:
        phone = ""
    if phone:
        found.append(Contact(VerificationCode.Channel.SMS, phone, mask_phone(phone)))
    if applicant.email:
        found.append(Contact(VerificationCode.Channel.EMAIL, applicant.email, mask_email(applicant.email)))
    return found


def locked_until(user):
    """The end of the lock after too many wrong codes, or None."""
    since = timezone.now() - LOCK_TIME
    burnt = (
        VerificationCode.objects.filter(user=user, attempts__gte=MAX_ATTEMPTS, created_at__gte=since)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return burnt + LOCK_TIME if burnt else None


def pending_code(user) -> VerificationCode | None:
    """The latest code still usable: not used, not expired, attempts left."""
    now = timezone.now()
    return (
        VerificationCode.objects.filter(
            user=user,
            identifier=account_identifier(user),
            used_at__isnull=True,
            expires_at__gt=now,
            attempts__lt=MAX_ATTEMPTS,
        )
        .order_by("-created_at")
        .first()
    )


# ------------------------------------------------------------------------------ commands


def prove(user: User, method: str) -> IdentityProof:
    """Record that the account's identifier is proven (idempotent; a new method replaces the old)."""
    identifier = account_identifier(user)
    proof, _created = IdentityProof.objects.update_or_create(
        user=user, defaults={"identifier": identifier, "method": method, "proven_at": timezone.now()}
    )
    user._motcua_identity_proof = (identifier, proof)
    return proof


def _hash(code_id: int, code: str) -> str:
    return salted_hmac(_HASH_SALT, f"{code_id}:{code}", algorithm="sha256").hexdigest()


def send_code(user: User, channel: str) -> VerificationCode:
    """Send a new code to the contact on record on ``channel``; earlier codes stop working."""
    identifier = account_identifier(user)
    if not identifier:
        raise VerificationError(_("Tài khoản này không phải tài khoản công dân, doanh nghiệp."))
    if is_proven(user):
        raise VerificationError(_("Số định danh của tài khoản đã được xác minh."))
    contact = next((c for c in contacts_on_record(identifier) if c.channel == channel), None)
    if contact is None:
        raise VerificationError(_vneid_only())
    now = timezone.now()
    with transaction.atomic():
        # One account at a time: two clicks must not both pass the daily limit.
        User.objects.select_for_update().filter(pk=user.pk).first()
        if locked_until(user):
            raise VerificationError(_locked_message())
        today = VerificationCode.objects.filter(user=user, created_at__gte=now - timedelta(days=1)).count()
        if today >= MAX_CODES_PER_DAY:
            raise VerificationError(
                _("Đã gửi %(n)s mã xác minh trong 24 giờ qua; hãy dùng mã đã nhận hoặc thử lại sau.")
                % {"n": MAX_CODES_PER_DAY}
            )
        VerificationCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(
            expires_at=now
        )
        row = VerificationCode.objects.create(
            user=user,
            identifier=identifier,
            channel=channel,
            sent_to=contact.masked,
            code_hash="",
            created_at=now,
            expires_at=now + CODE_TTL,
        )
        code = f"{secrets.randbelow(10**6):06d}"
        row.code_hash = _hash(row.pk, code)
        row.save(update_fields=["code_hash"])
        _deliver(contact, code)  # a failure rolls the code back: nothing counted, nothing kept
    return row


def _deliver(contact: Contact, code: str) -> None:
    minutes = int(CODE_TTL.total_seconds() // 60)
    text = _(
        "Ma xac minh so dinh danh tren Cong dich vu cong: %(code)s (hieu luc %(m)s phut). "
        "Khong cung cap ma nay cho bat ky ai."
    ) % {"code": code, "m": minutes}
    try:
        if contact.channel == VerificationCode.Channel.SMS:
            from motcua.integrations.notifications import sms
            from motcua.integrations.notifications.channels import sms_provider

            sms_provider().send_sms(contact.address, sms.to_sms_text(text))
        else:
            body = _(
                "Mã xác minh số định danh của bạn trên Cổng dịch vụ công là %(code)s, có hiệu lực "
                "trong %(m)s phút.\n\nNếu bạn không yêu cầu mã này, hãy bỏ qua thư; không cung cấp "
                "mã cho bất kỳ ai."
            ) % {"code": code, "m": minutes}
            send_mail(_("Mã xác minh số định danh"), body, settings.DEFAULT_FROM_EMAIL, [contact.address])
    except Exception as exc:  # the provider's failure, whatever its kind, is a "try again later"
        raise VerificationError(_("Không gửi được mã xác minh lúc này; hãy thử lại sau ít phút.")) from exc


def check_code(user: User, code: str) -> IdentityProof:
    """Accept the right code once; a wrong one counts against the code's attempts."""
    code = "".join((code or "").split())
    with transaction.atomic():
        if locked_until(user):
            raise VerificationError(_locked_message())
        row = pending_code(user)
        if row is None:
            raise VerificationError(_("Chưa có mã xác minh còn hiệu lực; hãy yêu cầu gửi mã mới."))
        row = VerificationCode.objects.select_for_update().get(pk=row.pk)
        if row.used_at is not None or row.attempts >= MAX_ATTEMPTS:
            raise VerificationError(_("Mã xác minh không còn hiệu lực; hãy yêu cầu gửi mã mới."))
        if code.isdigit() and constant_time_compare(_hash(row.pk, code), row.code_hash):
            row.used_at = timezone.now()
            row.save(update_fields=["used_at"])
            return prove(user, IdentityProof.Method.CODE)
        row.attempts += 1
        row.save(update_fields=["attempts"])
    # Raised after the block so that the wrong attempt stays counted.
    left = MAX_ATTEMPTS - row.attempts
    if left <= 0:
        raise VerificationError(_locked_message())
    raise VerificationError(_("Mã xác minh không đúng; còn %(n)s lần nhập.") % {"n": left})


def proven_by_identity_provider(user: User, claims) -> None:
    """The VNeID login's side (``portal.identity.views.callback``): the account is proven, and the
    applicant record takes the provider's name and contact details, keeping what it had before in
    its history. A password set while the ID was not proven was set by someone who never showed the
    ID: it stops working (that person may not have been the ID's holder)."""
    from motcua.org.services import record_verified_details

    if not is_proven(user):
        updates = ["full_name"]
        user.full_name = claims.name or user.full_name
        if user.has_usable_password():
            user.set_unusable_password()
            updates.append("password")
        user.save(update_fields=updates)
    prove(user, IdentityProof.Method.VNEID)
    if not claims.personal_id:
        return
    try:
        record_verified_details(
            kind=Applicant.Kind.INDIVIDUAL,
            identifier=claims.personal_id,
            details={"name": claims.name, "phone": claims.phone, "email": getattr(claims, "email", "")},
            source=ApplicantChange.Source.VNEID,
            by=user,
        )
    except ValidationError:  # a claim the record cannot hold (no name): the login still stands
        return


def _locked_message() -> str:
    return _(
        "Đã nhập sai mã xác minh %(n)s lần: việc xác minh bằng mã bị khóa trong 24 giờ. "
        "Bạn vẫn có thể xác minh ngay bằng cách đăng nhập VNeID."
    ) % {"n": MAX_ATTEMPTS}


def _vneid_only() -> str:
    return _(
        "Chưa có số điện thoại hay thư điện tử nào được ghi nhận cho số định danh này, nên chỉ có thể "
        "xác minh bằng cách đăng nhập VNeID."
    )


# ------------------------------------------------------------------------------ the page


@login_required(login_url="portal_login")
def verify(request):
    """The citizen's page "Xác minh số định danh": status, send a code, enter it; once proven,
    the contact details on record, which the proven citizen may correct."""
    identifier = account_identifier(request.user)
    if not identifier:
        raise Http404(_("Tài khoản này không phải tài khoản công dân, doanh nghiệp."))
    if request.method == "POST":
        _act(request)
        return redirect("portal_verify")
    proof = proof_of(request.user)
    applicant = Applicant.objects.filter(identifier=identifier).first()
    return render(
        request,
        "portal/verify.html",
        {
            "identifier": identifier,
            "proof": proof,
            "contacts": [] if proof else contacts_on_record(identifier),
            "pending": None if proof else pending_code(request.user),
            "locked_until": None if proof else locked_until(request.user),
            "vneid_only": _vneid_only(),
            "vneid_url": _vneid_url(),
            "applicant": applicant if proof else None,
            "ttl_minutes": int(CODE_TTL.total_seconds() // 60),
        },
    )


def _act(request) -> None:
    action = request.POST.get("hanh_dong", "")
    try:
        if action == "gui":
            row = send_code(request.user, request.POST.get("kenh", ""))
            messages.success(request, _("Đã gửi mã xác minh tới %(to)s.") % {"to": row.sent_to})
        elif action == "nhap":
            check_code(request.user, request.POST.get("ma", ""))
            messages.success(
                request, _("Đã xác minh số định danh. Bạn xem được mọi hồ sơ của số định danh này.")
            )
        elif action == "lien_he":
            _update_contact(request)
        else:
            messages.error(request, _("Thao tác không hợp lệ."))
    except VerificationError as exc:
        messages.error(request, exc.message)


def _update_contact(request) -> None:
    """The proven citizen corrects the contact details on record (kept in the record's history)."""
    from django.core.validators import validate_email

    from motcua.integrations.notifications import sms
    from motcua.org.services import record_verified_details

    if not is_proven(request.user):
        raise VerificationError(_("Cần xác minh số định danh trước khi cập nhật thông tin liên hệ."))
    phone = (request.POST.get("dien_thoai") or "").strip()
    email = (request.POST.get("email") or "").strip()
    address = (request.POST.get("dia_chi") or "").strip()[:255]
    try:
        phone = sms.normalize_phone(phone) if phone else ""
        if email:
            validate_email(email)
    except sms.InvalidPhone as exc:
        raise VerificationError(str(exc)) from None
    except ValidationError:
        raise VerificationError(_("Địa chỉ thư điện tử không hợp lệ.")) from None
    user = request.user
    record_verified_details(
        kind=Applicant.Kind.ENTERPRISE if user.enterprise_code else Applicant.Kind.INDIVIDUAL,
        identifier=account_identifier(user),
        details={"name": user.full_name or user.username, "phone": phone, "email": email, "address": address},
        source=ApplicantChange.Source.CITIZEN,
        by=user,
        keep_name=True,
    )
    messages.success(request, _("Đã cập nhật thông tin liên hệ."))


def _vneid_url() -> str:
    from django.urls import reverse

    from .identity.base import provider_path

    return reverse("portal_oidc_start") if provider_path() else ""
