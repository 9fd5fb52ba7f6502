"""Check one raw record and turn it into values for the models; collect every problem found."""

from dataclasses import dataclass, field
from datetime import time
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from motcua.calendar.core import LimitUnit

from ..models import ProcedureVersion, unit_word
from ..text import search_key
from . import items
from . import values as v
from .items import ProcessData
from .readers import LOC
from .report import Loc, RowError

NUMERIC_KINDS = ("working_days", "working_hours", "calendar_days")
UNKNOWN_KINDS = ("not_specified", "not_confirmed")
TIME_LIMIT_KINDS = [*NUMERIC_KINDS, "same_day", *UNKNOWN_KINDS]


@dataclass
class ProcedureData:
    loc: Loc
    source_id: str
    code: str
    field_name: str
    field_code: str
    level: str
    level_before: str
    number: int
    status: str
    procedure: dict[str, Any] = field(default_factory=dict)
    version: dict[str, Any] = field(default_factory=dict)
    components: list[dict[str, Any]] = field(default_factory=list)
    fees: list[dict[str, Any]] = field(default_factory=list)
    processes: list[ProcessData] = field(default_factory=list)


def parse_record(raw: dict) -> tuple[ProcedureData | None, list[RowError]]:
    check = v.Checker(raw[LOC])
    name = v.text(raw.get("name"))
    if not name:
        check.fail("name", _("Thiếu tên thủ tục."))
    code = raw.get("code")
    if isinstance(code, int | float) and not isinstance(code, bool):
        check.fail(
            "code",
            _(
                "Mã thủ tục phải ghi dạng chữ (trong dấu nháy), ví dụ '1.001193'; ghi dạng "
                "số sẽ mất các số 0 ở cuối."
            ),
        )
        code = ""
    code, source_id = v.text(code), v.text(raw.get("id"))
    if not code and not source_id:
        check.fail(
            "code",
            _("Cần có mã thủ tục (code) hoặc định danh bản ghi (id) để nhập lại không bị trùng."),
        )
    field_name = v.text(raw.get("field"))
    if not field_name:
        check.fail("field", _("Thiếu lĩnh vực."))
    level = search_key(v.text(raw.get("level")))
    if not level:
        check.fail("level", _("Thiếu cấp thực hiện (province, commune…)."))
    number = check.take(
        lambda: v.integer(
            raw.get("version", 1), minimum=1, message=_("Số phiên bản phải là số nguyên dương.")
        ),
        "version",
        1,
    )
    status = v.text(raw.get("status")) or ProcedureVersion.Status.PUBLISHED
    if status not in ProcedureVersion.Status.values:
        check.fail(
            "status",
            _("Trạng thái «%(value)s» không hợp lệ; dùng %(choices)s.")
            % {"value": status, "choices": ", ".join(ProcedureVersion.Status.values)},
        )

    subjects = check.take(lambda: v.lines(raw.get("subjects")), "subjects", [])
    subject_keys = " ".join(search_key(s) for s in subjects)
    data = ProcedureData(
        loc=check.loc,
        source_id=source_id,
        code=code,
        field_name=field_name,
        field_code=v.text(raw.get("field_code")),
        level=level,
        level_before=_level_before(raw.get("level_before_2025_07_01")),
        number=number,
        status=status,
        procedure={
            "name": name,
            "alt_name": v.text(raw.get("name_variant_2026")),
            "subjects": "; ".join(subjects),
            "for_individuals": any(w in subject_keys for w in ("ca nhan", "cong dan")),
            "for_organisations": any(w in subject_keys for w in ("to chuc", "doanh nghiep")),
            "implementing_agency_text": v.text(raw.get("implementing_agency")),
        },
    )
    data.version = _version(raw, check)
    data.components = items.components(raw.get("components"), check)
    data.fees = items.fees(raw.get("fees"), check)
    data.processes = items.processes(raw.get("process"), check)
    return (None if check.errors else data), check.errors


def _version(raw: dict, check: v.Checker) -> dict[str, Any]:
    limit, unit, limit_text, cutoff, unconfirmed, limit_notes = _time_limit(raw.get("time_limit"), check)
    entries = check.take(lambda: v.lines(raw.get("unverified")), "unverified", [])
    entries += check.take(lambda: v.lines(raw.get("not_shown_in_sources")), "not_shown_in_sources", [])
    keys, details = v.unverified(entries)
    if unconfirmed and "time_limit" not in keys:
        keys.insert(0, "time_limit")
    channels = [search_key(c) for c in check.take(lambda: v.lines(raw.get("channels")), "channels", [])]
    conditions = [
        v.text(raw.get("conditions")),
        v.text(raw.get("requirement")),
        v.text(raw.get("rules")),
    ]
    version = {
        "valid_from": check.take(lambda: v.day(raw.get("valid_from")), "valid_from"),
        "valid_to": check.take(lambda: v.day(raw.get("valid_to")), "valid_to"),
        "decision_number": v.text(raw.get("decision_number")),
        "decision_date": check.take(lambda: v.day(raw.get("decision_date")), "decision_date"),
        "time_limit": limit,
        "time_limit_unit": unit,
        "time_limit_text": limit_text,
        "same_day_cutoff": cutoff,
        "online_level": check.take(lambda: v.online_level(raw.get("online_level")), "online_level", ""),
        "legacy_level": check.take(lambda: _legacy_level(raw.get("legacy_level")), "legacy_level"),
        "postal": check.take(lambda: v.boolean(raw.get("postal"), "buu chinh" in channels), "postal", False),
        "inter_agency": check.take(lambda: v.boolean(raw.get("inter_agency")), "inter_agency", False),
        "boundary_free": check.take(lambda: v.boolean(raw.get("boundary_free")), "boundary_free", False),
        "paper_result": check.take(lambda: v.boolean(raw.get("paper_result")), "paper_result", False),
        "max_supplements": check.take(
            lambda: v.integer(
                raw.get("max_supplements", 1),
                minimum=0,
                message=_("Số lần yêu cầu bổ sung phải là số nguyên không âm."),
            ),
            "max_supplements",
            1,
        ),
        "pause_on_financial_obligation": check.take(
            lambda: v.boolean(raw.get("pause_on_financial_obligation")),
            "pause_on_financial_obligation",
            False,
        ),
        "steps_text": v.text(raw.get("steps")),
        "conditions": "\n".join(c for c in conditions if c),
        "result_document": v.text(raw.get("result")),
        "legal_basis": v.text(raw.get("legal_basis")),
        "unverified_fields": keys,
        "sources": check.take(lambda: v.lines(raw.get("sources")), "sources", []),
        "notes": _notes(raw, limit_notes, details),
    }
    if version["valid_from"] is None and isinstance(raw.get("time_limit"), dict):
        version["valid_from"] = check.take(
            lambda: v.day(raw["time_limit"].get("valid_from")), "time_limit.valid_from"
        )
    return version


def _level_before(value: Any) -> str:
    """The pre-2025 level when the source names exactly one; wording with caveats goes to notes."""
    words = search_key(v.text(value)).split(" ")
    if len(words) == 1 or words[1].startswith("("):
        return words[0]
    return ""


def _legacy_level(value: Any) -> int | None:
    if value is None or value == "":
        return None
    return v.integer(value, minimum=1, maximum=4, message=_("Mức độ theo Nghị định 43/2011 phải từ 1 đến 4."))


def _time_limit(raw: Any, check: v.Checker) -> tuple[Decimal | None, str, str, time, bool, list[str]]:
    """(limit, unit, wording, same-day cut-off, unconfirmed?, notes)."""
    default_cutoff = time(15, 0)
    if not isinstance(raw, dict):
        check.fail(
            "time_limit.kind",
            _("Thiếu thời hạn giải quyết; nếu văn bản không quy định, ghi kind: not_specified."),
        )
        return None, "", "", default_cutoff, True, []
    kind = v.text(raw.get("kind"))
    wording = v.text(raw.get("text")) or v.text(raw.get("text_official_list_2026"))
    cutoff = check.take(lambda: v.clock(raw.get("cutoff")), "time_limit.cutoff") or default_cutoff
    notes = _limit_notes(raw)
    if kind not in TIME_LIMIT_KINDS:
        check.fail(
            "time_limit.kind",
            _("Loại thời hạn «%(value)s» không hợp lệ; dùng một trong: %(kinds)s.")
            % {"value": kind, "kinds": ", ".join(TIME_LIMIT_KINDS)},
        )
        return None, "", wording, cutoff, True, notes
    if kind in UNKNOWN_KINDS:
        return None, "", wording, cutoff, True, notes
    if kind == "same_day":
        return Decimal(1), LimitUnit(kind).value, wording, cutoff, False, notes
    if raw.get("value") is None:
        # The source gives several figures (per channel or case) but no single one: keep the unit.
        return None, LimitUnit(kind).value, wording, cutoff, True, notes
    message = _("Thời hạn phải là số nguyên dương.")
    number = check.take(lambda: v.decimal(raw.get("value"), message), "time_limit.value")
    if number is not None and (number <= 0 or number != number.to_integral_value()):
        check.fail("time_limit.value", message)
    return number, LimitUnit(kind).value, wording, cutoff, False, notes


def _limit_notes(raw: dict) -> list[str]:
    notes: list[str] = []
    extension = raw.get("extension")
    if isinstance(extension, dict) and extension.get("value") is not None:
        notes.append(
            _("Thời hạn kéo dài: %(value)s %(unit)s khi %(condition)s.")
            % {
                "value": extension["value"],
                "unit": _unit_text(extension.get("unit")),
                "condition": v.text(extension.get("condition")) or _("có điều kiện theo văn bản"),
            }
        )
    variants = raw.get("variants")
    if isinstance(variants, list):
        parts = []
        for item in variants:
            if isinstance(item, dict):
                label = v.text(item.get("case") or item.get("channel"))
                parts.append(f"{label}: {item.get('value')} {_unit_text(item.get('unit'))}".strip())
        if parts:
            notes.append(_("Thời hạn theo trường hợp: %(parts)s.") % {"parts": "; ".join(parts)})
    portal = raw.get("portal_2026_value")
    if isinstance(portal, dict) and portal.get("value") is not None:
        notes.append(
            _("Cổng DVCQG 2026 ghi thời hạn: %(value)s (đơn vị «%(unit)s»).")
            % {
                "value": portal["value"],
                "unit": v.text(portal.get("unit_label") or portal.get("unit")),
            }
        )
    return notes


def _unit_text(unit: Any) -> str:
    return unit_word(unit) if unit in {u.value for u in LimitUnit} else v.text(unit)


def _notes(raw: dict, limit_notes: list[str], details: list[str]) -> str:
    parts = [v.text(raw.get("notes")), *limit_notes]
    before = v.text(raw.get("level_before_2025_07_01"))
    if " " in before:
        parts.append(_("Cấp thực hiện trước 01/7/2025: %(text)s") % {"text": before})
    labelled = [
        ("fees_note", _("Phí, lệ phí")),
        ("online_level_source_note", _("Nguồn mức độ trực tuyến")),
        ("appearance_required", _("Yêu cầu có mặt")),
        ("number_of_sets", _("Số bộ hồ sơ")),
    ]
    parts += [f"{label}: {v.text(raw[key])}" for key, label in labelled if raw.get(key) not in (None, "")]
    if details:
        parts.append(_("Chưa xác minh — %(details)s.") % {"details": "; ".join(details)})
    return "\n".join(p for p in parts if p)
