"""The demo province from ``demo_data/province.yaml``: units, agencies, staff and processes.

Names and codes of units and agencies are real (see the data file's sources). Agencies' electronic
identifier codes were not found in any public source, so the demo gives them placeholders of the
national shape with a ``D`` (demo) in place of the official letter: ``000.00.07.D31``.
"""

import random
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

import yaml
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from motcua.catalog.models import Procedure, ProcessTemplate
from motcua.catalog.selectors import version_in_force
from motcua.catalog.services import save_process
from motcua.org.models import AdministrativeUnit, Agency, Membership, Role, UnitLevel, User

from .names import person

DATA = Path(__file__).resolve().parent.parent / "demo_data" / "province.yaml"
COMMUNES = 16  # communes loaded of those listed in the data file (the issue asks for at least 12)

# Which department appraises a province-level procedure, by field (after the 2025 mergers:
# transport went to Construction, labour and veterans' affairs to Home Affairs, business
# registration to Finance).
DEPARTMENT_BY_FIELD = {
    "Khám bệnh, chữa bệnh": "so-y-te",
    "Lý lịch tư pháp": "so-tu-phap",
    "Người có công": "so-noi-vu",
    "Quản lý đào tạo, sát hạch, cấp giấy phép lái xe": "so-xay-dung",
    "Thành lập và hoạt động của doanh nghiệp": "so-tai-chinh",
    "Đất đai": "so-nong-nghiep-moi-truong",
}
STAFF = [(Role.DESK_OFFICER, 2), (Role.SPECIALIST, 2), (Role.HEAD, 1), (Role.LEADER, 1), (Role.CLERK, 1)]


@dataclass
class Province:
    unit: AdministrativeUnit
    centre: Agency
    departments: dict[str, Agency]
    communes: list[Agency]
    staff: dict[int, dict[str, list[User]]] = field(default_factory=dict)  # agency id → role → users

    @property
    def receiving(self) -> list[Agency]:
        return [self.centre, *self.communes]


def _identifier(n: int) -> str:
    return f"000.00.{n:02d}.D31"


def _agency(code: str, name: str, unit, kind: str, **extra) -> Agency:
    agency, _ = Agency.objects.get_or_create(
        identifier_code=code, defaults={"name": name, "unit": unit, "kind": kind, **extra}
    )
    return agency


@transaction.atomic
def load_province(password: str) -> Province:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    level_p, _ = UnitLevel.objects.get_or_create(code="province", defaults={"name": "Cấp tỉnh", "rank": 1})
    level_c, _ = UnitLevel.objects.get_or_create(code="commune", defaults={"name": "Cấp xã", "rank": 3})
    p = data["province"]
    unit, _ = AdministrativeUnit.objects.get_or_create(
        level=level_p, code=p["code"], defaults={"name": p["name"], "kind": p["kind"]}
    )
    deps = {d["id"]: d for d in data["departments"]}
    centre = _agency(
        _identifier(1),
        deps["ttpvhcc-tp"]["name"],
        unit,
        "trung_tam",
        receives_dossiers=True,
        boundary_free=True,
        address="Hải Phòng",
    )
    departments = {}
    for n, (key, dep) in enumerate(((k, v) for k, v in deps.items() if k.startswith("so-")), start=10):
        departments[key] = _agency(_identifier(n), dep["name"], unit, "so")
    communes = []
    for n, row in enumerate(data["communes"][:COMMUNES], start=40):
        cu, _ = AdministrativeUnit.objects.get_or_create(
            level=level_c,
            code=row["code"],
            defaults={"name": row["name"], "kind": row["kind"], "parent": unit},
        )
        communes.append(
            _agency(
                _identifier(n),
                f"Ủy ban nhân dân {row['name'][0].lower()}{row['name'][1:]}",
                cu,
                "ubnd",
                receives_dossiers=True,
                address=f"{row['name']}, Hải Phòng",
            )
        )
    province = Province(unit, centre, departments, communes)
    _staff(province, make_password(password))
    _processes(province)
    return province


def _staff(province: Province, hashed: str) -> None:
    """Officers for every role; one password hash computed once (hashing costs ~0.3 s a user)."""
    agencies = [province.centre, *province.departments.values(), *province.communes]
    rng = random.Random(31)
    for agency in agencies:
        roles = province.staff.setdefault(agency.pk, {})
        for role, count in STAFF:
            for i in range(1, count + 1):
                username = f"{role.replace('_', '')}{i}.{agency.identifier_code.split('.')[2]}"
                user, created = User.objects.get_or_create(
                    username=username,
                    defaults={
                        "full_name": person(rng),
                        "password": hashed,
                        "is_staff": True,
                    },
                )
                if created:
                    Membership.objects.create(user=user, agency=agency, role=role)
                roles.setdefault(role, []).append(user)
    for role in (Role.REFORM_MANAGER, Role.INSPECTOR, Role.ADMINISTRATOR):
        user, created = User.objects.get_or_create(
            username=role.replace("_", ""),
            defaults={
                "full_name": f"{Role(role).label} (mẫu)",
                "password": hashed,
                "is_staff": True,
                "is_superuser": role == Role.ADMINISTRATOR,
            },
        )
        if created:
            Membership.objects.create(user=user, agency=province.centre, role=role)


def _budgets(limit: Decimal, shares: list[int]) -> list[Decimal]:
    """Split a time limit into step budgets (two decimals), the largest step taking the rest."""
    total = sum(shares)
    parts = [(limit * s / total).quantize(Decimal("0.01"), rounding=ROUND_DOWN) for s in shares]
    biggest = shares.index(max(shares))
    parts[biggest] += limit - sum(parts)
    return parts


def _processes(province: Province) -> None:
    today = timezone.localdate()
    existing = set(ProcessTemplate.objects.values_list("procedure_id", "agency_id"))
    for procedure in Procedure.objects.select_related("level", "field"):
        version = version_in_force(procedure, today)
        if version is None or not version.has_confirmed_time_limit() or version.time_limit <= 0:
            continue
        if procedure.level.code == "province":
            dep = province.departments.get(DEPARTMENT_BY_FIELD.get(procedure.field.name, ""), None)
            dep = dep or province.departments["so-tu-phap"]
            targets = [province.centre]
            steps = [
                ("Tiếp nhận, chuyển hồ sơ", Role.DESK_OFFICER, None, 1),
                ("Thẩm định hồ sơ", Role.SPECIALIST, dep, 12),
                ("Lãnh đạo Sở phê duyệt", Role.LEADER, dep, 2),
                ("Đóng dấu, chuyển kết quả", Role.CLERK, dep, 1),
            ]
        else:
            targets = province.communes
            steps = [
                ("Tiếp nhận, chuyển hồ sơ", Role.DESK_OFFICER, None, 1),
                ("Thẩm định hồ sơ", Role.SPECIALIST, None, 12),
                ("Lãnh đạo UBND phê duyệt", Role.LEADER, None, 2),
                ("Vào sổ, đóng dấu", Role.CLERK, None, 1),
            ]
        budgets = _budgets(version.time_limit, [s[3] for s in steps])
        for agency in targets:
            if (procedure.pk, agency.pk) in existing:
                continue
            save_process(
                ProcessTemplate(
                    procedure=procedure, agency=agency, name=f"Quy trình nội bộ {procedure.code}"
                ),
                [
                    {"order": i + 1, "name": n, "role": r, "agency": a, "budget": b}
                    for i, ((n, r, a, _), b) in enumerate(zip(steps, budgets, strict=True))
                ],
            )
