"""Queue tickets at the one-stop desk (xếp hàng, lấy số thứ tự) and online desk-visit bookings.

Numbering: a ticket's number is gap-free per agency and day (1, 2, 3 …), shown with three digits
("012", four from 1000 on). One sequence per agency rather than one per field: the waiting room
reads a single rising series, and the counter named next to the number says where to go.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.org.validators import validate_personal_id


class ServiceCounter(models.Model):
    """Quầy: one desk of the one-stop unit; serves some fields (lĩnh vực) or, when none, all."""

    agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="service_counters", verbose_name=_("cơ quan")
    )
    number = models.PositiveSmallIntegerField(_("số quầy"))
    name = models.CharField(_("tên quầy"), max_length=100, blank=True)
    fields = models.ManyToManyField(
        "catalog.Field",
        blank=True,
        related_name="service_counters",
        verbose_name=_("lĩnh vực phục vụ"),
        help_text=_("để trống: quầy phục vụ mọi lĩnh vực"),
    )
    active = models.BooleanField(_("đang hoạt động"), default=True)
    # Decree 118/2025 Art. 13.2.b: «quầy dành riêng cho người cao tuổi, phụ nữ mang thai, người
    # khuyết tật». It calls only priority tickets; other counters call them before the rest.
    priority = models.BooleanField(
        _("quầy ưu tiên"),
        default=False,
        help_text=_("dành riêng cho người cao tuổi, phụ nữ mang thai, người khuyết tật"),
    )
    officer = models.ForeignKey(
        "org.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_counters",
        verbose_name=_("công chức đang ngồi quầy"),
    )

    class Meta:
        ordering = ["agency", "number"]
        verbose_name = _("quầy")
        verbose_name_plural = _("quầy")
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="service_counter_number")]

    def __str__(self) -> str:
        label = _("Quầy %(number)s") % {"number": self.number}
        return f"{label} — {self.name}" if self.name else str(label)


class Booking(models.Model):
    """Đặt lịch hẹn: an applicant's reserved time slot for a visit to the desk."""

    class State(models.TextChoices):
        BOOKED = "booked", _("Đã đặt")
        CHECKED_IN = "checked_in", _("Đã đến, đã lấy số")
        CANCELLED = "cancelled", _("Đã hủy")

    agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="bookings", verbose_name=_("cơ quan")
    )
    field = models.ForeignKey(
        "catalog.Field", on_delete=models.PROTECT, related_name="+", verbose_name=_("lĩnh vực")
    )
    date = models.DateField(_("ngày hẹn"))
    slot = models.TimeField(_("giờ hẹn"))
    name = models.CharField(_("họ và tên"), max_length=200)
    phone = models.CharField(_("điện thoại"), max_length=20)
    personal_id = models.CharField(
        _("số định danh cá nhân"), max_length=12, validators=[validate_personal_id]
    )
    code = models.CharField(_("mã lịch hẹn"), max_length=12, unique=True)
    state = models.CharField(_("trạng thái"), max_length=16, choices=State.choices, default=State.BOOKED)
    created_at = models.DateTimeField(_("thời điểm đặt"), auto_now_add=True)

    class Meta:
        ordering = ["date", "slot", "pk"]
        verbose_name = _("lịch hẹn")
        verbose_name_plural = _("lịch hẹn")
        indexes = [models.Index(fields=["agency", "date", "slot"], name="booking_agency_slot")]
        constraints = [
            # One live booking per person per agency and day: a second one would only block a slot.
            models.UniqueConstraint(
                fields=["agency", "date", "personal_id"],
                condition=~Q(state="cancelled"),
                name="booking_one_per_person_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.date:%d/%m/%Y} {self.slot:%H:%M}"


class QueueTicket(models.Model):
    """Số thứ tự: a ticket taken at the kiosk or by checking in a booking."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Đang chờ")
        CALLED = "called", _("Đã gọi")
        SERVING = "serving", _("Đang phục vụ")
        DONE = "done", _("Đã phục vụ xong")
        NO_SHOW = "no_show", _("Vắng mặt")
        CANCELLED = "cancelled", _("Đã hủy")

    class Source(models.TextChoices):
        KIOSK = "kiosk", _("Lấy số tại ki-ốt")
        BOOKING = "booking", _("Đặt lịch trực tuyến")

    class Priority(models.TextChoices):
        """Decree 118/2025 Art. 13.2.b: who is served at the priority counter."""

        NONE = "", _("Không ưu tiên")
        ELDERLY = "elderly", _("Người cao tuổi")
        PREGNANT = "pregnant", _("Phụ nữ mang thai")
        DISABILITY = "disability", _("Người khuyết tật")

    agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="queue_tickets", verbose_name=_("cơ quan")
    )
    day = models.DateField(_("ngày"))
    number = models.PositiveIntegerField(_("số thứ tự"))
    field = models.ForeignKey(
        "catalog.Field",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lĩnh vực"),
    )
    counter = models.ForeignKey(
        ServiceCounter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("quầy gọi số"),
    )
    called_by = models.ForeignKey(
        "org.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(_("trạng thái"), max_length=16, choices=State.choices, default=State.WAITING)
    source = models.CharField(_("nguồn"), max_length=16, choices=Source.choices, default=Source.KIOSK)
    priority = models.CharField(
        _("đối tượng ưu tiên"), max_length=16, choices=Priority.choices, default="", blank=True
    )
    booking = models.OneToOneField(
        Booking,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ticket",
        verbose_name=_("lịch hẹn"),
    )
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    personal_id = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="queue_tickets",
        verbose_name=_("hồ sơ tiếp nhận"),
    )
    issued_at = models.DateTimeField(_("thời điểm lấy số"))
    called_at = models.DateTimeField(_("thời điểm gọi"), null=True, blank=True)
    # Moved on each recall so the waiting-room display lists the number again on top.
    announced_at = models.DateTimeField(null=True, blank=True)
    recalls = models.PositiveSmallIntegerField(_("số lần gọi lại"), default=0)
    served_from = models.DateTimeField(_("bắt đầu phục vụ"), null=True, blank=True)
    served_to = models.DateTimeField(_("kết thúc phục vụ"), null=True, blank=True)

    class Meta:
        ordering = ["day", "number"]
        verbose_name = _("số thứ tự")
        verbose_name_plural = _("số thứ tự")
        constraints = [
            models.UniqueConstraint(fields=["agency", "day", "number"], name="queue_ticket_number")
        ]
        indexes = [models.Index(fields=["agency", "day", "state"], name="queue_ticket_agency_day")]

    def __str__(self) -> str:
        return f"{self.display_number} ({self.day:%d/%m/%Y})"

    @property
    def display_number(self) -> str:
        return f"{self.number:03d}"

    @property
    def is_open(self) -> bool:
        return self.state in (self.State.CALLED, self.State.SERVING)
