"""Chỉ số cải cách hành chính (PAR-INDEX): framework, yearly edition, criteria, assessments, scores.

Everything a decision sets (areas, criteria, points, rules, score bands, ranking groups) is data
of an edition that the province's reform manager edits per year; nothing of it is hard-coded.
A maximum that no source gives stays ``NULL`` ("chưa xác định") — never 0 — and an edition with
such a scored criterion cannot be published.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.org.models import AdministrativeUnit, Agency

POINTS = {"max_digits": 6, "decimal_places": 2}


class Framework(models.Model):
    """Bộ chỉ số: the decision that sets an index and what is known of it."""

    code = models.SlugField(_("mã bộ chỉ số"), max_length=80, unique=True)
    name = models.CharField(_("tên bộ chỉ số"), max_length=500)
    decision_number = models.CharField(_("số quyết định ban hành"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    levels = models.CharField(_("cấp áp dụng"), max_length=255, blank=True)
    total_points = models.DecimalField(_("tổng điểm"), null=True, blank=True, **POINTS)
    self_points = models.DecimalField(_("điểm tự đánh giá, thẩm định"), null=True, blank=True, **POINTS)
    survey_points = models.DecimalField(_("điểm điều tra xã hội học"), null=True, blank=True, **POINTS)
    sources = models.TextField(_("nguồn"), blank=True)
    completeness = models.TextField(_("mức độ đầy đủ của dữ liệu"), blank=True)

    class Meta:
        verbose_name = _("bộ chỉ số")
        verbose_name_plural = _("bộ chỉ số")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EditionState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    PUBLISHED = "published", _("Đã công bố, đang tự đánh giá")
    APPRAISAL = "appraisal", _("Đang thẩm định")
    RESULTS = "results", _("Đã công bố kết quả")


class Edition(models.Model):
    """Kỳ đánh giá: one framework applied to one year by one province."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="editions")
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, verbose_name=_("đơn vị"))
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=EditionState.choices, default=EditionState.DRAFT
    )
    self_deadline = models.DateField(_("hạn tự đánh giá"), null=True, blank=True)
    groups = models.JSONField(_("nhóm xếp hạng"), default=list, blank=True)
    bands_note = models.CharField(_("ghi chú về mức xếp loại"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    results_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kỳ đánh giá chỉ số")
        verbose_name_plural = _("kỳ đánh giá chỉ số")
        ordering = ["-year", "framework__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "year", "unit"], name="parindex_one_edition_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.framework.name} — {self.year}"


class Band(models.Model):
    """Mức xếp loại: index ≥ ``lower`` % earns ``label`` (data of the edition, not a national rule)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="bands")
    lower = models.DecimalField(_("từ (%)"), **POINTS)
    label = models.CharField(_("xếp loại"), max_length=100)

    class Meta:
        verbose_name = _("mức xếp loại")
        verbose_name_plural = _("mức xếp loại")
        ordering = ["edition", "-lower"]

    def __str__(self) -> str:
        return f"≥ {self.lower}%: {self.label}"


class Participant(models.Model):
    """Đơn vị được đánh giá, in its ranking group (Sở, ban, ngành / Phường / Xã, đặc khu)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="participants")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, verbose_name=_("cơ quan"))
    group = models.CharField(_("nhóm xếp hạng"), max_length=100)

    class Meta:
        verbose_name = _("đơn vị được đánh giá")
        verbose_name_plural = _("đơn vị được đánh giá")
        ordering = ["group", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "agency"], name="parindex_one_participation")
        ]

    def __str__(self) -> str:
        return f"{self.agency} ({self.group})"


class Criterion(models.Model):
    """Lĩnh vực / tiêu chí / tiêu chí thành phần, with its maximum and its scoring rule."""

    class Kind(models.TextChoices):
        NORMAL = "normal", _("Tiêu chí")
        BONUS_PENALTY = "bonus_penalty", _("Điểm thưởng, điểm trừ")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    order = models.PositiveIntegerField(default=0)
    code = models.CharField(_("mã"), max_length=30)
    title = models.CharField(_("tên"), max_length=500)
    max_points = models.DecimalField(_("điểm tối đa"), null=True, blank=True, **POINTS)
    points_set_by_province = models.BooleanField(
        _("điểm do tỉnh xác định cho năm này"), default=False, help_text=_("Không lấy từ quyết định.")
    )
    rule = models.TextField(_("cách chấm điểm"), blank=True)
    evidence = models.TextField(_("tài liệu kiểm chứng yêu cầu"), blank=True)
    survey = models.BooleanField(_("chấm bằng điều tra xã hội học"), default=False)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.NORMAL)
    verified = models.BooleanField(_("đã đối chiếu nguồn"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)
    source = models.TextField(_("nguồn"), blank=True)
    metric = models.CharField(_("chỉ số đo từ hệ thống"), max_length=60, blank=True)
    measure_rule = models.JSONField(_("cách quy đổi số đo ra điểm"), null=True, blank=True)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["edition", "order"]
        constraints = [models.UniqueConstraint(fields=["edition", "code"], name="parindex_criterion_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def is_bonus(self) -> bool:
        return self.kind == self.Kind.BONUS_PENALTY


class AssessmentState(models.TextChoices):
    DRAFT = "draft", _("Đang tự đánh giá")
    SUBMITTED = "submitted", _("Đã gửi")


class Assessment(models.Model):
    """Bản tự đánh giá của một đơn vị trong một kỳ."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="assessments")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, verbose_name=_("cơ quan"))
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=AssessmentState.choices, default=AssessmentState.DRAFT
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    measured_frozen = models.BooleanField(_("số đo đã chốt"), default=False)

    class Meta:
        verbose_name = _("bản tự đánh giá")
        verbose_name_plural = _("bản tự đánh giá")
        ordering = ["edition", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["edition", "agency"], name="parindex_one_assessment")]

    def __str__(self) -> str:
        return f"{self.agency} — {self.edition.year}"


class Score(models.Model):
    """Điểm của một tiêu chí lá: tự chấm, đo từ hệ thống, thẩm định, điều tra — each kept."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    self_points = models.DecimalField(_("điểm tự chấm"), null=True, blank=True, **POINTS)
    self_comment = models.TextField(_("giải trình"), blank=True)
    measured_part = models.DecimalField(null=True, blank=True, max_digits=14, decimal_places=2)
    measured_whole = models.IntegerField(null=True, blank=True)
    measured_rate = models.FloatField(null=True, blank=True)
    measured_points = models.DecimalField(_("điểm đo từ hệ thống"), null=True, blank=True, **POINTS)
    measured_reason = models.CharField(max_length=500, blank=True)
    council_points = models.DecimalField(_("điểm thẩm định"), null=True, blank=True, **POINTS)
    council_reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    council_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    council_at = models.DateTimeField(null=True, blank=True)
    survey_points = models.DecimalField(_("điểm điều tra xã hội học"), null=True, blank=True, **POINTS)

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        ordering = ["assessment", "criterion__order"]
        constraints = [models.UniqueConstraint(fields=["assessment", "criterion"], name="parindex_one_score")]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.criterion.code}"


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    return f"cai-cach/chi-so/{instance.score.assessment_id}/{filename}"


class Evidence(models.Model):
    """Tài liệu kiểm chứng của một tiêu chí (PDF, JPG, PNG — checked before storing)."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="evidence_files")
    file = models.FileField(_("tệp"), upload_to=evidence_upload_to, max_length=255)
    name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu kiểm chứng")
        verbose_name_plural = _("tài liệu kiểm chứng")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name
