"""The dossier aggregate: the dossier row (derived fields), its append-only events and counters."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .rules import Regime
from .states import OPEN, Channel, State, Timeliness


@dataclass(frozen=True)
class DossierContact:
    """The applicant's identity and contact details for one dossier (``Dossier.contact``)."""

    kind: int
    identifier: str
    name: str
    address: str
    phone: str
    email: str

    def __str__(self) -> str:
        return f"{self.name} ({self.identifier})"


class Dossier(models.Model):
    """Hồ sơ thủ tục hành chính. Rows hold derived fields for speed; ``DossierEvent`` is the truth."""

    code = models.CharField(
        _("mã hồ sơ"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("{mã định danh cơ quan}-{YYMMDD}-{NNNN}, cấp khi tiếp nhận"),
    )
    idempotency_key = models.CharField(
        _("khóa chống gửi trùng"), max_length=100, unique=True, null=True, blank=True
    )
    # SHA-256 of the canonical JSON of the request that used the key: the same key with another
    # body is refused instead of answered with this dossier (issue 14, item 12).
    request_hash = models.CharField(_("dấu vân tay yêu cầu"), max_length=64, blank=True, default="")
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion",
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("thủ tục (phiên bản)"),
    )
    # Indexed by "dossier_agency_received" (agency, received_at): no index of its own. Every
    # index is one more write for each dossier received.
    agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        related_name="received_dossiers",
        verbose_name=_("cơ quan tiếp nhận"),
        db_index=False,
    )
    # Cơ quan có thẩm quyền giải quyết: who decides (Decree 118/2025 Art. 14.2, 20.1); ``agency``
    # is the receiving point. Empty only on rows from before it was kept: then the receiving agency.
    competent_agency = models.ForeignKey(
        "org.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decided_dossiers",
        verbose_name=_("cơ quan có thẩm quyền giải quyết"),
    )
    current_agency = models.ForeignKey(  # indexed by "dossier_current_state" (current_agency, state)
        "org.Agency",
        on_delete=models.PROTECT,
        related_name="held_dossiers",
        verbose_name=_("cơ quan đang xử lý"),
        db_index=False,
    )
    unit = models.ForeignKey(
        "org.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("đơn vị hành chính"),
        help_text=_("đơn vị của cơ quan tiếp nhận tại thời điểm tiếp nhận"),
    )
    applicant = models.ForeignKey(
        "org.Applicant", on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("chủ hồ sơ")
    )
    # The applicant's name and contact details as given with this dossier: its notices and forms
    # use them, and they never overwrite the shared applicant record (issue 14, item 5).
    applicant_name = models.CharField(_("họ tên / tên tổ chức (theo hồ sơ)"), max_length=255, blank=True)
    contact_address = models.CharField(_("địa chỉ liên hệ"), max_length=255, blank=True)
    contact_phone = models.CharField(_("điện thoại liên hệ"), max_length=50, blank=True)
    contact_email = models.EmailField(_("thư điện tử liên hệ"), blank=True)
    submitter_name = models.CharField(_("người nộp"), max_length=200, blank=True)
    submitter_phone = models.CharField(_("điện thoại người nộp"), max_length=50, blank=True)
    channel = models.PositiveSmallIntegerField(_("kênh tiếp nhận"), choices=Channel.choices)
    assisted = models.BooleanField(_("nộp trực tuyến có hỗ trợ"), default=False)
    summary = models.CharField(_("trích yếu"), max_length=500, blank=True)
    form_data = models.JSONField(_("nội dung tờ khai điện tử"), default=dict, blank=True)
    result_delivery = models.CharField(
        _("hình thức nhận kết quả đã chọn"),
        max_length=16,
        blank=True,
        help_text=_("desk, post hoặc electronic — người nộp chọn khi nộp hồ sơ"),
    )
    sets = models.PositiveSmallIntegerField(_("số bộ hồ sơ"), default=1)
    components = models.JSONField(_("thành phần đã nộp"), default=list, blank=True)
    state = models.PositiveSmallIntegerField(_("trạng thái"), choices=State.choices, db_index=True)
    # Which decree's rules the dossier follows, set from its reception date (dossiers.rules).
    regime = models.CharField(
        _("chế độ pháp lý"), max_length=16, choices=Regime.choices, default=Regime.ND118_2025
    )

    submitted_at = models.DateTimeField(_("thời điểm nộp"), null=True, blank=True)
    # Online dossiers (Decree 118/2025 Art. 17.2, dossiers.online): when the desk was alerted, by
    # when it must answer (8 working hours of arrival) and when it did (accept, supplement, refuse,
    # redirect). Empty for dossiers received at the desk or by post.
    desk_alerted_at = models.DateTimeField(_("thời điểm thông báo Bộ phận Một cửa"), null=True, blank=True)
    reception_due_at = models.DateTimeField(_("hạn xử lý hồ sơ trực tuyến"), null=True, blank=True)
    reception_decided_at = models.DateTimeField(
        _("thời điểm trả lời hồ sơ trực tuyến"), null=True, blank=True
    )
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người tiếp nhận"),
    )
    due_at = models.DateTimeField(_("hẹn trả kết quả"), null=True, blank=True)
    apology_due_at = models.DateTimeField(_("ngày hẹn lại"), null=True, blank=True)
    # Decree 118/2025 Art. 21.3: the applicant adjusted the content; set by "amend", cleared by an
    # officer's "check_amendment" (dossiers.applicant_requests).
    amended_at = models.DateTimeField(
        _("thời điểm điều chỉnh nội dung (chờ kiểm tra)"), null=True, blank=True
    )
    ended_at = models.DateTimeField(_("thời điểm kết thúc xử lý"), null=True, blank=True)
    returned_at = models.DateTimeField(_("thời điểm trả kết quả"), null=True, blank=True)
    timeliness = models.CharField(_("kết quả đúng hạn"), max_length=8, choices=Timeliness.choices, blank=True)
    pauses = models.JSONField(
        _("các khoảng tạm dừng"),
        default=list,
        blank=True,
        help_text=_("[[bắt đầu, kết thúc]] theo ISO 8601; kết thúc null khi đang dừng"),
    )
    supplement_count = models.PositiveSmallIntegerField(_("số lần yêu cầu bổ sung"), default=0)
    state_before_pause = models.PositiveSmallIntegerField(null=True, blank=True, choices=State.choices)

    process_steps = models.JSONField(_("quy trình nội bộ áp dụng"), default=list, blank=True)
    step_index = models.SmallIntegerField(_("bước hiện tại"), default=-1)
    step_started_at = models.DateTimeField(null=True, blank=True)
    step_due_at = models.DateTimeField(_("hạn của bước"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_dossiers",
        verbose_name=_("người xử lý"),
    )
    approved_at = models.DateTimeField(_("thời điểm phê duyệt"), null=True, blank=True)
    handoff_from = models.ForeignKey(
        "org.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan chủ trì (khi liên thông)"),
    )

    # Decree 118/2025 Art. 18.1: first hand-off to processing by the day's close (received by
    # 15:00) or the next opening; Art. 20.1.a: the paper to another competent authority within
    # 1 working day, recorded by the receiving desk.
    transfer_due_at = models.DateTimeField(_("hạn chuyển hồ sơ"), null=True, blank=True)
    transferred_at = models.DateTimeField(_("thời điểm chuyển xử lý"), null=True, blank=True)
    paper_due_at = models.DateTimeField(_("hạn chuyển hồ sơ giấy"), null=True, blank=True)
    paper_transferred_at = models.DateTimeField(_("thời điểm chuyển hồ sơ giấy"), null=True, blank=True)
    return_method = models.CharField(_("hình thức trả kết quả"), max_length=16, blank=True)
    returned_to = models.CharField(_("người nhận kết quả"), max_length=200, blank=True)
    ledger_year = models.PositiveSmallIntegerField(null=True, blank=True)
    ledger_line = models.PositiveIntegerField(_("số thứ tự trong sổ"), null=True, blank=True)
    event_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "received_at"], name="dossier_agency_received"),
            models.Index(fields=["current_agency", "state"], name="dossier_current_state"),
            # Open dossiers are few and their lateness changes with the clock (architecture rule 5).
            models.Index(
                fields=["current_agency", "due_at"],
                name="dossier_open_due",
                condition=Q(state__in=sorted(int(s) for s in OPEN)),
            ),
            # Online dossiers only: the reception clock's breaches per receiving agency.
            models.Index(
                fields=["agency", "reception_due_at"],
                name="dossier_online_reception",
                condition=Q(reception_due_at__isnull=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "ledger_year", "ledger_line"], name="dossier_ledger_line"
            ),
        ]

    def __str__(self) -> str:
        return self.code or f"#{self.pk}"

    @property
    def contact(self) -> "DossierContact":
        """Chủ hồ sơ as this dossier knows them: the details given with it, each one missing taken
        from the applicant record (dossiers received before the details were kept per dossier)."""
        a = self.applicant
        return DossierContact(
            kind=a.kind,
            identifier=a.identifier,
            name=self.applicant_name or a.name,
            address=self.contact_address or a.address,
            phone=self.contact_phone or a.phone,
            email=self.contact_email or a.email,
        )

    @property
    def authority_id(self) -> int:
        """The competent authority's id (the receiving agency on rows from before it was kept)."""
        return self.competent_agency_id or self.agency_id

    @property
    def state_label(self) -> str:
        return str(State(self.state).label)

    @property
    def current_step(self) -> dict | None:
        if 0 <= self.step_index < len(self.process_steps):
            return self.process_steps[self.step_index]
        return None


class DossierEvent(models.Model):
    """Nhật ký xử lý: one append-only record of a change (who, when, from/to state, step, note)."""

    # Indexed by "event_seq_unique" (dossier, seq).
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events", db_index=False)
    seq = models.PositiveIntegerField(_("thứ tự"))
    action = models.CharField(_("thao tác"), max_length=32)
    from_state = models.PositiveSmallIntegerField(null=True, blank=True, choices=State.choices)
    to_state = models.PositiveSmallIntegerField(choices=State.choices)
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
    agency = models.ForeignKey(
        "org.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan thực hiện"),
    )
    to_agency = models.ForeignKey(
        "org.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan nhận"),
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người nhận"),
    )
    step_index = models.SmallIntegerField(null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("sự kiện hồ sơ")
        verbose_name_plural = _("sự kiện hồ sơ")
        ordering = ["dossier", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="event_seq_unique")]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("DossierEvent is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("DossierEvent is append-only")


class DossierParticipation(models.Model):
    """Every agency a dossier has passed through: lets each of them see it (architecture rule 4)."""

    # Both indexed by the two composite indexes below, each leading with one of them.
    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="participations", db_index=False
    )
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dossier", "agency"], name="participation_unique")]
        indexes = [models.Index(fields=["agency", "dossier"], name="participation_agency")]

    def __str__(self) -> str:
        return f"{self.dossier_id} @ {self.agency_id}"


class Counter(models.Model):
    """Gap-free sequences: dossier codes per agency and day, ledger lines per agency and year.

    A row is locked for the whole reception transaction, so a rolled-back reception gives its number
    back and concurrent receptions queue for the next one (Circular 01/2018/TT-VPCP Art. 19).
    """

    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16)
    key = models.CharField(max_length=16)
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "key"], name="counter_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.kind}/{self.key} = {self.value}"


# ------------------------------------------------------------- inter-agency routing (liên thông)
# Decree 118/2025 Art. 20.2 (dossiers.routing): the competent authority holding the dossier sends
# it to the other competent authorities, each with its task and its own time limit.


class RouteMode(models.TextChoices):
    """Art. 20.2.a: a paper dossier travels the chain in order; 20.2.b: an electronic one goes to
    every participant at once."""

    SEQUENTIAL = "sequential", _("Tuần tự (hồ sơ giấy)")
    PARALLEL = "parallel", _("Đồng thời (hồ sơ điện tử)")


class RouteLeg(models.Model):
    """Phần việc liên thông: one participating agency of an inter-agency route, with its task,
    its time limit in working days and, once it received the dossier, its own due time."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="route_legs", db_index=False)
    # The seq of the "route" event that set the route up: groups the legs of one route.
    route_seq = models.PositiveIntegerField(_("lần chuyển liên thông"))
    mode = models.CharField(_("phương thức liên thông"), max_length=16, choices=RouteMode.choices)
    lead_agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan chủ trì")
    )
    agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        related_name="route_legs",
        verbose_name=_("cơ quan phối hợp"),
        db_index=False,
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    task = models.TextField(_("nội dung công việc"))
    working_days = models.PositiveSmallIntegerField(_("thời hạn (ngày làm việc)"))
    depends_on = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chờ kết quả của"),
    )
    sent_at = models.DateTimeField(_("thời điểm nhận hồ sơ"), null=True, blank=True)
    due_at = models.DateTimeField(_("hạn hoàn thành"), null=True, blank=True)
    done_at = models.DateTimeField(_("thời điểm hoàn thành"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người hoàn thành"),
    )
    result_note = models.TextField(_("kết quả phần việc"), blank=True)
    slip_number = models.CharField(_("số phiếu chuyển xử lý"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("phần việc liên thông")
        verbose_name_plural = _("phần việc liên thông")
        ordering = ["dossier", "route_seq", "position"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "route_seq", "position"], name="routeleg_position"),
            models.UniqueConstraint(fields=["dossier", "route_seq", "agency"], name="routeleg_agency_once"),
        ]
        indexes = [
            # The open legs of an agency: its worklist and its warnings.
            models.Index(
                fields=["agency", "due_at"], name="routeleg_open", condition=Q(done_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}/{self.route_seq}/{self.position} → {self.agency_id}"

    @property
    def is_open(self) -> bool:
        """Received and not done yet."""
        return self.sent_at is not None and self.done_at is None

    @property
    def late(self) -> bool:
        """Done after its due time (a leg still open is judged against the clock by the caller)."""
        return self.done_at is not None and self.due_at is not None and self.done_at > self.due_at


# ------------------------------------------------------------- correction of a result (đính chính)
# Decree 118/2025 Art. 23.1 (dossiers.corrections): an error in a result that is the agency's fault
# goes back to the competent authority, which returns the corrected result to the desk within
# 03 working days; the dossier's state and its timeliness statistics do not change.


class CorrectionFinder(models.TextChoices):
    """Who found the error in the result."""

    APPLICANT = "applicant", _("Người nộp hồ sơ phát hiện khi nhận kết quả")
    DESK = "desk", _("Bộ phận Một cửa phát hiện")
    AGENCY = "agency", _("Cơ quan có thẩm quyền tự phát hiện")


class ResultCorrection(models.Model):
    """Đính chính kết quả giải quyết: one error in a result, from the desk's request to the return
    of the corrected result. At most one is open (not yet returned) per dossier."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="corrections", verbose_name=_("hồ sơ"), db_index=False
    )
    # The competent authority at the time of the request: it corrects, and is counted for it.
    agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan có thẩm quyền đính chính"),
        db_index=False,
    )
    requested_at = models.DateTimeField(_("thời điểm chuyển đính chính"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người chuyển đính chính"),
    )
    found_by = models.CharField(_("người phát hiện sai sót"), max_length=16, choices=CorrectionFinder.choices)
    description = models.TextField(_("nội dung sai sót"))
    # The result as it was when the error was reported; empty for a paper result never scanned.
    original_file = models.ForeignKey(
        "documents.DossierFile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kết quả bị sai sót"),
    )
    due_at = models.DateTimeField(_("hạn chuyển lại kết quả đã đính chính"))
    corrected_at = models.DateTimeField(_("thời điểm đính chính"), null=True, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người đính chính"),
    )
    correction_note = models.TextField(_("nội dung đã đính chính"), blank=True)
    corrected_file = models.ForeignKey(
        "documents.DossierFile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kết quả đã đính chính"),
    )
    returned_at = models.DateTimeField(_("thời điểm trả kết quả đã đính chính"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người trả kết quả đã đính chính"),
    )
    return_method = models.CharField(_("hình thức trả"), max_length=16, blank=True)
    returned_to = models.CharField(_("người nhận"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("đính chính kết quả")
        verbose_name_plural = _("đính chính kết quả")
        ordering = ["dossier", "requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(returned_at__isnull=True), name="correction_one_open"
            ),
        ]
        indexes = [
            models.Index(fields=["dossier", "requested_at"], name="correction_dossier"),
            # Counts per competent authority and period (indicators, the desk's page).
            models.Index(fields=["agency", "requested_at"], name="correction_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} @ {self.requested_at:%Y-%m-%d}"

    @property
    def late(self) -> bool:
        """Corrected after its due time (one still at the agency is judged by ``overdue``)."""
        return self.corrected_at is not None and self.corrected_at > self.due_at

    def overdue(self, now) -> bool:
        return self.corrected_at is None and now > self.due_at

    @property
    def awaiting_agency(self) -> bool:
        return self.corrected_at is None

    @property
    def awaiting_return(self) -> bool:
        return self.corrected_at is not None and self.returned_at is None
