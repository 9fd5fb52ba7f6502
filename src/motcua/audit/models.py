"""Nhật ký truy cập dữ liệu cá nhân: one append-only row per read of a citizen's personal data."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise RuntimeError("PersonalDataAccess is append-only")

    def delete(self):
        raise RuntimeError("PersonalDataAccess is append-only")


class PersonalDataAccess(models.Model):
    """Lượt truy cập dữ liệu cá nhân: who read which person's data, when, what, from where.

    Written by ``reads.record_read`` (the officer's dossier page, its files and forms, the API,
    the applicant lookup at the desk). The dossier and the person are kept as values (id, code,
    personal ID), not foreign keys: the row is one INSERT that loads nothing, and it reads the
    same in ten years.
    """

    class What(models.TextChoices):
        DOSSIER_PAGE = "dossier_page", _("Trang hồ sơ")
        FILE = "file", _("Tệp của hồ sơ")
        FORM = "form", _("Biểu mẫu in")
        API = "api", _("Hồ sơ qua API")
        APPLICANT_LOOKUP = "applicant_lookup", _("Tra cứu người nộp tại Bộ phận Một cửa")

    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # an account that read personal data is deactivated, never deleted
        related_name="+",
        verbose_name=_("người truy cập"),
    )
    actor_name = models.CharField(_("tài khoản"), max_length=150)
    agency = models.ForeignKey(
        "org.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("tại cơ quan"),
        help_text=_("cơ quan mà cán bộ đang làm việc cho, khi biết (tra cứu tại quầy)"),
    )
    what = models.CharField(_("nội dung truy cập"), max_length=32, choices=What.choices)
    dossier_id = models.BigIntegerField(_("hồ sơ (id)"), null=True, blank=True)
    dossier_code = models.CharField(_("mã hồ sơ"), max_length=64, blank=True)
    subject = models.CharField(
        _("số định danh chủ dữ liệu"),
        max_length=32,
        blank=True,
        help_text=_("số định danh cá nhân hoặc mã số của chủ hồ sơ"),
    )
    detail = models.CharField(_("chi tiết"), max_length=255, blank=True, help_text=_("tên tệp, số mẫu"))
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("lượt truy cập dữ liệu cá nhân")
        verbose_name_plural = _("nhật ký truy cập dữ liệu cá nhân")
        ordering = ["-at", "-id"]
        # The page lists newest first and looks up one person or one dossier; nothing else reads.
        indexes = [
            models.Index(fields=["at"], name="audit_access_at"),
            models.Index(fields=["subject", "at"], name="audit_access_subject"),
            models.Index(fields=["dossier_code", "at"], name="audit_access_dossier"),
        ]

    def __str__(self) -> str:
        whose = self.dossier_code or self.subject
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.get_what_display()} {whose}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("PersonalDataAccess is append-only")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("PersonalDataAccess is append-only")
