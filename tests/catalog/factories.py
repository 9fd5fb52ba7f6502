"""Small builders for catalogue tests: each makes one valid object, overridable by keyword."""

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from motcua.catalog.models import Field, Procedure, ProcedureVersion
from motcua.org.models import AdministrativeUnit, Agency, UnitLevel

# The copy shipped with the demo (kept in step with ../shared/data/procedures.yaml).
DATA_FILE = Path(__file__).resolve().parents[2] / "src" / "motcua" / "demo_data" / "procedures.yaml"


def make_level(code: str = "commune") -> UnitLevel:
    names = {"province": ("Cấp tỉnh", 1), "commune": ("Cấp xã", 3)}
    name, rank = names.get(code, (code, 2))
    level, _ = UnitLevel.objects.get_or_create(code=code, defaults={"name": name, "rank": rank})
    return level


def make_field(name: str = "Hộ tịch", code: str = "ho-tich") -> Field:
    field, _ = Field.objects.get_or_create(code=code, defaults={"name": name})
    return field


def make_procedure(code: str = "1.001193", name: str = "Thủ tục đăng ký khai sinh", **kw: Any) -> Procedure:
    kw.setdefault("field", make_field())
    kw.setdefault("level", make_level())
    return Procedure.objects.create(code=code, name=name, **kw)


def make_version(procedure: Procedure | None = None, **kw: Any) -> ProcedureVersion:
    values: dict[str, Any] = {
        "number": 1,
        "status": ProcedureVersion.Status.PUBLISHED,
        "time_limit": Decimal(15),
        "time_limit_unit": "working_days",
        "time_limit_text": "15 ngày làm việc",
    }
    values.update(kw)
    version = ProcedureVersion(procedure=procedure or make_procedure(), **values)
    version.full_clean()
    version.save()
    return version


def make_agency(identifier_code: str = "000.00.06.H56", name: str = "UBND xã Thử Nghiệm") -> Agency:
    level = make_level("commune")
    unit, _ = AdministrativeUnit.objects.get_or_create(
        level=level, code="99999", defaults={"name": "Xã Thử Nghiệm"}
    )
    return Agency.objects.create(identifier_code=identifier_code, name=name, unit=unit)


def record(**overrides: Any) -> dict[str, Any]:
    """One procedure in the procedures.yaml shape, valid unless overridden."""
    values: dict[str, Any] = {
        "id": "ho-tich/dang-ky-khai-sinh",
        "code": "1.001193",
        "name": "Thủ tục đăng ký khai sinh",
        "field": "Hộ tịch",
        "level": "commune",
        "implementing_agency": "Ủy ban nhân dân cấp xã",
        "time_limit": {"kind": "working_days", "value": 3, "text": "03 ngày làm việc"},
        "fees": [{"name": "Lệ phí đăng ký khai sinh", "amount_vnd": 0}],
        "components": [{"name": "Tờ khai đăng ký khai sinh", "copy_type": "bản chính", "count": 1}],
        "result": "Giấy khai sinh",
        "legal_basis": ["Luật Hộ tịch số 60/2014/QH13"],
        "unverified": [],
    }
    values.update(overrides)
    return values


def write_catalog(directory: Path, records: list[dict[str, Any]], name: str = "catalog.yaml") -> Path:
    path = directory / name
    path.write_text(
        yaml.safe_dump({"procedures": records}, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return path


def on(day: str) -> date:
    return date.fromisoformat(day)
