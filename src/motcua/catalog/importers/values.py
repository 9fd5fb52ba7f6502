"""Converters from loosely typed file values to model values.

Each raises ``Bad`` with a Vietnamese reason a person can act on.
"""

import re
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from motcua.org.models import Role

from ..models import Component, FeeLine, ProcedureVersion
from ..text import search_key
from .report import Loc, RowError

_TRUE = {"true", "1", "x", "co", "yes", "y"}
_FALSE = {"false", "0", "khong", "no", "n"}
_AMOUNT = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$|^\d+$")
_PAREN = re.compile(r"\s*\(.*\)\s*$")


class Bad(ValueError):
    """A value that cannot be used; the message says what was expected."""


class Checker:
    """Collects the problems of one record instead of stopping at the first."""

    def __init__(self, loc: Loc) -> None:
        self.loc = loc
        self.errors: list[RowError] = []

    def fail(self, key: str, message: str, loc: Loc | None = None) -> None:
        self.errors.append((loc or self.loc).error(key, message))

    def take(self, convert: Callable[[], Any], key: str, default: Any = None, loc: Loc | None = None) -> Any:
        try:
            return convert()
        except Bad as exc:
            self.fail(key, str(exc), loc)
            return default


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(text(item) for item in value if item is not None)
    return str(value).strip()


def lines(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[;\n]", value) if part.strip()]
    if isinstance(value, list):
        return [text(item) for item in value if text(item)]
    raise Bad(_("Phải là một danh sách."))


def boolean(value: Any, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    key = search_key(str(value))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise Bad(_("Phải là «có» hoặc «không» (true/false)."))


def integer(value: Any, *, minimum: int, maximum: int | None = None, message: str) -> int:
    if isinstance(value, bool):
        raise Bad(message)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or value < minimum or (maximum is not None and value > maximum):
        raise Bad(message)
    return value


def decimal(value: Any, message: str) -> Decimal:
    if isinstance(value, bool):
        raise Bad(message)
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise Bad(message) from None
    if not number.is_finite():
        raise Bad(message)
    return number


def day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(raw, pattern).date()  # noqa: DTZ007 — a calendar date, no time
        except ValueError:
            continue
    raise Bad(_("Ngày «%(value)s» không hợp lệ; ghi dạng YYYY-MM-DD hoặc DD/MM/YYYY.") % {"value": raw})


def clock(value: Any) -> time | None:
    if value is None or value == "":
        return None
    if isinstance(value, time):
        return value
    match = re.fullmatch(r"(\d{1,2})(?:[:hH](\d{2})?)?", str(value).strip())
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise Bad(_("Giờ «%(value)s» không hợp lệ; ghi dạng HH:MM, ví dụ 15:00.") % {"value": value})


def amount(value: Any) -> int | None:
    """Mức thu in đồng; empty means the provincial People's Council sets it (never 0)."""
    message = _("Mức thu phải là số đồng không âm; để trống nếu do HĐND tỉnh quy định.")
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise Bad(message)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and _AMOUNT.match(value.strip()):
        value = int(re.sub(r"[.,]", "", value.strip()))
    if not isinstance(value, int) or value < 0:
        raise Bad(message)
    return value


def online_level(value: Any) -> str:
    key = search_key(text(value)).replace("_", " ")
    if key in {"", "khong", "chua cung cap truc tuyen"}:
        return ""
    if key.endswith("toan trinh"):
        return ProcedureVersion.OnlineLevel.FULL
    if key.endswith("mot phan"):
        return ProcedureVersion.OnlineLevel.PARTIAL
    raise Bad(
        _("Mức độ trực tuyến «%(value)s» không hợp lệ; dùng «toàn trình», «một phần» hoặc để trống.")
        % {"value": value}
    )


_COPY_TYPES = {
    "ban chinh": Component.CopyType.ORIGINAL,
    "ban sao co chung thuc": Component.CopyType.CERTIFIED_COPY,
    "ban sao chung thuc": Component.CopyType.CERTIFIED_COPY,
    "ban sao": Component.CopyType.COPY,
    "ban chup": Component.CopyType.PHOTOCOPY,
    "khac": Component.CopyType.OTHER,
}


def copy_type(value: Any) -> tuple[str, str]:
    """(choice, wording as published). Wordings with alternatives become «khác», kept verbatim."""
    wording = text(value)
    if not wording:
        return "", ""
    if wording in Component.CopyType.values:
        return wording, ""
    key = search_key(_PAREN.sub("", wording)).replace("_", " ")
    return _COPY_TYPES.get(key, Component.CopyType.OTHER), wording


def mode(value: Any) -> str:
    key = search_key(text(value)).replace("_", " ")
    if key in {"", "nop"}:
        return Component.Mode.SUBMIT
    if key == "xuat trinh":
        return Component.Mode.PRESENT
    raise Bad(_("Hình thức «%(value)s» không hợp lệ; dùng «nộp» hoặc «xuất trình».") % {"value": value})


_FEE_KINDS = {
    "phi": FeeLine.Kind.FEE,
    "le phi": FeeLine.Kind.CHARGE,
    "phi le phi": FeeLine.Kind.UNSPECIFIED,
    "phi, le phi": FeeLine.Kind.UNSPECIFIED,
}


def fee_kind(value: Any, name: str) -> str:
    if value is not None and value != "":
        key = search_key(text(value)).replace("_", " ")
        if key not in _FEE_KINDS:
            raise Bad(
                _("Loại khoản thu «%(value)s» không hợp lệ; dùng «phí», «lệ phí» hoặc «phí, lệ phí».")
                % {"value": value}
            )
        return _FEE_KINDS[key]
    # The source names the charge but rarely types it; its first words say which it is.
    named = search_key(name)
    if named.startswith(("phi, le phi", "phi hoac le phi", "phi le phi")):
        return FeeLine.Kind.UNSPECIFIED
    if named.startswith("le phi"):
        return FeeLine.Kind.CHARGE
    if named.startswith("phi"):
        return FeeLine.Kind.FEE
    return FeeLine.Kind.UNSPECIFIED


def role(value: Any) -> str:
    wording = text(value)
    if wording in Role.values:
        return wording
    key = search_key(wording)
    for choice, label in Role.choices:
        if search_key(str(label)) == key:
            return choice
    raise Bad(
        _("Vai trò «%(value)s» không hợp lệ; dùng một trong: %(choices)s.")
        % {"value": wording, "choices": ", ".join(Role.values)}
    )


def unverified(entries: list[str]) -> tuple[list[str], list[str]]:
    """Field keys of "not confirmed" entries, and the explanations that came with them.

    "time_limit/components (chỉ đọc qua bản tóm tắt)" → keys time_limit, components;
    "components.copy_type/count" → components.copy_type, components.count.
    """
    keys: list[str] = []
    details: list[str] = []
    for entry in entries:
        head, _sep, rest = entry.strip().partition(" ")
        parts = [part for part in head.split("/") if part]
        for index, part in enumerate(parts):
            if index and "." in parts[0] and "." not in part:
                part = f"{parts[0].rsplit('.', 1)[0]}.{part}"
            if part not in keys:
                keys.append(part)
        if rest.strip():
            details.append(f"{head}: {rest.strip().removeprefix('(').removesuffix(')')}")
    return keys, details
