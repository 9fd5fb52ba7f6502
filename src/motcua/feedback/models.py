"""Ratings of dossiers (domain §9) and feedback petitions — phản ánh, kiến nghị (domain §7).

Rows are written only by ``feedback.services``; ``PetitionEvent`` is append-only.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """Mức độ hài lòng — the three answers every rating gives (domain §9)."""

    SATISFIED = "satisfied", _("Hài lòng")
    NORMAL = "normal", _("Bình thường")
    UNSATISFIED = "unsatisfied", _("Không hài lòng")


class RatingChannel(models.TextChoices):
    PORTAL = "portal", _("Cổng dịch vụ công")
    KIOSK = "kiosk", _("Máy đánh giá tại Bộ phận Một cửa")
    DESK = "desk", _("Công chức ghi nhận tại quầy")


# The five SIPAS elements (domain §9): field name suffix → label.
SIPAS_ELEMENTS = {
    "access": _("Tiếp cận dịch vụ"),
    "procedure": _("Thủ tục hành chính"),
    "officer": _("Công chức giải quyết"),
    "result": _("Kết quả giải quyết"),
    "feedback": _("Tiếp nhận, xử lý phản ánh, kiến nghị"),
}
SIPAS_SCORES = [(n, str(n)) for n in range(1, 6)]


def _sipas_field(label):
    return models.PositiveSmallIntegerField(label, choices=SIPAS_SCORES, null=True, blank=True)


class Rating(models.Model):
    """Đánh giá: the applicant's verdict on one dossier, given once after its result."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="rating", verbose_name=_("hồ sơ")
    )
    agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan tiếp nhận"),
        help_text=_("cơ quan tiếp nhận hồ sơ, ghi lại để tổng hợp theo cơ quan"),
    )
    level = models.CharField(_("mức độ hài lòng"), max_length=16, choices=Level.choices, db_index=True)
    comment = models.TextField(_("ý kiến"), blank=True)
    sipas_access = _sipas_field(SIPAS_ELEMENTS["access"])
    sipas_procedure = _sipas_field(SIPAS_ELEMENTS["procedure"])
    sipas_officer = _sipas_field(SIPAS_ELEMENTS["officer"])
    sipas_result = _sipas_field(SIPAS_ELEMENTS["result"])
    sipas_feedback = _sipas_field(SIPAS_ELEMENTS["feedback"])
    rated_at = models.DateTimeField(_("thời điểm đánh giá"))
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người ghi nhận"),
    )
    channel = models.CharField(_("kênh đánh giá"), max_length=8, choices=RatingChannel.choices)

    class Meta:
        verbose_name = _("đánh giá")
        verbose_name_plural = _("đánh giá")
        ordering = ["-rated_at", "-id"]
        indexes = [models.Index(fields=["agency", "rated_at"], name="rating_agency_rated")]

    def __str__(self) -> str:
        return f"{self.dossier} — {self.get_level_display()}"

    def sipas(self) -> dict[str, int | None]:
        return {key: getattr(self, f"sipas_{key}") for key in SIPAS_ELEMENTS}


class PetitionKind(models.TextChoices):
    REPORT = "report", _("Phản ánh")
    PROPOSAL = "proposal", _("Kiến nghị")
    COMPLAINT = "complaint", _("Khiếu nại về hồ sơ")


class PetitionState(models.TextChoices):
    RECEIVED = "received", _("Mới tiếp nhận")
    PUBLISHED = "published", _("Đang xử lý")
    REFUSED = "refused", _("Từ chối tiếp nhận")
    INFO_REQUESTED = "info_requested", _("Đề nghị bổ sung thông tin")
    ANSWERED = "answered", _("Đã trả lời")
    CLOSED = "closed", _("Đã kết thúc")


OPEN_PETITION_STATES = (PetitionState.RECEIVED, PetitionState.PUBLISHED, PetitionState.INFO_REQUESTED)


class Petition(models.Model):
    """Phản ánh, kiến nghị (PAKN): feedback sent to an agency, handled within §7 deadlines."""

    code = models.CharField(_("mã phản ánh"), max_length=32, help_text=_("PAKN-{năm}-{số thứ tự}"))
    idempotency_key = models.CharField(
        _("khóa chống gửi trùng"), max_length=100, unique=True, null=True, blank=True
    )
    agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="petitions", verbose_name=_("cơ quan")
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions",
        verbose_name=_("hồ sơ liên quan"),
    )
    kind = models.CharField(_("loại"), max_length=16, choices=PetitionKind.choices)
    sender_name = models.CharField(_("họ và tên người gửi"), max_length=200)
    personal_id = models.CharField(_("số định danh cá nhân"), max_length=12, db_index=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    content = models.TextField(_("nội dung"))
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"))
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=PetitionState.choices, default=PetitionState.RECEIVED
    )
    publish_due = models.DateTimeField(_("hạn tiếp nhận hoặc từ chối"))
    info_due = models.DateTimeField(_("hạn đề nghị bổ sung thông tin"))
    answer_due = models.DateTimeField(_("hạn trả lời"))
    published = models.BooleanField(_("công khai"), default=False)
    published_at = models.DateTimeField(_("thời điểm tiếp nhận xử lý"), null=True, blank=True)
    info_requested_at = models.DateTimeField(_("thời điểm đề nghị bổ sung"), null=True, blank=True)
    refused_at = models.DateTimeField(_("thời điểm từ chối"), null=True, blank=True)
    refusal_reason = models.TextField(_("lý do từ chối"), blank=True)
    answered_at = models.DateTimeField(_("thời điểm trả lời"), null=True, blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người trả lời"),
    )
    closed_at = models.DateTimeField(_("thời điểm kết thúc"), null=True, blank=True)
    handled_on_time = models.BooleanField(_("xử lý đúng hạn"), null=True, blank=True)
    satisfied = models.BooleanField(_("hài lòng với kết quả trả lời"), null=True, blank=True)
    satisfied_at = models.DateTimeField(null=True, blank=True)
    event_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-received_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="petition_code_unique")]
        indexes = [
            models.Index(fields=["agency", "received_at"], name="petition_agency_received"),
            models.Index(
                fields=["agency", "answer_due"],
                name="petition_open_due",
                condition=Q(state__in=[str(s) for s in OPEN_PETITION_STATES]),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_PETITION_STATES

    @property
    def next_due(self):
        """The deadline the agency must meet next: deciding (2 WD) or answering (15 WD)."""
        if self.state == PetitionState.RECEIVED:
            return self.publish_due
        if self.is_open:
            return self.answer_due
        return None


class PetitionEvent(models.Model):
    """Nhật ký xử lý phản ánh: one append-only record (who, when, what, note)."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField(_("thứ tự"))
    action = models.CharField(_("thao tác"), max_length=32)
    from_state = models.CharField(max_length=16, blank=True, choices=PetitionState.choices)
    to_state = models.CharField(max_length=16, choices=PetitionState.choices)
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    actor_name = models.CharField(max_length=200, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("nhật ký phản ánh")
        verbose_name_plural = _("nhật ký phản ánh")
        ordering = ["petition", "seq"]
        constraints = [models.UniqueConstraint(fields=["petition", "seq"], name="petition_event_seq")]

    def __str__(self) -> str:
        return f"{self.petition_id}#{self.seq} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("PetitionEvent is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("PetitionEvent is append-only")
