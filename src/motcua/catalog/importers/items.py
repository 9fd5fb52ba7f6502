"""Check the items of a record: dossier components, fees and internal processes."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from . import values as v
from .readers import LOC
from .report import Loc
from .values import Checker


@dataclass
class StepData:
    order: int
    name: str
    role: str
    agency_code: str
    budget: Decimal | None
    loc: Loc


@dataclass
class ProcessData:
    agency_code: str
    name: str
    valid_from: date | None
    active: bool
    steps: list[StepData]
    loc: Loc


def _items(value: Any, key: str, check: Checker) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list):
        check.fail(key, _("Phải là một danh sách."))
        return []
    items = []
    for index, item in enumerate(value):
        if isinstance(item, dict):
            items.append(item)
        else:
            check.fail(f"{key}[{index}]", _("Mỗi phần tử phải là một bảng khóa: giá trị."))
    return items


def components(value: Any, check: Checker) -> list[dict[str, Any]]:
    out = []
    for position, item in enumerate(_items(value, "components", check), start=1):
        loc = item[LOC]
        name = v.text(item.get("name"))
        if not name:
            check.fail("name", _("Thiếu tên thành phần hồ sơ."), loc)
        choice, wording = v.copy_type(item.get("copy_type"))
        count = item.get("count")
        if count is not None and count != "":
            count = check.take(
                lambda c=count: v.integer(
                    c,
                    minimum=1,
                    message=_("Số lượng bản phải là số nguyên dương; để trống nếu nguồn không ghi."),
                ),
                "count",
                None,
                loc,
            )
        else:
            count = None
        condition = v.text(item.get("condition"))
        out.append(
            {
                "order": check.take(lambda i=item, p=position: _order(i, p), "order", position, loc),
                "name": name,
                "copy_type": choice,
                "copy_type_text": wording,
                "count": count,
                "mode": check.take(lambda i=item: v.mode(i.get("mode")), "mode", "nop", loc),
                "condition": condition,
                "required": not condition,
                "form_template": v.text(item.get("form_template")),
                LOC: loc,
            }
        )
    return sorted(out, key=lambda c: c["order"])


def fees(value: Any, check: Checker) -> list[dict[str, Any]]:
    out = []
    for position, item in enumerate(_items(value, "fees", check), start=1):
        loc = item[LOC]
        name = v.text(item.get("name"))
        if not name:
            check.fail("name", _("Thiếu tên khoản phí, lệ phí."), loc)
        out.append(
            {
                "order": check.take(lambda i=item, p=position: _order(i, p), "order", position, loc),
                "kind": check.take(lambda i=item, n=name: v.fee_kind(i.get("kind"), n), "kind", "", loc),
                "name": name,
                "amount_vnd": check.take(
                    lambda i=item: v.amount(i.get("amount_vnd")), "amount_vnd", None, loc
                ),
                "amount_text": v.text(item.get("amount_text") or item.get("amount_foreign")),
                "unit": v.text(item.get("unit")),
                "basis": v.text(item.get("basis")),
                "exemptions": v.text(item.get("exemptions")),
                "examples": _examples(item.get("examples")),
                LOC: loc,
            }
        )
    return sorted(out, key=lambda f: f["order"])


def _examples(value: Any) -> list[Any]:
    if not isinstance(value, list):
        return []
    return [
        {k: (val if isinstance(val, int | str) or val is None else str(val)) for k, val in e.items()}
        if isinstance(e, dict)
        else str(e)
        for e in value
    ]


def _order(item: dict, position: int) -> int:
    if item.get("order") in (None, ""):
        return position
    return v.integer(item["order"], minimum=0, message=_("Thứ tự phải là số nguyên không âm."))


def processes(value: Any, check: Checker) -> list[ProcessData]:
    out = []
    for item in _items(value, "process", check):
        loc = item[LOC]
        agency = v.text(item.get("agency"))
        if not agency:
            check.fail("agency", _("Thiếu mã định danh của cơ quan áp dụng quy trình."), loc)
        steps = []
        for position, step in enumerate(_items(item.get("steps"), "steps", check), start=1):
            sloc = step[LOC]
            name = v.text(step.get("name"))
            if not name:
                check.fail("name", _("Thiếu tên bước."), sloc)
            budget = step.get("budget")
            if budget is None or budget == "":
                check.fail("budget", _("Thiếu thời gian của bước."), sloc)
            else:
                budget = check.take(
                    lambda b=budget: v.decimal(b, _("Thời gian của bước phải là số, ví dụ 0,5.")),
                    "budget",
                    None,
                    sloc,
                )
            steps.append(
                StepData(
                    order=check.take(lambda s=step, p=position: _order(s, p), "order", position, sloc),
                    name=name,
                    role=check.take(lambda s=step: v.role(s.get("role")), "role", "", sloc),
                    agency_code=v.text(step.get("agency")),
                    budget=budget,
                    loc=sloc,
                )
            )
        out.append(
            ProcessData(
                agency_code=agency,
                name=v.text(item.get("name")) or _("Quy trình nội bộ"),
                valid_from=check.take(lambda i=item: v.day(i.get("valid_from")), "valid_from", None, loc),
                active=check.take(lambda i=item: v.boolean(i.get("active"), True), "active", True, loc),
                steps=steps,
                loc=loc,
            )
        )
    return out
