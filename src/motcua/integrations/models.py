"""Outbox tables of the connections to outside systems (architecture rule 7: nothing is lost)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """Thông báo gửi tổ chức, cá nhân: one e-mail or SMS, written in the transaction that caused it.

    The row is the outbox: the worker sends it after commit and retries it with a growing delay
    until it is sent or given up ("dead"). ``key`` names what caused it (a dossier event, a payment,
    a petition answer), so the same cause never gives a second message on the same channel.
    """

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Tiếp nhận hồ sơ")
        SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung hồ sơ")
        PAYMENT_CONFIRMED = "payment_confirmed", _("Xác nhận thanh toán")
        RESULT_READY = "result_ready", _("Có kết quả giải quyết")
        APOLOGY = "apology", _("Thư xin lỗi và hẹn lại")
        REFUSED = "refused", _("Từ chối hồ sơ")
        PETITION_ANSWERED = "petition_answered", _("Trả lời phản ánh, kiến nghị")
        # Decree 118/2025 Art. 17.2: the desk told of an online arrival; the applicant told to
        # submit to the competent authority.
        DESK_ALERT = "desk_alert", _("Thông báo hồ sơ trực tuyến mới cho Bộ phận Một cửa")
        REDIRECTED = "redirected", _("Hướng dẫn nộp hồ sơ đúng cơ quan có thẩm quyền")
        # Decree 118/2025: closing (Art. 19.5), the applicant's stop and adjustment (Art. 21),
        # the notice before an early return (Art. 22.5), a corrected result (Art. 23.1).
        CLOSED = "closed", _("Thông báo đóng hồ sơ")
        WITHDRAWN = "withdrawn", _("Xác nhận dừng giải quyết theo yêu cầu")
        AMENDED = "amended", _("Xác nhận điều chỉnh nội dung hồ sơ")
        EARLY_RETURN = "early_return", _("Thông báo trả kết quả trước hạn")
        CORRECTED = "corrected", _("Thông báo đính chính kết quả")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Thư điện tử")
        SMS = "sms", _("Tin nhắn SMS")

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi, sẽ thử lại")
        DEAD = "dead", _("Ngừng gửi")

    key = models.CharField(_("nguồn phát sinh"), max_length=64)
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    event_seq = models.PositiveIntegerField(_("thứ tự sự kiện"), null=True, blank=True)
    kind = models.CharField(_("loại thông báo"), max_length=32, choices=Kind.choices)
    channel = models.CharField(_("kênh"), max_length=8, choices=Channel.choices)
    recipient = models.CharField(_("người nhận"), max_length=254)
    subject = models.CharField(_("tiêu đề"), max_length=255, blank=True)
    body = models.TextField(_("nội dung"))
    state = models.CharField(_("trạng thái"), max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("lần gửi tới"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    provider_message_id = models.CharField(_("mã tin của nhà cung cấp"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)
    sent_at = models.DateTimeField(_("thời điểm gửi"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["key", "channel"], name="notification_once_per_cause"),
            models.UniqueConstraint(
                fields=["dossier", "event_seq", "channel"], name="notification_once_per_event"
            ),
        ]
        indexes = [
            # The sweeper reads only rows still to send; sent ones pile up and are never scanned.
            models.Index(
                fields=["next_attempt_at"],
                name="notification_due",
                condition=Q(state__in=["pending", "failed"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient} ({self.get_state_display()})"


# ------------------------------------------------------------------------------ national portal


class SyncItem(models.Model):
    """Đồng bộ Cổng DVCQG: one dossier event to send to the national portal (domain §11).

    Written in the transaction of the transition (the outbox); the worker sends the items of a
    dossier strictly in ``seq`` order — an item is only sent once every earlier item of the same
    dossier has been acknowledged — and retries with a growing delay. ``payload`` is the snapshot
    of the dossier as it was right after the event, so a late send still tells what happened then.
    """

    class Kind(models.TextChoices):
        CREATE = "create", _("Tạo hồ sơ")
        UPDATE = "update", _("Cập nhật trạng thái")
        STEP = "step", _("Bước xử lý")

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi, sẽ thử lại")
        DEAD = "dead", _("Ngừng gửi")

    dossier = models.ForeignKey(  # indexed by "portal_sync_once_per_event" (dossier, seq)
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        on_delete=models.CASCADE,
        related_name="portal_sync_items",
        db_index=False,
    )
    seq = models.PositiveIntegerField(_("thứ tự sự kiện"))
    sync_key = models.CharField(_("mã đồng bộ"), max_length=120, db_index=True)
    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices)
    status_code = models.PositiveSmallIntegerField(_("mã trạng thái"))
    payload = models.JSONField(_("nội dung gửi"))
    state = models.CharField(_("trạng thái gửi"), max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("lần gửi tới"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    ack_id = models.CharField(_("mã xác nhận của Cổng"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)
    sent_at = models.DateTimeField(_("thời điểm gửi"), null=True, blank=True)

    class Meta:
        verbose_name = _("mục đồng bộ Cổng DVCQG")
        verbose_name_plural = _("đồng bộ Cổng DVCQG")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "seq"], name="portal_sync_once_per_event"),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="portal_sync_due",
                condition=Q(state__in=["pending", "failed"]),
            ),
            # "Is an earlier item of this dossier still unsent?" — asked before every send.
            models.Index(fields=["dossier", "seq"], name="portal_sync_unsent", condition=~Q(state="sent")),
        ]

    def __str__(self) -> str:
        return f"{self.sync_key} #{self.seq} {self.get_kind_display()} ({self.get_state_display()})"


class SyncGap(models.Model):
    """Dossiers were created without telling the portal (a muted import, the demo's history, the
    bulk generator): until ``portal_sync --backfill`` has queued every one of them, the
    "synchronised" indicator must look for dossiers without any outbox item (a costly anti-join);
    when no gap is recorded, every dossier got its creation item in its own transaction."""

    recorded_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)
    reason = models.CharField(_("lý do"), max_length=200)

    class Meta:
        verbose_name = _("khoảng hồ sơ chưa đồng bộ")
        verbose_name_plural = _("khoảng hồ sơ chưa đồng bộ")

    def __str__(self) -> str:
        return self.reason


class PortalSubmission(models.Model):
    """Hồ sơ trực tuyến nhận từ Cổng DVCQG: one push of the portal, kept by the portal's id."""

    portal_id = models.CharField(_("mã hồ sơ trên Cổng"), max_length=100, unique=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), on_delete=models.SET_NULL, null=True, blank=True
    )
    payload = models.JSONField(_("nội dung nhận"))
    received_at = models.DateTimeField(_("thời điểm nhận"), auto_now_add=True)
    times_received = models.PositiveIntegerField(_("số lần nhận"), default=1)

    class Meta:
        verbose_name = _("hồ sơ nhận từ Cổng DVCQG")
        verbose_name_plural = _("hồ sơ nhận từ Cổng DVCQG")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return self.portal_id
