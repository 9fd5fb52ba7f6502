"""Facts behind the indicators (architecture rule 5) and the targets set by decisions.

``DailyFact`` holds integer counters per (day, receiving agency, procedure version); each
transition of a dossier adds to exactly the counters it changes, in the transaction of the
transition (``facts.py``). ``StepFact`` does the same per step of the internal process, for the
bottleneck report. Open dossiers are not facts: their lateness changes with the clock, so they
are counted live through the partial index ``dossier_open_due``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


def _counter(label: str):
    return models.PositiveBigIntegerField(label, default=0)


def _agency(label) -> models.ForeignKey:
    # Indexed by each fact table's (agency, day) index: no index of its own (one write less).
    return models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=label, db_index=False
    )


def _version() -> models.ForeignKey:
    return models.ForeignKey(
        "catalog.ProcedureVersion", on_delete=models.PROTECT, related_name="+", verbose_name=_("thủ tục")
    )


class Counters(models.Model):
    """The counters of a fact row (one column each), shared by the day and month tables."""

    submitted_online = _counter(_("nộp trực tuyến (chờ tiếp nhận)"))
    received_desk = _counter(_("tiếp nhận trực tiếp"))
    received_online = _counter(_("tiếp nhận trực tuyến"))
    received_post = _counter(_("tiếp nhận qua bưu chính"))
    received_online_assisted = _counter(_("trực tuyến có hỗ trợ"))
    received_reused = _counter(_("tiếp nhận có thành phần tái sử dụng từ kho dữ liệu"))
    refused_reception = _counter(_("từ chối tiếp nhận"))
    supplement_requests = _counter(_("yêu cầu bổ sung"))
    ended_early = _counter(_("kết thúc trước hạn"))
    ended_on_time = _counter(_("kết thúc đúng hạn"))
    ended_late = _counter(_("kết thúc quá hạn"))
    ended_result = _counter(_("kết thúc có kết quả"))
    refused = _counter(_("từ chối giải quyết"))
    withdrawn = _counter(_("rút hồ sơ"))
    stopped = _counter(_("dừng xử lý"))
    ended_digitised = _counter(_("kết thúc, thành phần đã số hóa"))
    ended_unsatisfied = _counter(_("kết thúc không quá hạn, bị đánh giá không hài lòng"))
    processing_seconds_sum = _counter(_("tổng thời gian xử lý (giây)"))
    processing_count = _counter(_("số hồ sơ tính thời gian xử lý"))
    returned = _counter(_("đã trả kết quả"))
    result_electronic = _counter(_("trả kết quả điện tử"))
    returned_digitised = _counter(_("trả kết quả, thành phần và kết quả số hóa"))
    steps_done = _counter(_("bước đã hoàn thành"))
    steps_over_budget = _counter(_("bước quá thời gian"))
    paid_total = _counter(_("đã thanh toán"))
    paid_online = _counter(_("thanh toán trực tuyến"))
    rated = _counter(_("lượt đánh giá"))
    rated_unsatisfied = _counter(_("đánh giá không hài lòng"))

    class Meta:
        abstract = True


class StepCounters(models.Model):
    """A step of an internal process and its counters, shared by the step day and month tables."""

    step_order = models.PositiveSmallIntegerField(_("thứ tự bước"))
    step_name = models.CharField(_("tên bước"), max_length=255, blank=True)
    steps_done = _counter(_("bước đã hoàn thành"))
    steps_over_budget = _counter(_("bước quá thời gian"))
    seconds_sum = _counter(_("tổng thời gian (giây)"))

    class Meta:
        abstract = True


class DailyFact(Counters):
    """Số liệu ngày: what happened to the dossiers of one agency and procedure version on one day.

    The day is the local (UTC+7) date of the moment counted: reception for ``received_*``, end
    of processing for ``ended_*`` (domain §4 rule 7), return for ``returned`` and
    ``result_electronic``, payment for ``paid_*``, rating for ``rated*``.
    """

    day = models.DateField(_("ngày"))
    agency = _agency(_("cơ quan tiếp nhận"))
    procedure_version = _version()

    class Meta:
        verbose_name = _("số liệu ngày")
        verbose_name_plural = _("số liệu ngày")
        constraints = [
            models.UniqueConstraint(fields=["day", "agency", "procedure_version"], name="dailyfact_key"),
        ]
        indexes = [models.Index(fields=["agency", "day"], name="dailyfact_agency_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.agency_id}/{self.procedure_version_id}"


class StepFact(StepCounters):
    """Số liệu bước: steps of the internal process finished on a day, and those over their budget."""

    day = models.DateField(_("ngày"))
    agency = _agency(_("cơ quan thực hiện bước"))
    procedure_version = _version()

    class Meta:
        verbose_name = _("số liệu bước xử lý")
        verbose_name_plural = _("số liệu bước xử lý")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agency", "procedure_version", "step_order"], name="stepfact_key"
            ),
        ]
        indexes = [models.Index(fields=["agency", "day"], name="stepfact_agency_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.agency_id}/{self.procedure_version_id}#{self.step_order}"


class MonthFact(Counters):
    """Số liệu tháng: the sum of a month's ``DailyFact`` rows, kept by the same upsert.

    ``day`` is the first day of the month. A yearly dashboard reads 12 rows per agency and
    version here instead of 365 (``rollup.py`` splits any period into whole months and the days
    around them)."""

    day = models.DateField(_("tháng (ngày đầu tháng)"))
    agency = _agency(_("cơ quan tiếp nhận"))
    procedure_version = _version()

    class Meta:
        verbose_name = _("số liệu tháng")
        verbose_name_plural = _("số liệu tháng")
        constraints = [
            models.UniqueConstraint(fields=["day", "agency", "procedure_version"], name="monthfact_key"),
        ]
        indexes = [models.Index(fields=["agency", "day"], name="monthfact_agency_day")]

    def __str__(self) -> str:
        return f"{self.day:%m/%Y} {self.agency_id}/{self.procedure_version_id}"


class StepMonthFact(StepCounters):
    """Số liệu bước theo tháng: the sum of a month's ``StepFact`` rows (``day`` = first day)."""

    day = models.DateField(_("tháng (ngày đầu tháng)"))
    agency = _agency(_("cơ quan thực hiện bước"))
    procedure_version = _version()

    class Meta:
        verbose_name = _("số liệu bước theo tháng")
        verbose_name_plural = _("số liệu bước theo tháng")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agency", "procedure_version", "step_order"], name="stepmonthfact_key"
            ),
        ]
        indexes = [models.Index(fields=["agency", "day"], name="stepmonthfact_agency_day")]

    def __str__(self) -> str:
        return f"{self.day:%m/%Y} {self.agency_id}/{self.procedure_version_id}#{self.step_order}"


KEY_FIELDS = ("day", "agency_id", "procedure_version_id")
COUNTERS: tuple[str, ...] = tuple(
    f.name for f in DailyFact._meta.concrete_fields if isinstance(f, models.PositiveBigIntegerField)
)
STEP_KEY_FIELDS = ("day", "agency_id", "procedure_version_id", "step_order")
STEP_COUNTERS = ("steps_done", "steps_over_budget", "seconds_sum")


class Target(models.Model):
    """Chỉ tiêu: a threshold set for a unit and period by a decision, compared live (domain §7).

    ``threshold`` is in the indicator's own measure (``Value.number``): a percentage for rates
    (95 = 95 %), points for scores, days for processing time.
    """

    class Comparison(models.TextChoices):
        AT_LEAST = ">=", _("không thấp hơn")
        AT_MOST = "<=", _("không cao hơn")

    unit = models.ForeignKey(
        "org.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name=_("đơn vị hành chính"),
    )
    indicator = models.CharField(_("chỉ số"), max_length=64)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    threshold = models.DecimalField(_("ngưỡng"), max_digits=12, decimal_places=2)
    comparison = models.CharField(
        _("so sánh"), max_length=2, choices=Comparison.choices, default=Comparison.AT_LEAST
    )
    decision_number = models.CharField(_("số văn bản giao chỉ tiêu"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["unit", "period_start", "indicator"]

    def __str__(self) -> str:
        return f"{self.unit} {self.indicator} {self.comparison} {self.threshold}"
