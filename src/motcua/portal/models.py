"""What a citizen prepares before a dossier exists: drafts of online submissions and their files."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def draft_upload_to(instance: "DraftFile", filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"drafts/{instance.submission_id}/{uuid.uuid4().hex}.{ext}"


class Submission(models.Model):
    """Hồ sơ nộp trực tuyến: a draft until submitted, then the link to the dossier it became."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã nộp")

    class Delivery(models.TextChoices):
        DESK = "desk", _("Nhận tại Bộ phận Một cửa")
        POST = "post", _("Nhận qua bưu chính công ích")
        ELECTRONIC = "electronic", _("Nhận bản điện tử (đã ký số) trên Cổng")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions")
    procedure = models.ForeignKey("catalog.Procedure", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    form_data = models.JSONField(_("nội dung tờ khai"), default=dict, blank=True)
    delivery = models.CharField(
        _("hình thức nhận kết quả"), max_length=16, choices=Delivery.choices, default="desk"
    )
    delivery_address = models.CharField(_("địa chỉ nhận qua bưu chính"), max_length=300, blank=True)
    reuse = models.JSONField(
        _("kết quả tái sử dụng"), default=dict, blank=True, help_text=_("{thành phần: tệp kết quả}")
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.DRAFT)
    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.PROTECT, null=True, blank=True, related_name="submission"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ nộp trực tuyến")
        verbose_name_plural = _("hồ sơ nộp trực tuyến")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"{self.procedure_id} / {self.user_id} ({self.state})"


class DraftFile(models.Model):
    """A scan uploaded to a draft, already checked; it becomes a dossier file at submission."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    component_id = models.PositiveIntegerField()
    file = models.FileField(upload_to=draft_upload_to)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["component_id", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class SupplementReply(models.Model):
    """Hồ sơ bổ sung nộp trực tuyến: the applicant's answer to a supplement request, with files.

    The desk officer then records "Tiếp nhận hồ sơ bổ sung" (the write path), which resumes the clock.
    """

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="supplement_replies"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("nội dung bổ sung"), blank=True)
    files = models.JSONField(_("tệp đã nộp"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hồ sơ bổ sung nộp trực tuyến")
        verbose_name_plural = _("hồ sơ bổ sung nộp trực tuyến")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.created_at:%d/%m/%Y}"


class IdentityProof(models.Model):
    """Xác minh số định danh: the account's personal ID / enterprise code is proven to belong to the
    person using it — by a VNeID login, or by a one-time code sent to the phone or e-mail already on
    record for that identifier. Until then the account sees only the dossiers it submitted itself
    (issue 14, item 4)."""

    class Method(models.TextChoices):
        VNEID = "vneid", _("Đăng nhập bằng tài khoản định danh điện tử VNeID")
        CODE = "code", _("Mã xác minh gửi tới số điện thoại / thư điện tử đã đăng ký")
        DEMO = "demo", _("Tài khoản trình diễn")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identity_proof"
    )
    # The identifier that was proven: an account whose identifier is later changed is not proven.
    identifier = models.CharField(_("số định danh / mã số đã xác minh"), max_length=32)
    method = models.CharField(_("cách xác minh"), max_length=16, choices=Method.choices)
    proven_at = models.DateTimeField(_("thời điểm xác minh"))

    class Meta:
        verbose_name = _("xác minh số định danh")
        verbose_name_plural = _("xác minh số định danh")

    def __str__(self) -> str:
        return f"{self.identifier} ({self.get_method_display()})"


class VerificationCode(models.Model):
    """Mã xác minh một lần: only its keyed hash is kept; it expires and allows a few attempts."""

    class Channel(models.TextChoices):
        SMS = "sms", _("Tin nhắn")
        EMAIL = "email", _("Thư điện tử")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    identifier = models.CharField(max_length=32)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    sent_to = models.CharField(_("gửi tới (đã che)"), max_length=120)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(_("số lần nhập sai"), default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã xác minh")
        verbose_name_plural = _("mã xác minh")
        indexes = [models.Index(fields=["user", "created_at"], name="verification_code_user")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.sent_to}"
