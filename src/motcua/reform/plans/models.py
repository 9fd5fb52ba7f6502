"""Yearly reform plans, their tasks and the periodic reform reports of each unit (domain §10).

Rows are written only by ``plans.services``. Whether a task is overdue or was done late, and
whether a report was on time, late or is missing, is derived from dates — never stored.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")


class ReformArea(models.TextChoices):
    """The eight areas of the reform programme, as the province's index groups them."""

    DIRECTION = "direction", _("Công tác chỉ đạo, điều hành")
    INSTITUTIONS = "institutions", _("Cải cách thể chế")
    PROCEDURES = "procedures", _("Cải cách thủ tục hành chính")
    APPARATUS = "apparatus", _("Cải cách tổ chức bộ máy")
    CIVIL_SERVICE = "civil_service", _("Cải cách chế độ công vụ")
    PUBLIC_FINANCE = "public_finance", _("Cải cách tài chính công")
    DIGITAL = "digital", _("Xây dựng chính quyền điện tử, chính quyền số")
    OTHER = "other", _("Nội dung khác")


class TaskKind(models.TextChoices):
    GENERAL = "general", _("Nhiệm vụ chung")
    SPECIFIC = "specific", _("Nhiệm vụ cụ thể")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")


class ReformPlan(models.Model):
    """Kế hoạch cải cách hành chính năm của một cơ quan (sở, ngành hoặc UBND xã)."""

    agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="reform_plans", verbose_name=_("cơ quan")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    document_number = models.CharField(_("số hiệu văn bản"), max_length=50, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=8, choices=PlanState.choices, default=PlanState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người lập"),
    )
    created_at = models.DateTimeField(_("thời điểm lập"), default=timezone.now)
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), default=timezone.now)

    class Meta:
        ordering = ["-year", "agency__identifier_code"]
        verbose_name = _("kế hoạch cải cách hành chính")
        verbose_name_plural = _("kế hoạch cải cách hành chính")
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="reform_plan_one_per_year")]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class PlanTask(models.Model):
    """Nhiệm vụ của kế hoạch: chung hoặc cụ thể, có đơn vị chủ trì, thời hạn và sản phẩm."""

    plan = models.ForeignKey(
        ReformPlan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("kế hoạch")
    )
    kind = models.CharField(_("loại nhiệm vụ"), max_length=8, choices=TaskKind.choices)
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    title = models.CharField(_("nội dung nhiệm vụ"), max_length=500)
    area = models.CharField(_("lĩnh vực cải cách"), max_length=16, choices=ReformArea.choices)
    division = models.CharField(_("bộ phận chủ trì"), max_length=200)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reform_tasks",
        verbose_name=_("người phụ trách"),
    )
    deadline = models.DateField(_("thời hạn hoàn thành"))
    deliverable = models.CharField(_("sản phẩm"), max_length=300, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["plan", "kind", "number"]
        verbose_name = _("nhiệm vụ cải cách")
        verbose_name_plural = _("nhiệm vụ cải cách")
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind", "number"], name="reform_task_number_unique"),
            models.CheckConstraint(
                condition=models.Q(status="done", completed_on__isnull=False)
                | (~models.Q(status="done") & models.Q(completed_on__isnull=True)),
                name="reform_task_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}: {self.title}"

    @property
    def is_done(self) -> bool:
        return self.status == TaskStatus.DONE

    @property
    def done_late(self) -> bool:
        """Hoàn thành quá hạn: done, but after the deadline."""
        return self.is_done and self.completed_on > self.deadline

    def is_overdue(self, today: date | None = None) -> bool:
        """Quá hạn: the deadline has passed and the task is not done."""
        return not self.is_done and self.deadline < (today or timezone.localdate())

    def status_label(self, today: date | None = None) -> str:
        if self.done_late:
            return str(_("Hoàn thành quá hạn"))
        if self.is_overdue(today):
            return str(_("Quá hạn, chưa hoàn thành"))
        return str(self.get_status_display())


def evidence_upload_to(instance: TaskEvidence, filename: str) -> str:
    return f"reform/plans/{instance.task.plan_id}/{filename}"


def report_upload_to(instance: ReportSubmission, filename: str) -> str:
    return f"reform/reports/{instance.report.agency_id}/{filename}"


class TaskEvidence(models.Model):
    """Tài liệu kiểm chứng: a file proving a task's result (a decision, a report, a photo)."""

    task = models.ForeignKey(
        PlanTask, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("nhiệm vụ")
    )
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    file = models.FileField(_("tệp lưu trữ"), upload_to=evidence_upload_to, max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("tài liệu kiểm chứng")
        verbose_name_plural = _("tài liệu kiểm chứng")

    def __str__(self) -> str:
        return self.original_name


class TaskReminder(models.Model):
    """Nhắc việc: one e-mail about one task on one day — the log that stops a second one."""

    task = models.ForeignKey(
        PlanTask, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("nhiệm vụ")
    )
    sent_on = models.DateField(_("ngày nhắc"))
    recipient = models.CharField(_("người nhận"), max_length=254)
    overdue = models.BooleanField(_("đã quá hạn"), default=False)
    sent_at = models.DateTimeField(_("thời điểm gửi"), default=timezone.now)

    class Meta:
        ordering = ["-sent_on", "task"]
        verbose_name = _("lần nhắc việc")
        verbose_name_plural = _("lần nhắc việc")
        constraints = [models.UniqueConstraint(fields=["task", "sent_on"], name="reform_reminder_once_a_day")]

    def __str__(self) -> str:
        return f"{self.task} — {self.sent_on:%d/%m/%Y}"


class ReportKind(models.TextChoices):
    Q1 = "q1", _("Báo cáo quý I")
    HALF_YEAR = "half_year", _("Báo cáo 6 tháng")
    Q3 = "q3", _("Báo cáo quý III")
    YEAR = "year", _("Báo cáo năm")


class ReportDeadline(models.Model):
    """Lịch báo cáo định kỳ: the period a report covers and its due date, set per year by the province.

    The due dates are the province's own and editable; the defaults are a starting point only.
    """

    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("kỳ báo cáo"), max_length=12, choices=ReportKind.choices)
    period_start = models.DateField(_("kỳ báo cáo từ ngày"))
    period_end = models.DateField(_("kỳ báo cáo đến ngày"))
    due_on = models.DateField(_("hạn gửi báo cáo"))

    class Meta:
        ordering = ["year", "due_on"]
        verbose_name = _("hạn báo cáo định kỳ")
        verbose_name_plural = _("hạn báo cáo định kỳ")
        constraints = [models.UniqueConstraint(fields=["year", "kind"], name="reform_report_deadline_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"


class PeriodicReport(models.Model):
    """Báo cáo định kỳ về cải cách hành chính của một cơ quan cho một kỳ.

    ``submitted_at`` is the first submission and never moves: a later file replaces the current
    one (kept with its time in ``ReportSubmission``) but does not make a late report on time or
    an on-time report late.
    """

    agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="reform_reports", verbose_name=_("cơ quan")
    )
    deadline = models.ForeignKey(
        ReportDeadline, on_delete=models.PROTECT, related_name="reports", verbose_name=_("kỳ báo cáo")
    )
    submitted_at = models.DateTimeField(_("thời điểm gửi lần đầu"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người gửi"),
    )
    current = models.ForeignKey(
        "ReportSubmission",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("tệp hiện hành"),
    )

    class Meta:
        ordering = ["deadline__due_on", "agency__identifier_code"]
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        constraints = [
            models.UniqueConstraint(fields=["agency", "deadline"], name="reform_report_one_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.deadline} — {self.agency}"

    @property
    def due_on(self) -> date:
        return self.deadline.due_on

    @property
    def submitted_on(self) -> date | None:
        return timezone.localdate(self.submitted_at) if self.submitted_at else None

    def timeliness(self, today: date | None = None) -> str:
        """``on_time``, ``late``, ``missing`` (due date passed, nothing sent) or ``pending``."""
        if self.submitted_at:
            return "on_time" if self.submitted_on <= self.due_on else "late"
        return "missing" if self.due_on < (today or timezone.localdate()) else "pending"

    def timeliness_label(self, today: date | None = None) -> str:
        return str(TIMELINESS_LABELS[self.timeliness(today)])


TIMELINESS_LABELS = {
    "on_time": _("Đúng hạn"),
    "late": _("Trễ hạn"),
    "missing": _("Chưa gửi, đã quá hạn"),
    "pending": _("Chưa đến hạn"),
}


class ReportSubmission(models.Model):
    """One file sent for a periodic report; every submission is kept (history)."""

    report = models.ForeignKey(
        PeriodicReport, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("báo cáo")
    )
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    file = models.FileField(_("tệp lưu trữ"), upload_to=report_upload_to, max_length=255)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người gửi"),
    )
    submitted_at = models.DateTimeField(_("thời điểm gửi"), default=timezone.now)

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("lần gửi báo cáo")
        verbose_name_plural = _("lần gửi báo cáo")

    def __str__(self) -> str:
        return f"{self.report} — {self.original_name}"
