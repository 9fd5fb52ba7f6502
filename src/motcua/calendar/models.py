from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from .services import override_changed


class CalendarOverride(models.Model):
    """Ngày điều chỉnh lịch làm việc: a day off or a working day decided on top of the holidays.

    Covers the yearly swaps announced for civil servants (e.g. 2025: Friday 2/5 off, Saturday 26/4
    worked) and the days whose legal status is unconfirmed (24/11, Vietnam Culture Day). ``scope``
    is blank for every agency or the identifier code (mã định danh) of one agency; it is kept as an
    opaque string so that the calendar does not depend on the organisation app.
    """

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ bổ sung")
        WORKING_DAY = "working_day", _("Ngày làm việc bù")

    date = models.DateField(_("ngày"))
    kind = models.CharField(_("loại điều chỉnh"), max_length=16, choices=Kind.choices)
    scope = models.CharField(
        _("phạm vi áp dụng"),
        max_length=64,
        blank=True,
        default="",
        help_text=_("Để trống nếu áp dụng cho mọi cơ quan; nếu không, ghi mã định danh của cơ quan."),
    )
    reason = models.TextField(
        _("căn cứ, lý do"),
        help_text=_("Ví dụ: văn bản quyết định, như “Thông báo 6150/TB-LĐTBXH”."),
    )
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("ngày điều chỉnh lịch làm việc")
        verbose_name_plural = _("ngày điều chỉnh lịch làm việc")
        ordering = ["date", "scope"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "scope"],
                name="calendar_override_unique_date_scope",
                violation_error_message=_("Ngày này đã có điều chỉnh cho cùng phạm vi áp dụng."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["day_off", "working_day"]),
                name="calendar_override_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        where = self.scope or _("mọi cơ quan")
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()} ({where})"

    def clean(self) -> None:
        self.scope = (self.scope or "").strip()
        if self.date is None:
            return
        clash = CalendarOverride.objects.filter(date=self.date, scope=self.scope).exclude(pk=self.pk).first()
        if clash is not None and clash.kind != self.kind:
            raise ValidationError(
                {
                    "kind": _(
                        "Mâu thuẫn với điều chỉnh đã có ngày %(date)s cho cùng phạm vi: "
                        "%(other)s. Hãy sửa hoặc xóa điều chỉnh đó."
                    )
                    % {"date": f"{self.date:%d/%m/%Y}", "other": clash.get_kind_display()}
                }
            )


# Connected here rather than in AppConfig.ready so that the cache can never miss a change.
post_save.connect(override_changed, sender=CalendarOverride, dispatch_uid="calendar_override_saved")
post_delete.connect(override_changed, sender=CalendarOverride, dispatch_uid="calendar_override_deleted")
