"""The published catalogue: fields, procedures and their dated versions (domain §3)."""

from datetime import date, time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.calendar.core import LimitUnit

from ..text import format_number, search_key

UNIT_LABELS = {
    LimitUnit("working_days"): _("Ngày làm việc"),
    LimitUnit("working_hours"): _("Giờ làm việc"),
    LimitUnit("same_day"): _("Trong ngày làm việc"),
    LimitUnit("calendar_days"): _("Ngày (theo lịch)"),
}
# How a quantity in that unit is written in a sentence ("15 ngày làm việc").
UNIT_WORDS = {
    LimitUnit("working_days"): _("ngày làm việc"),
    LimitUnit("working_hours"): _("giờ làm việc"),
    LimitUnit("same_day"): _("ngày làm việc"),
    LimitUnit("calendar_days"): _("ngày"),
}
TIME_LIMIT_UNIT_CHOICES = [(unit.value, label) for unit, label in UNIT_LABELS.items()]


def unit_word(unit: str) -> str:
    try:
        return str(UNIT_WORDS[LimitUnit(unit)])
    except ValueError:
        return unit


class Field(models.Model):
    """Lĩnh vực: the subject area a procedure belongs to (Hộ tịch, Chứng thực, Đất đai…)."""

    code = models.SlugField(_("mã lĩnh vực"), max_length=64, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=255, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """Thủ tục hành chính (TTHC): the stable identity; what may change by decision is versioned."""

    code = models.CharField(
        _("mã thủ tục"),
        max_length=64,
        blank=True,
        help_text=_(
            "mã quốc gia dạng 1.001193 hoặc mã địa phương 1.001612.000.00.00.H48; để trống nếu "
            "nguồn chưa công bố"
        ),
    )
    name = models.CharField(_("tên thủ tục"), max_length=1000)
    alt_name = models.CharField(
        _("tên gọi khác"),
        max_length=1000,
        blank=True,
        help_text=_("cách ghi khác thấy trên Cổng DVCQG"),
    )
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("lĩnh vực")
    )
    level = models.ForeignKey(
        "org.UnitLevel",
        on_delete=models.PROTECT,
        related_name="procedures",
        verbose_name=_("cấp thực hiện"),
    )
    level_before_2025 = models.ForeignKey(
        "org.UnitLevel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cấp thực hiện trước 01/7/2025"),
    )
    for_individuals = models.BooleanField(_("đối tượng là cá nhân"), default=False)
    for_organisations = models.BooleanField(_("đối tượng là tổ chức"), default=False)
    subjects = models.TextField(_("đối tượng thực hiện"), blank=True)
    implementing_agency_text = models.TextField(_("cơ quan thực hiện"), blank=True)
    source_id = models.CharField(
        _("mã nguồn nhập"),
        max_length=200,
        blank=True,
        help_text=_("định danh bản ghi trong tệp danh mục, dùng để nhập lại không trùng lặp"),
    )
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["code", "name"]
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="catalog_procedure_code_unique"
            ),
            models.UniqueConstraint(
                fields=["source_id"],
                condition=~Q(source_id=""),
                name="catalog_procedure_source_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}" if self.code else self.name

    def save(self, *args, **kwargs) -> None:
        self.search_text = search_key(" ".join([self.code, self.name, self.alt_name]))
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class VersionQuerySet(models.QuerySet):
    def published(self) -> "VersionQuerySet":
        return self.filter(status=ProcedureVersion.Status.PUBLISHED)

    def in_force(self, on: date) -> "VersionQuerySet":
        """Published versions whose validity (ends inclusive, open when empty) covers ``on``."""
        return self.published().filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
        )


class ProcedureVersion(models.Model):
    """Phiên bản thủ tục: the content of a procedure as published by one decision, for a period.

    A dossier keeps the version it was received under, so a published version is never
    rewritten by a later decision: the later decision is a new version.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        PUBLISHED = "published", _("Đã công bố")
        RETIRED = "retired", _("Đã thu hồi")

    class OnlineLevel(models.TextChoices):
        FULL = "toan_trinh", _("Toàn trình")
        PARTIAL = "mot_phan", _("Một phần")
        __empty__ = _("Chưa cung cấp trực tuyến")

    class LegacyLevel(models.IntegerChoices):
        LEVEL_1 = 1, _("Mức độ 1")
        LEVEL_2 = 2, _("Mức độ 2")
        LEVEL_3 = 3, _("Mức độ 3")
        LEVEL_4 = 4, _("Mức độ 4")

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="versions", verbose_name=_("thủ tục")
    )
    number = models.PositiveIntegerField(_("số phiên bản"), default=1)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    valid_from = models.DateField(
        _("hiệu lực từ ngày"),
        null=True,
        blank=True,
        help_text=_("để trống nếu nguồn không ghi ngày có hiệu lực"),
    )
    valid_to = models.DateField(_("hiệu lực đến hết ngày"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định công bố"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định công bố"), null=True, blank=True)
    time_limit = models.DecimalField(
        _("thời hạn giải quyết"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("để trống khi văn bản không quy định hoặc chưa xác nhận được"),
    )
    time_limit_unit = models.CharField(
        _("đơn vị thời hạn"), max_length=16, blank=True, choices=TIME_LIMIT_UNIT_CHOICES
    )
    time_limit_text = models.TextField(_("thời hạn theo văn bản công bố"), blank=True)
    same_day_cutoff = models.TimeField(
        _("giờ chốt trả trong ngày"),
        default=time(15, 0),
        help_text=_("hồ sơ nhận sau giờ này được trả trong ngày làm việc tiếp theo"),
    )
    online_level = models.CharField(
        _("mức độ trực tuyến"), max_length=16, blank=True, choices=OnlineLevel.choices
    )
    legacy_level = models.PositiveSmallIntegerField(
        _("mức độ DVC theo Nghị định 43/2011"),
        null=True,
        blank=True,
        choices=LegacyLevel.choices,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    postal = models.BooleanField(_("tiếp nhận, trả kết quả qua bưu chính"), default=False)
    inter_agency = models.BooleanField(_("liên thông"), default=False)
    boundary_free = models.BooleanField(_("tiếp nhận phi địa giới"), default=False)
    paper_result = models.BooleanField(_("kết quả là văn bản giấy"), default=False)
    max_supplements = models.PositiveSmallIntegerField(
        _("số lần yêu cầu bổ sung tối đa"),
        default=1,
        help_text=_("mặc định một lần cho mỗi cơ quan; quá số này hồ sơ bị tính trễ hạn"),
    )
    # Decree 118/2025 Art. 19.5: 3 working days unless sector law says otherwise; empty = the
    # dossier's rule set decides (dossiers.rules).
    supplement_window_working_days = models.PositiveSmallIntegerField(
        _("thời hạn yêu cầu bổ sung sau thẩm định (ngày làm việc)"),
        null=True,
        blank=True,
        help_text=_("để trống: theo quy định chung (03 ngày làm việc kể từ ngày tiếp nhận theo NĐ 118/2025)"),
    )
    # Decree 118/2025 Art. 17.2.c: 8 working hours «hoặc theo thời hạn được quy định tại pháp luật
    # chuyên ngành»; empty = MOTCUA_ONLINE_CHECK_HOURS.
    online_check_hours = models.PositiveSmallIntegerField(
        _("thời hạn xử lý hồ sơ trực tuyến chờ tiếp nhận (giờ làm việc)"),
        null=True,
        blank=True,
        help_text=_("để trống: 08 giờ làm việc kể từ khi hồ sơ đến (NĐ 118/2025 Điều 17.2)"),
    )
    pause_on_financial_obligation = models.BooleanField(
        _("dừng tính thời gian khi chờ thực hiện nghĩa vụ tài chính"),
        default=False,
    )
    steps_text = models.TextField(_("trình tự thực hiện"), blank=True)
    conditions = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    result_document = models.TextField(_("kết quả thực hiện"), blank=True)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True, help_text=_("mỗi văn bản một dòng"))
    unverified_fields = models.JSONField(
        _("thông tin chưa xác minh"),
        default=list,
        blank=True,
        help_text=_("các trường nguồn chưa công bố hoặc chỉ xác nhận được một phần"),
    )
    sources = models.JSONField(_("nguồn"), default=list, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    form_fields = models.JSONField(
        _("trường của tờ khai điện tử"),
        default=list,
        blank=True,
        help_text=_(
            'danh sách {"name", "label", "type": text|date|number|select|textarea, "required", "choices"}; '
            "để trống: tờ khai chỉ có nội dung đề nghị"
        ),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["procedure", "number"]
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="catalog_version_number_unique"),
        ]

    def __str__(self) -> str:
        return gettext("%(procedure)s — phiên bản %(number)s") % {
            "procedure": self.procedure,
            "number": self.number,
        }

    def online_level_label(self) -> str:
        """The label also for the empty value, which Django's get_FOO_display leaves blank."""
        return str(
            self.OnlineLevel(self.online_level).label if self.online_level else self.OnlineLevel.__empty__
        )

    def is_fully_online(self) -> bool:
        return self.online_level == self.OnlineLevel.FULL

    def has_fees(self) -> bool:
        """True when the applicant may have to pay: a positive amount, or one set locally."""
        return any(line.amount_vnd is None or line.amount_vnd > 0 for line in self.fees.all())

    def has_confirmed_time_limit(self) -> bool:
        return self.time_limit is not None and bool(self.time_limit_unit)

    def time_limit_display(self) -> str:
        if self.time_limit_unit == LimitUnit("same_day"):
            return gettext(
                "Trong ngày làm việc (nhận sau %(cutoff)s thì trả trong ngày làm việc tiếp theo)"
            ) % {
                "cutoff": self.same_day_cutoff.strftime("%H:%M"),
            }
        if self.time_limit is None:
            return gettext("Chưa xác nhận")
        return f"{format_number(self.time_limit)} {unit_word(self.time_limit_unit)}"

    def covers(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors.setdefault("valid_to", []).append(
                gettext("Ngày hết hiệu lực phải sau hoặc trùng ngày có hiệu lực.")
            )
        for field, messages in self._time_limit_errors().items():
            errors.setdefault(field, []).extend(messages)
        if errors:
            raise ValidationError(errors)
        if self.status == self.Status.PUBLISHED and self.procedure_id:
            from ..validation import validate_no_overlap

            validate_no_overlap(self)

    def _time_limit_errors(self) -> dict[str, list[str]]:
        limit, unit = self.time_limit, self.time_limit_unit
        if limit is None:
            return {}
        if not unit:
            return {"time_limit_unit": [gettext("Cần chọn đơn vị cho thời hạn giải quyết.")]}
        if limit <= 0:
            return {"time_limit": [gettext("Thời hạn giải quyết phải lớn hơn 0.")]}
        # The calendar service counts whole days and hours; fractions exist only in step budgets.
        if limit != limit.to_integral_value():
            return {"time_limit": [gettext("Thời hạn giải quyết phải là số nguyên.")]}
        if unit == LimitUnit("same_day") and limit != Decimal(1):
            return {"time_limit": [gettext("Thời hạn trả trong ngày được ghi là 1 ngày làm việc.")]}
        return {}
