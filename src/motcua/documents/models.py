"""Files of a dossier: scans of submitted components, signed results, other attachments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def upload_to(instance: "DossierFile", filename: str) -> str:
    """``dossiers/<dossier_id>/<uuid>.<ext>``: the stored name never carries the citizen's file name."""
    return f"dossiers/{instance.dossier_id}/{filename}"


class DossierFile(models.Model):
    """Tệp hồ sơ: one stored version of a file attached to a dossier.

    A new file for the same component (or a new result) supersedes the current one; old versions
    are kept, so what was received and what was signed can always be shown again.
    """

    class Kind(models.TextChoices):
        COMPONENT = "component", _("Bản số hóa thành phần hồ sơ")
        RESULT = "result", _("Kết quả giải quyết")
        OTHER = "other", _("Tệp khác")

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="files", verbose_name=_("hồ sơ")
    )
    kind = models.CharField(_("loại tệp"), max_length=16, choices=Kind.choices)
    component_code = models.CharField(
        _("mã thành phần"),
        max_length=32,
        blank=True,
        help_text=_("component_id của thành phần trong danh sách thành phần hồ sơ"),
    )
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, db_index=True)
    file = models.FileField(_("tệp lưu trữ"), upload_to=upload_to, max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), default=timezone.now)
    signed = models.BooleanField(_("có chữ ký số"), default=False)
    signature = models.JSONField(
        _("thông tin chữ ký số"),
        default=dict,
        blank=True,
        help_text=_("người ký, thời điểm ký, kết quả kiểm tra (hợp lệ, nguyên vẹn, tin cậy)"),
    )
    is_current = models.BooleanField(_("là bản hiện hành"), default=True)
    superseded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("được thay bằng"),
    )

    class Meta:
        verbose_name = _("tệp hồ sơ")
        verbose_name_plural = _("tệp hồ sơ")
        ordering = ["dossier", "kind", "component_code", "-uploaded_at", "-id"]
        indexes = [models.Index(fields=["dossier", "kind", "is_current"], name="dossierfile_current")]
        constraints = [
            # One current version per component and one current result; "other" files stand alone.
            models.UniqueConstraint(
                fields=["dossier", "kind", "component_code"],
                condition=Q(is_current=True) & ~Q(kind="other"),
                name="dossierfile_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}/{self.kind}/{self.original_name}"

    def read(self) -> bytes:
        with self.file.open("rb") as handle:
            return handle.read()
