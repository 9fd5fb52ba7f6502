"""What a version asks of the applicant: fees and charges, and the papers of the dossier."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..text import format_vnd
from .procedures import ProcedureVersion


class FeeLine(models.Model):
    """Phí, lệ phí: one charge of a version. A missing amount means the province sets it."""

    class Kind(models.TextChoices):
        FEE = "phi", _("Phí")
        CHARGE = "le_phi", _("Lệ phí")
        UNSPECIFIED = "phi_le_phi", _("Phí, lệ phí (nguồn không phân loại)")

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="fees", verbose_name=_("phiên bản")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.UNSPECIFIED)
    name = models.TextField(_("tên khoản thu"))
    amount_vnd = models.PositiveBigIntegerField(
        _("mức thu (đồng)"),
        null=True,
        blank=True,
        help_text=_("0 = miễn; để trống = do HĐND tỉnh quy định"),
    )
    amount_text = models.CharField(
        _("mức thu khác"),
        max_length=200,
        blank=True,
        help_text=_("mức thu không tính bằng đồng, ví dụ 10 USD/bản"),
    )
    unit = models.CharField(_("đơn vị tính"), max_length=100, blank=True)
    basis = models.TextField(_("căn cứ"), blank=True)
    exemptions = models.TextField(_("miễn, giảm"), blank=True)
    examples = models.JSONField(_("ví dụ mức thu địa phương"), default=list, blank=True)

    class Meta:
        ordering = ["version", "order", "pk"]
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")

    def __str__(self) -> str:
        return f"{self.name}: {self.amount_display()}"

    def amount_display(self) -> str:
        if self.amount_vnd is None:
            return self.amount_text or gettext("do HĐND tỉnh quy định")
        if self.amount_vnd == 0:
            return gettext("Miễn")
        text = format_vnd(self.amount_vnd)
        return f"{text}/{self.unit}" if self.unit else text


class Component(models.Model):
    """Thành phần hồ sơ: one paper of the dossier, with its copy type and count."""

    class CopyType(models.TextChoices):
        ORIGINAL = "ban_chinh", _("Bản chính")
        CERTIFIED_COPY = "ban_sao_chung_thuc", _("Bản sao có chứng thực")
        COPY = "ban_sao", _("Bản sao")
        PHOTOCOPY = "ban_chup", _("Bản chụp")
        OTHER = "khac", _("Khác")
        __empty__ = _("Nguồn không ghi")

    class Mode(models.TextChoices):
        SUBMIT = "nop", _("Nộp")
        PRESENT = "xuat_trinh", _("Xuất trình")

    version = models.ForeignKey(
        ProcedureVersion,
        on_delete=models.CASCADE,
        related_name="components",
        verbose_name=_("phiên bản"),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.TextField(_("tên giấy tờ"))
    copy_type = models.CharField(_("loại bản"), max_length=32, blank=True, choices=CopyType.choices)
    copy_type_text = models.CharField(
        _("loại bản theo văn bản"),
        max_length=200,
        blank=True,
        help_text=_("cách ghi trong nguồn, ví dụ 'bản chính hoặc bản sao có chứng thực'"),
    )
    count = models.PositiveSmallIntegerField(
        _("số lượng"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    mode = models.CharField(_("hình thức"), max_length=16, choices=Mode.choices, default=Mode.SUBMIT)
    condition = models.TextField(
        _("trường hợp phải có"), blank=True, help_text=_("để trống nếu luôn phải có")
    )
    required = models.BooleanField(_("bắt buộc"), default=True, editable=False)
    form_template = models.CharField(_("mẫu đơn, tờ khai"), max_length=500, blank=True)

    class Meta:
        ordering = ["version", "order", "pk"]
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # Required is derived: a component listed without a condition is always required.
        self.required = not self.condition.strip()
        super().save(*args, **kwargs)

    def copy_type_label(self) -> str:
        if not self.copy_type:
            return str(self.CopyType.__empty__)
        return str(self.CopyType(self.copy_type).label)
