"""Inspections of administrative reform work — kiểm tra công tác cải cách hành chính (domain §10).

A decision (quyết định kiểm tra) sets up a team (đoàn kiểm tra) and a schedule of visits; on each
visit the team records findings against the province's checklist, the reconciliation of the
paper ledger against the system's count, and officers' breaches; the conclusions notice
(thông báo kết luận) lists numbered directives, each followed up to completion.

Rows are written only by ``reform.inspections.services``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Checklist(models.Model):
    """Bộ nội dung kiểm tra — the province's own list of what a team looks at (not a legal text)."""

    name = models.CharField(_("tên"), max_length=255)
    source = models.CharField(_("nguồn"), max_length=255, blank=True)
    is_default = models.BooleanField(_("mặc định"), default=False)

    class Meta:
        verbose_name = _("bộ nội dung kiểm tra")
        verbose_name_plural = _("bộ nội dung kiểm tra")

    def __str__(self) -> str:
        return self.name


class ChecklistArea(models.Model):
    """Lĩnh vực kiểm tra."""

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="areas")
    code = models.SlugField(_("mã"), max_length=40)
    name = models.CharField(_("lĩnh vực"), max_length=255)
    order = models.PositiveSmallIntegerField(_("thứ tự"))

    class Meta:
        ordering = ["checklist", "order"]
        verbose_name = _("lĩnh vực kiểm tra")
        verbose_name_plural = _("lĩnh vực kiểm tra")
        constraints = [models.UniqueConstraint(fields=["checklist", "code"], name="insp_area_code_unique")]

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    """Nội dung kiểm tra."""

    area = models.ForeignKey(ChecklistArea, on_delete=models.CASCADE, related_name="items")
    code = models.SlugField(_("mã"), max_length=40)
    text = models.CharField(_("nội dung"), max_length=500)
    order = models.PositiveSmallIntegerField(_("thứ tự"))

    class Meta:
        ordering = ["area__order", "order"]
        verbose_name = _("nội dung kiểm tra")
        verbose_name_plural = _("nội dung kiểm tra")
        constraints = [models.UniqueConstraint(fields=["area", "code"], name="insp_item_code_unique")]

    def __str__(self) -> str:
        return self.text


class DecisionState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")
    CONCLUDED = "concluded", _("Đã kết luận")


class Decision(models.Model):
    """Quyết định kiểm tra công tác cải cách hành chính."""

    unit = models.ForeignKey(
        "org.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.CharField(_("số quyết định"), max_length=50)
    signed_on = models.DateField(_("ngày quyết định"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255)
    signer = models.CharField(_("người ký"), max_length=200)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True)
    purpose = models.TextField(_("mục đích, phạm vi kiểm tra"))
    state = models.CharField(_("trạng thái"), max_length=16, choices=DecisionState.choices, default="draft")
    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, verbose_name=_("bộ nội dung kiểm tra"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)
    issued_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-signed_on", "-pk"]
        verbose_name = _("quyết định kiểm tra")
        verbose_name_plural = _("quyết định kiểm tra")
        constraints = [models.UniqueConstraint(fields=["unit", "number"], name="insp_decision_number_unique")]

    def __str__(self) -> str:
        return self.number


class TeamRole(models.TextChoices):
    LEAD = "lead", _("Trưởng đoàn")
    DEPUTY = "deputy", _("Phó trưởng đoàn")
    MEMBER = "member", _("Thành viên")
    SECRETARY = "secretary", _("Thư ký")


class TeamMember(models.Model):
    """Thành viên đoàn kiểm tra."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("vai trò trong đoàn"), max_length=16, choices=TeamRole.choices)

    class Meta:
        ordering = ["decision", "pk"]
        verbose_name = _("thành viên đoàn kiểm tra")
        verbose_name_plural = _("thành viên đoàn kiểm tra")
        constraints = [models.UniqueConstraint(fields=["decision", "user"], name="insp_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class VisitKind(models.TextChoices):
    PLANNED = "planned", _("Theo kế hoạch")
    UNANNOUNCED = "unannounced", _("Đột xuất")


class VisitState(models.TextChoices):
    PLANNED = "planned", _("Chưa kiểm tra")
    IN_PROGRESS = "in_progress", _("Đang kiểm tra")
    DONE = "done", _("Đã kết thúc")


class Visit(models.Model):
    """Một cuộc kiểm tra tại cơ quan, đơn vị trong lịch kiểm tra."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="visits")
    agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan được kiểm tra")
    )
    planned_on = models.DateField(_("ngày kiểm tra dự kiến"))
    kind = models.CharField(_("hình thức"), max_length=16, choices=VisitKind.choices)
    period_from = models.DateField(_("thời kỳ kiểm tra từ ngày"))
    period_to = models.DateField(_("đến ngày"))
    state = models.CharField(_("trạng thái"), max_length=16, choices=VisitState.choices, default="planned")
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    summary = models.TextField(_("nhận xét chung"), blank=True)

    class Meta:
        ordering = ["planned_on", "pk"]
        verbose_name = _("cuộc kiểm tra")
        verbose_name_plural = _("lịch kiểm tra")

    def __str__(self) -> str:
        return f"{self.agency} — {self.planned_on:%d/%m/%Y}"


class FindingResult(models.TextChoices):
    PASS = "pass", _("Đạt")
    FAIL = "fail", _("Không đạt")
    NOT_APPLICABLE = "na", _("Không áp dụng")


class Finding(models.Model):
    """Kết quả kiểm tra một nội dung."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="findings")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("kết quả"), max_length=8, choices=FindingResult.choices)
    note = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("ghi lúc"))

    class Meta:
        ordering = ["visit", "item__area__order", "item__order"]
        verbose_name = _("kết quả kiểm tra")
        verbose_name_plural = _("kết quả kiểm tra")
        constraints = [models.UniqueConstraint(fields=["visit", "item"], name="insp_finding_unique")]

    def __str__(self) -> str:
        return f"{self.item} — {self.get_result_display()}"


class Reconciliation(models.Model):
    """Đối chiếu sổ theo dõi hồ sơ giấy với số liệu của hệ thống cho cùng cơ quan và thời kỳ."""

    visit = models.OneToOneField(Visit, on_delete=models.CASCADE, related_name="reconciliation")
    paper_count = models.PositiveIntegerField(_("số hồ sơ trên sổ giấy"))
    system_count = models.PositiveIntegerField(_("số hồ sơ trên hệ thống"))
    difference = models.IntegerField(_("chênh lệch (sổ giấy − hệ thống)"))
    note = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("ghi lúc"))

    class Meta:
        verbose_name = _("đối chiếu sổ theo dõi hồ sơ")
        verbose_name_plural = _("đối chiếu sổ theo dõi hồ sơ")

    def __str__(self) -> str:
        return f"{self.paper_count} / {self.system_count}"

    @property
    def difference_text(self) -> str:
        """``+3``, ``−6`` (a true minus sign) or ``0``."""
        if self.difference > 0:
            return f"+{self.difference}"
        return f"\u2212{-self.difference}" if self.difference < 0 else "0"


class Breach(models.Model):
    """Vi phạm của cán bộ, công chức phát hiện khi kiểm tra."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="breaches")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    officer_name = models.CharField(_("họ tên cán bộ"), max_length=200)
    description = models.TextField(_("nội dung vi phạm"))
    rule = models.CharField(_("quy định bị vi phạm"), max_length=500)
    handling = models.TextField(_("đề xuất xử lý"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("ghi lúc"))

    class Meta:
        ordering = ["visit", "pk"]
        verbose_name = _("vi phạm")
        verbose_name_plural = _("vi phạm")

    def __str__(self) -> str:
        return f"{self.officer_name}: {self.rule}"


class Notice(models.Model):
    """Thông báo kết luận kiểm tra công tác cải cách hành chính."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="notice")
    number = models.CharField(_("số thông báo"), max_length=50)
    signed_on = models.DateField(_("ngày thông báo"))
    signer = models.CharField(_("người ký"), max_length=200)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True)
    summary = models.TextField(_("kết quả kiểm tra"))
    recipients = models.TextField(_("nơi nhận"), blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("ban hành lúc"))

    class Meta:
        verbose_name = _("thông báo kết luận kiểm tra")
        verbose_name_plural = _("thông báo kết luận kiểm tra")

    def __str__(self) -> str:
        return self.number


class DirectiveState(models.TextChoices):
    OPEN = "open", _("Đang thực hiện")
    REPORTED = "reported", _("Đã báo cáo, chờ xác nhận")
    RETURNED = "returned", _("Bị trả lại")
    CONFIRMED = "confirmed", _("Đã hoàn thành")


def evidence_upload_to(instance: "Directive", filename: str) -> str:
    return f"reform/inspections/{instance.notice_id}/{instance.pk}/{filename}"


class Directive(models.Model):
    """Nội dung chỉ đạo trong thông báo kết luận, theo dõi đến khi hoàn thành."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="directives")
    order = models.PositiveSmallIntegerField(_("số thứ tự"))
    text = models.TextField(_("nội dung chỉ đạo"))
    agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị thực hiện")
    )
    deadline = models.DateField(_("thời hạn"))
    state = models.CharField(_("trạng thái"), max_length=16, choices=DirectiveState.choices, default="open")
    report = models.TextField(_("báo cáo kết quả thực hiện"), blank=True)
    evidence = models.FileField(_("tệp minh chứng"), upload_to=evidence_upload_to, max_length=255, blank=True)
    evidence_name = models.CharField(_("tên tệp minh chứng"), max_length=255, blank=True)
    evidence_type = models.CharField(_("loại tệp"), max_length=100, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reported_at = models.DateTimeField(_("báo cáo lúc"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)

    class Meta:
        ordering = ["notice", "order"]
        verbose_name = _("nội dung chỉ đạo")
        verbose_name_plural = _("nội dung chỉ đạo")
        constraints = [
            models.UniqueConstraint(fields=["notice", "order"], name="insp_directive_order_unique")
        ]

    def __str__(self) -> str:
        return f"{self.notice.number} — {self.order}"

    def is_overdue(self, today) -> bool:
        return self.state != DirectiveState.CONFIRMED and self.deadline < today
