"""Giao dịch thanh toán: one attempt to pay the fees of a dossier, online, at the desk or by post."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.text import format_vnd

# A payment covers the whole quote of the dossier's version; a second kind of charge (a fee
# collected at a later step, for instance) would use another key.
DOSSIER_FEES = "ho-so"


class Payment(models.Model):
    """Giao dịch thanh toán phí, lệ phí of a dossier."""

    class Method(models.TextChoices):
        ONLINE = "online", _("Trực tuyến")
        CASH = "cash", _("Tiền mặt tại Bộ phận Một cửa")
        POST = "post", _("Qua dịch vụ bưu chính")

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ thanh toán")
        PAID = "paid", _("Đã thanh toán")
        FAILED = "failed", _("Thất bại")
        CANCELLED = "cancelled", _("Đã hủy")
        EXPIRED = "expired", _("Hết hạn")

    class Anomaly(models.TextChoices):
        NONE = "", _("Không")
        AMOUNT = "amount", _("Số tiền báo về không khớp")
        DUPLICATE = "duplicate", _("Thanh toán trùng, cần hoàn tiền")

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="payments", verbose_name=_("hồ sơ")
    )
    agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("cơ quan thu"),
        help_text=_("cơ quan tiếp nhận hồ sơ, nơi cấp biên lai"),
    )
    fee_key = models.CharField(_("khoản thu"), max_length=32, default=DOSSIER_FEES)
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    lines = models.JSONField(_("các khoản phí, lệ phí"), default=list, blank=True)
    method = models.CharField(_("hình thức"), max_length=16, choices=Method.choices)
    provider = models.CharField(_("cổng thanh toán"), max_length=32, blank=True)
    reference = models.CharField(_("mã giao dịch của hệ thống"), max_length=32, unique=True)
    provider_txn = models.CharField(_("mã giao dịch của cổng thanh toán"), max_length=64, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=State.choices, default=State.PENDING, db_index=True
    )
    anomaly = models.CharField(_("bất thường"), max_length=16, choices=Anomaly.choices, blank=True)
    payer_name = models.CharField(_("người nộp tiền"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cán bộ thu"),
    )
    callback_data = models.JSONField(_("dữ liệu cổng thanh toán báo về"), default=dict, blank=True)
    receipt_year = models.PositiveSmallIntegerField(_("năm biên lai"), null=True, blank=True)
    receipt_number = models.PositiveIntegerField(_("số biên lai"), null=True, blank=True)
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)
    paid_at = models.DateTimeField(_("thời điểm thanh toán"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("giao dịch thanh toán")
        verbose_name_plural = _("giao dịch thanh toán")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "paid_at"], name="payment_agency_paid"),
            models.Index(fields=["agency", "created_at"], name="payment_agency_created"),
        ]
        constraints = [
            # At most one settled payment per charge of a dossier: a second one is a refund case.
            models.UniqueConstraint(
                fields=["dossier", "fee_key"], condition=Q(state="paid"), name="payment_one_paid_per_fee"
            ),
            models.UniqueConstraint(
                fields=["agency", "receipt_year", "receipt_number"], name="payment_receipt_number"
            ),
            models.UniqueConstraint(
                fields=["provider", "provider_txn"],
                condition=~Q(provider_txn=""),
                name="payment_provider_txn",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_state_display()})"

    @property
    def amount_display(self) -> str:
        return format_vnd(self.amount_vnd)

    @property
    def receipt_label(self) -> str:
        """Số biên lai as printed: seven digits and the year, "0000001/2026"."""
        if self.receipt_number is None:
            return ""
        return f"{self.receipt_number:07d}/{self.receipt_year}"

    @property
    def is_paid(self) -> bool:
        return self.state == self.State.PAID
