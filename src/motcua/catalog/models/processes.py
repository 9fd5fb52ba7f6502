"""Internal processes (quy trình nội bộ): per procedure and agency, steps with time budgets."""

from datetime import date

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.org.models import Role

from .procedures import Procedure, ProcedureVersion


class ProcessTemplate(models.Model):
    """Quy trình nội bộ giải quyết TTHC of one agency; steps are data edited by administrators."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="processes", verbose_name=_("thủ tục")
    )
    agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="processes", verbose_name=_("cơ quan")
    )
    name = models.CharField(_("tên quy trình"), max_length=500)
    active = models.BooleanField(_("đang áp dụng"), default=True)
    valid_from = models.DateField(_("áp dụng từ ngày"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    # Set by callers that validate a new list of steps themselves (admin formset, save_process):
    # the saved steps are about to be replaced, so checking them here would be checking old data.
    steps_checked_separately = False

    class Meta:
        ordering = ["procedure", "agency", "-valid_from"]
        verbose_name = _("quy trình nội bộ")
        verbose_name_plural = _("quy trình nội bộ")

    def __str__(self) -> str:
        return self.name

    def reference_date(self) -> date:
        return self.valid_from or timezone.localdate()

    def reference_version(self) -> ProcedureVersion | None:
        """The version whose time limit the budgets must add up to."""
        if not self.procedure_id:
            return None
        return (
            ProcedureVersion.objects.in_force(self.reference_date())
            .filter(procedure_id=self.procedure_id)
            .order_by(models.F("valid_from").desc(nulls_last=True))
            .first()
        )

    def clean(self) -> None:
        from ..validation import validate_process, validate_version_accepts_process

        if not self.procedure_id:
            return
        version = self.reference_version()
        if self.steps_checked_separately or not self.pk:
            validate_version_accepts_process(version, self.procedure)
        else:
            validate_process(self, version)


class ProcessStep(models.Model):
    """Bước xử lý: who does what, in which agency, within how much of the time limit."""

    template = models.ForeignKey(
        ProcessTemplate, on_delete=models.CASCADE, related_name="steps", verbose_name=_("quy trình")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("nội dung bước"), max_length=500)
    role = models.CharField(_("vai trò thực hiện"), max_length=32, choices=Role.choices)
    agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan thực hiện"),
        help_text=_("để trống nếu là cơ quan của quy trình; cơ quan khác = chuyển liên thông"),
    )
    budget = models.DecimalField(
        _("thời gian"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("tính theo đơn vị thời hạn của thủ tục, ví dụ 0,5 ngày làm việc"),
    )

    class Meta:
        ordering = ["template", "order"]
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("bước xử lý")
        constraints = [
            models.UniqueConstraint(fields=["template", "order"], name="catalog_step_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    def is_hand_off(self) -> bool:
        return self.agency_id is not None and self.agency_id != self.template.agency_id
