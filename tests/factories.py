"""Small factories shared by the test packages: a province with two agencies and their staff,
and a procedure with components and an internal process."""

from datetime import date
from decimal import Decimal
from itertools import count

from motcua.catalog.models import (
    Component,
    FeeLine,
    Field,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    ProcessTemplate,
)
from motcua.org.models import AdministrativeUnit, Agency, Membership, Role, UnitLevel, User

_seq = count(1)


def unit_levels() -> tuple[UnitLevel, UnitLevel]:
    province, _ = UnitLevel.objects.get_or_create(code="province", defaults={"name": "Cấp tỉnh", "rank": 1})
    commune, _ = UnitLevel.objects.get_or_create(code="commune", defaults={"name": "Cấp xã", "rank": 3})
    return province, commune


def make_unit(code: str = "01", name: str = "Thành phố Hà Nội", level: str = "province", parent=None):
    province, commune = unit_levels()
    return AdministrativeUnit.objects.create(
        code=code, name=name, level=province if level == "province" else commune, parent=parent
    )


def make_agency(
    identifier: str = "000.00.06.H56", name: str = "Ủy ban nhân dân phường Ba Đình", unit=None, **extra
) -> Agency:
    unit = unit or AdministrativeUnit.objects.filter(code="01").first() or make_unit()
    extra.setdefault("receives_dossiers", True)
    return Agency.objects.create(identifier_code=identifier, name=name, unit=unit, **extra)


def make_user(agency: Agency | None = None, *roles: str, username: str | None = None) -> User:
    username = username or f"canbo{next(_seq)}"
    user = User.objects.create_user(
        username=username, password="mat-khau-rat-dai-2026", full_name=username.title()
    )
    for role in roles:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


def make_version(
    code: str = "1.000894",
    name: str = "Đăng ký kết hôn",
    limit: str | None = "15",
    unit: str = "working_days",
    **extra,
) -> ProcedureVersion:
    field, _ = Field.objects.get_or_create(code="ho-tich", defaults={"name": "Hộ tịch"})
    _, commune = unit_levels()
    procedure = Procedure.objects.create(code=code, name=name, field=field, level=commune)
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=1,
        status=ProcedureVersion.Status.PUBLISHED,
        valid_from=date(2020, 1, 1),
        time_limit=Decimal(limit) if limit is not None else None,
        time_limit_unit=unit if limit or unit == "same_day" else "",
        **extra,
    )
    Component.objects.create(
        version=version, order=1, name="Tờ khai đăng ký kết hôn", copy_type="ban_chinh", count=1
    )
    Component.objects.create(
        version=version, order=2, name="Giấy xác nhận tình trạng hôn nhân", copy_type="ban_chinh", count=1
    )
    Component.objects.create(
        version=version,
        order=3,
        name="Văn bản ủy quyền",
        copy_type="ban_sao_chung_thuc",
        count=1,
        condition="khi nộp thay",
    )
    FeeLine.objects.create(version=version, order=1, name="Lệ phí đăng ký kết hôn", amount_vnd=0)
    return version


def make_process(version: ProcedureVersion, agency: Agency, steps=None) -> ProcessTemplate:
    """Default: reception ½ day, appraisal 13 days, leader approval 1 day, result ½ day = 15 days."""
    template = ProcessTemplate.objects.create(
        procedure=version.procedure, agency=agency, name="Quy trình nội bộ"
    )
    steps = steps or [
        ("Tiếp nhận, chuyển hồ sơ", Role.DESK_OFFICER, "0.5"),
        ("Thẩm định hồ sơ", Role.SPECIALIST, "13"),
        ("Phê duyệt", Role.LEADER, "1"),
        ("Trả kết quả", Role.CLERK, "0.5"),
    ]
    for order, (name, role, budget, *rest) in enumerate(steps, start=1):
        ProcessStep.objects.create(
            template=template,
            order=order,
            name=name,
            role=role,
            agency=rest[0] if rest else None,
            budget=Decimal(budget),
        )
    return template


def required_components(version: ProcedureVersion) -> list[dict]:
    return [{"component_id": c.pk, "count": c.count or 1} for c in version.components.all() if c.required]


APPLICANT = {
    "kind": 1,
    "identifier": "001090012345",
    "name": "Nguyễn Văn An",
    "address": "12 Phố Huế, Hà Nội",
    "phone": "0912345678",
    "email": "an@example.vn",
}


class Desk:
    """A ready scene: an agency with one officer per role, a 15-working-day procedure with a process."""

    def __init__(
        self,
        identifier: str = "000.00.06.H56",
        name: str = "Ủy ban nhân dân phường Ba Đình",
        version: ProcedureVersion | None = None,
        with_process: bool = True,
    ):
        self.agency = make_agency(identifier, name)
        self.desk = make_user(self.agency, Role.DESK_OFFICER)
        self.specialist = make_user(self.agency, Role.SPECIALIST)
        self.head = make_user(self.agency, Role.HEAD)
        self.leader = make_user(self.agency, Role.LEADER)
        self.clerk = make_user(self.agency, Role.CLERK)
        self.version = version or make_version()
        if with_process:
            make_process(self.version, self.agency)


def prove_identity(user: User) -> User:
    """Mark a citizen account's personal ID / enterprise code as proven (as a VNeID login would):
    only then does it see the dossiers of that identifier that it did not submit itself."""
    from motcua.portal.models import IdentityProof
    from motcua.portal.verification import prove

    prove(user, IdentityProof.Method.VNEID)
    return user
