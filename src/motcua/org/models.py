"""Organisation master data: administrative units, agencies, staff, applicants (domain §2)."""

from datetime import date, time

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.calendar.core import OfficeHours

from .validators import validate_enterprise_code, validate_personal_id


class UnitLevel(models.Model):
    """Cấp hành chính: province, district (abolished 1/7/2025), commune… Levels are data."""

    code = models.SlugField(_("mã cấp"), max_length=32, unique=True)
    name = models.CharField(_("tên cấp"), max_length=100)
    rank = models.PositiveSmallIntegerField(_("thứ bậc"), help_text=_("1 = cao nhất (tỉnh)"))

    class Meta:
        ordering = ["rank"]
        verbose_name = _("cấp hành chính")
        verbose_name_plural = _("cấp hành chính")

    def __str__(self) -> str:
        return self.name


class AdministrativeUnit(models.Model):
    """Đơn vị hành chính: a node of the tree, with effective dates and a successor link."""

    code = models.CharField(
        _("mã đơn vị"),
        max_length=16,
        null=True,
        blank=True,
        help_text=_("mã thống kê chính thức; để trống khi chưa xác minh được trong nguồn chính thức"),
    )
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(
        _("loại"), max_length=50, blank=True, help_text=_("tỉnh, thành phố, xã, phường, đặc khu…")
    )
    level = models.ForeignKey(UnitLevel, on_delete=models.PROTECT, verbose_name=_("cấp"))
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hết hiệu lực"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        verbose_name=_("đơn vị kế thừa"),
        help_text=_("đơn vị tiếp nhận sau khi sáp nhập hoặc chia tách"),
    )
    succession_unconfirmed = models.BooleanField(
        _("kế thừa chưa xác nhận"),
        default=False,
        help_text=_(
            "đơn vị đã chấm dứt nhưng không ghi được một đơn vị kế thừa duy nhất "
            "(chia cho nhiều đơn vị mới, hoặc chưa đọc được trong nghị quyết)"
        ),
    )
    succession_note = models.TextField(_("ghi chú sắp xếp"), blank=True)

    class Meta:
        ordering = ["level__rank", "code"]
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        # Codes are never reused at the same level (Decision 19/2025/QĐ-TTg).
        constraints = [models.UniqueConstraint(fields=["level", "code"], name="unit_code_unique_per_level")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})" if self.code else self.name

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Ngày hết hiệu lực phải sau ngày có hiệu lực.")})
        if self.parent_id and self.parent and self.parent.level.rank >= self.level.rank:
            raise ValidationError({"parent": _("Đơn vị cấp trên phải thuộc cấp cao hơn.")})

    def is_active_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )

    def ancestors(self) -> list["AdministrativeUnit"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def current(self) -> "AdministrativeUnit":
        """Follow successor links to the unit that carries this one's business today."""
        node, seen = self, set()
        while node.successor_id and node.pk not in seen:
            seen.add(node.pk)
            node = node.successor
        return node


class Agency(models.Model):
    """Cơ quan, đơn vị: a People's Committee, department, service centre…"""

    class Kind(models.TextChoices):
        PEOPLES_COMMITTEE = "ubnd", _("Ủy ban nhân dân")
        DEPARTMENT = "so", _("Sở, ban, ngành")
        OFFICE = "phong", _("Phòng chuyên môn")
        SERVICE_CENTRE = "trung_tam", _("Trung tâm Phục vụ hành chính công")
        OTHER = "khac", _("Khác")

    identifier_code = models.CharField(
        _("mã định danh"),
        max_length=32,
        unique=True,
        help_text=_("mã định danh điện tử của cơ quan, ví dụ 000.00.06.H56; là tiền tố của mã hồ sơ"),
    )
    name = models.CharField(_("tên cơ quan"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="agencies",
        verbose_name=_("đơn vị hành chính"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("cơ quan chủ quản"),
    )
    receives_dossiers = models.BooleanField(
        _("tiếp nhận hồ sơ"), default=False, help_text=_("có Bộ phận Một cửa tiếp nhận hồ sơ")
    )
    boundary_free = models.BooleanField(
        _("tiếp nhận phi địa giới"),
        default=False,
        help_text=_("nhận hồ sơ của mọi xã trong tỉnh và chuyển cơ quan có thẩm quyền (Nghị định 118/2025)"),
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        ordering = ["identifier_code"]
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")

    def __str__(self) -> str:
        return self.name

    def office_hours(self) -> OfficeHours:
        """The agency's hours for deadline arithmetic; the default when none are configured.

        Read once per agency object: a request or a job sees one consistent set of hours.
        """
        cached = self.__dict__.get("_office_hours")
        if cached is None:
            cached = self.__dict__["_office_hours"] = self._read_office_hours()
        return cached

    def _read_office_hours(self) -> OfficeHours:
        rows = list(self.hours.all())
        if not rows:
            return OfficeHours.default()
        periods: dict[int, list[tuple[time, time]]] = {}
        for row in rows:
            periods.setdefault(row.weekday, []).append((row.opens, row.closes))
        return OfficeHours({day: tuple(sorted(p)) for day, p in periods.items()})


class OfficeHoursPeriod(models.Model):
    """Giờ làm việc: one opening period of an agency on one weekday."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Thứ Hai")
        TUESDAY = 1, _("Thứ Ba")
        WEDNESDAY = 2, _("Thứ Tư")
        THURSDAY = 3, _("Thứ Năm")
        FRIDAY = 4, _("Thứ Sáu")
        SATURDAY = 5, _("Thứ Bảy")
        SUNDAY = 6, _("Chủ nhật")

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("thứ"), choices=Weekday.choices)
    opens = models.TimeField(_("giờ mở"))
    closes = models.TimeField(_("giờ đóng"))

    class Meta:
        ordering = ["agency", "weekday", "opens"]
        verbose_name = _("giờ làm việc")
        verbose_name_plural = _("giờ làm việc")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self) -> None:
        if self.opens >= self.closes:
            raise ValidationError(_("Giờ mở phải trước giờ đóng."))


class Role(models.TextChoices):
    """Vai trò of a staff member inside an agency (domain §1)."""

    DESK_OFFICER = "desk_officer", _("Công chức Bộ phận Một cửa")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    HEAD = "head", _("Trưởng phòng")
    LEADER = "leader", _("Lãnh đạo")
    CLERK = "clerk", _("Văn thư")
    REFORM_MANAGER = "reform_manager", _("Cán bộ quản lý cải cách hành chính")
    INSPECTOR = "inspector", _("Thành viên đoàn kiểm tra")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")


class User(AbstractUser):
    """Tài khoản: an officer or (later) a citizen logging in."""

    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    personal_id = models.CharField(
        _("số định danh cá nhân"),
        max_length=12,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_personal_id],
    )
    enterprise_code = models.CharField(
        _("mã số doanh nghiệp"),
        max_length=14,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_enterprise_code],
        help_text=_("tài khoản của doanh nghiệp trên Cổng dịch vụ công"),
    )
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    def __str__(self) -> str:
        return self.full_name or self.username


class Membership(models.Model):
    """A staff member's role in one agency, for a period."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices)
    title = models.CharField(_("chức danh"), max_length=100, blank=True)
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="membership_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency}"

    @staticmethod
    def active_q(day: date) -> Q:
        return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class Applicant(models.Model):
    """Chủ hồ sơ: the person or organisation a dossier is for (domain §4 applicant types)."""

    class Kind(models.IntegerChoices):
        INDIVIDUAL = 1, _("Công dân")
        ENTERPRISE = 2, _("Doanh nghiệp")
        STATE_AGENCY = 3, _("Cơ quan nhà nước")
        ORGANISATION = 4, _("Tổ chức khác")

    kind = models.PositiveSmallIntegerField(
        _("loại chủ hồ sơ"), choices=Kind.choices, default=Kind.INDIVIDUAL
    )
    identifier = models.CharField(
        _("số định danh / mã số"),
        max_length=32,
        unique=True,
        help_text=_("số định danh cá nhân (12 số) hoặc mã số doanh nghiệp, tổ chức"),
    )
    name = models.CharField(_("họ tên / tên tổ chức"), max_length=255)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chủ hồ sơ")
        verbose_name_plural = _("chủ hồ sơ")

    def __str__(self) -> str:
        return f"{self.name} ({self.identifier})"

    def clean(self) -> None:
        validate_applicant_identifier(self.kind, self.identifier)


class ApplicantChange(models.Model):
    """Lịch sử thay đổi thông tin chủ hồ sơ: one changed field of the shared applicant record.

    The shared record changes only through a verified source (the VNeID login's claims, the
    proven citizen editing their own details, an administrator); contact details typed at a
    reception belong to that dossier and never reach this record (issue 14, item 5).
    """

    class Source(models.TextChoices):
        VNEID = "vneid", _("Đăng nhập VNeID")
        CITIZEN = "citizen", _("Công dân tự cập nhật (đã xác minh)")
        ADMIN = "admin", _("Quản trị hệ thống")

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    field = models.CharField(_("trường"), max_length=32)
    old = models.CharField(_("giá trị cũ"), max_length=255, blank=True)
    new = models.CharField(_("giá trị mới"), max_length=255, blank=True)
    source = models.CharField(_("nguồn"), max_length=16, choices=Source.choices)
    by = models.ForeignKey(
        "User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )

    class Meta:
        verbose_name = _("thay đổi thông tin chủ hồ sơ")
        verbose_name_plural = _("lịch sử thông tin chủ hồ sơ")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.applicant_id} {self.field} {self.at:%d/%m/%Y %H:%M}"


def validate_applicant_identifier(kind: int, identifier: str) -> None:
    """Individuals by personal ID; enterprises by enterprise code; others need any identifier."""
    try:
        if kind == Applicant.Kind.INDIVIDUAL:
            validate_personal_id(identifier)
        elif kind == Applicant.Kind.ENTERPRISE:
            validate_enterprise_code(identifier)
        elif not (identifier or "").strip():
            raise ValidationError(_("Cần nhập mã số của tổ chức."), code="identifier_required")
    except ValidationError as exc:
        raise ValidationError({"identifier": exc.messages}) from exc


class ApiToken(models.Model):
    """Khóa truy cập API of an officer or a connected system; only a hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên khóa"), max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(_("đã thu hồi"), default=False)

    class Meta:
        verbose_name = _("khóa truy cập API")
        verbose_name_plural = _("khóa truy cập API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class DutyShift(models.Model):
    """Lịch trực của lãnh đạo: who of the leaders is on duty at the one-stop desk on a day."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="duty_shifts")
    day = models.DateField(_("ngày"))
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("lãnh đạo trực")
    )
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("lịch trực lãnh đạo")
        verbose_name_plural = _("lịch trực lãnh đạo")
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["agency", "day", "user"], name="duty_shift_unique")]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.user}"
