"""Read the catalogue spreadsheet: sheets procedures, components, fees, process_steps.

One header row per sheet, one item per row; components, fees and steps name their procedure by
code (or by its import id when the procedure has no code); steps name agencies by identifier
code. The rows are reshaped into the records of procedures.yaml so both formats share one
validation.
"""

import zipfile
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from .readers import LOC, plain
from .report import CatalogFileError, Loc, RowError

# Column → key in the procedures.yaml record ("a.b" = nested key b of a).
PROCEDURE_COLUMNS = {
    "source_id": "id",
    "code": "code",
    "name": "name",
    "alt_name": "name_variant_2026",
    "field": "field",
    "field_code": "field_code",
    "level": "level",
    "level_before_2025": "level_before_2025_07_01",
    "subjects": "subjects",
    "implementing_agency": "implementing_agency",
    "version": "version",
    "status": "status",
    "valid_from": "valid_from",
    "valid_to": "valid_to",
    "decision_number": "decision_number",
    "decision_date": "decision_date",
    "time_limit_kind": "time_limit.kind",
    "time_limit_value": "time_limit.value",
    "time_limit_text": "time_limit.text",
    "same_day_cutoff": "time_limit.cutoff",
    "online_level": "online_level",
    "legacy_level": "legacy_level",
    "postal": "postal",
    "inter_agency": "inter_agency",
    "boundary_free": "boundary_free",
    "paper_result": "paper_result",
    "max_supplements": "max_supplements",
    "pause_on_financial_obligation": "pause_on_financial_obligation",
    "steps": "steps",
    "conditions": "conditions",
    "result": "result",
    "legal_basis": "legal_basis",
    "unverified": "unverified",
    "notes": "notes",
}
COMPONENT_COLUMNS = ["order", "name", "copy_type", "count", "mode", "condition", "form_template"]
FEE_COLUMNS = ["order", "kind", "name", "amount_vnd", "amount_text", "unit", "basis", "exemptions"]
STEP_COLUMNS = ["order", "name", "role", "step_agency", "budget"]
LINK = "procedure_code"
PROCEDURE_NAMES = {key: column for column, key in PROCEDURE_COLUMNS.items()}
# Multi-line cells hold lists in these columns.
LIST_KEYS = {"legal_basis", "unverified"}


def read_workbook(path: Path) -> tuple[list[dict], list[RowError]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CatalogFileError(
            _("Không đọc được bảng tính %(name)s: %(error)s") % {"name": path.name, "error": exc}
        ) from exc
    try:
        sheets = {ws.title.strip().lower(): _rows(ws) for ws in book.worksheets}
    finally:
        book.close()
    if "procedures" not in sheets:
        raise CatalogFileError(_("Bảng tính %(name)s thiếu sheet 'procedures'.") % {"name": path.name})
    errors: list[RowError] = []
    records = [_procedure(row, number) for number, row in sheets["procedures"]]
    by_key: dict[str, dict] = {}
    for record in records:
        for key in (record.get("code"), record.get("id")):
            if isinstance(key, str) and key:
                by_key.setdefault(key, record)
    _attach(sheets.get("components", []), "components", COMPONENT_COLUMNS, by_key, errors)
    _attach(sheets.get("fees", []), "fees", FEE_COLUMNS, by_key, errors)
    _attach_steps(sheets.get("process_steps", []), by_key, errors)
    return records, errors


def _rows(ws: Any) -> list[tuple[int, dict[str, Any]]]:
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return []
    names = [str(cell).strip().lower() if cell is not None else "" for cell in header]
    out: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(rows, start=2):
        row = {name: plain(value) for name, value in zip(names, values, strict=False) if name}
        if any(value is not None for value in row.values()):
            out.append((number, row))
    return out


def _procedure(row: dict[str, Any], number: int) -> dict:
    record: dict[str, Any] = {"components": [], "fees": [], "process": []}
    for column, key in PROCEDURE_COLUMNS.items():
        value = row.get(column)
        if value is None:
            continue
        if key in LIST_KEYS and isinstance(value, str):
            value = [line.strip() for line in value.splitlines() if line.strip()]
        if "." in key:
            outer, inner = key.split(".")
            record.setdefault(outer, {})[inner] = value
        else:
            record[key] = value
    record[LOC] = Loc("procedures", number, names=PROCEDURE_NAMES)
    return record


def _owner(
    row: dict[str, Any], sheet: str, number: int, by_key: dict[str, dict], errors: list[RowError]
) -> dict | None:
    link = row.get(LINK)
    if link is None:
        errors.append(RowError(sheet, number, LINK, _("Thiếu mã thủ tục.")))
        return None
    owner = by_key.get(str(link))
    if owner is None:
        errors.append(
            RowError(
                sheet,
                number,
                LINK,
                _("Không có thủ tục mã «%(code)s» trong sheet procedures.") % {"code": link},
            )
        )
    return owner


def _attach(
    rows: list, sheet: str, columns: list[str], by_key: dict[str, dict], errors: list[RowError]
) -> None:
    for number, row in rows:
        owner = _owner(row, sheet, number, by_key, errors)
        if owner is not None:
            item = {column: row.get(column) for column in columns if row.get(column) is not None}
            item[LOC] = Loc(sheet, number)
            owner[sheet].append(item)


def _attach_steps(rows: list, by_key: dict[str, dict], errors: list[RowError]) -> None:
    templates: dict[tuple[int, Any, Any], dict] = {}
    for number, row in rows:
        owner = _owner(row, "process_steps", number, by_key, errors)
        if owner is None:
            continue
        key = (id(owner), row.get("agency"), row.get("process_name"))
        template = templates.get(key)
        if template is None:
            template = {
                "agency": row.get("agency"),
                "name": row.get("process_name"),
                "valid_from": row.get("valid_from"),
                "steps": [],
                LOC: Loc("process_steps", number, names={"agency": "agency", "name": "process_name"}),
            }
            templates[key] = template
            owner["process"].append(template)
        step = {column: row.get(column) for column in STEP_COLUMNS if row.get(column) is not None}
        if "step_agency" in step:
            step["agency"] = step.pop("step_agency")
        step[LOC] = Loc("process_steps", number, names={"agency": "step_agency"})
        template["steps"].append(step)
