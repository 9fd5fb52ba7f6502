"""Turn a catalogue file into raw records shaped like procedures.yaml, each item with its Loc.

Every dict handed on carries the key ``LOC`` with its place in the file, so that errors found
later (also in the database phase) point at the right record, sheet and row.
"""

import json
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

from .report import CatalogFileError, Loc, RowError

LOC = "__loc__"
NESTED = ("components", "fees")


class _LineDict(dict):
    line: int | None = None


# The C loader (libyaml) is twenty times faster; the pure-Python one is the fallback.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """Safe loader that remembers the line of every mapping, for error messages."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    mapping = _LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_file(path: Path) -> tuple[list[dict], list[RowError]]:
    """Raw procedure records and the errors of the file's structure."""
    suffix = path.suffix.lower()
    if suffix not in {".yaml", ".yml", ".json", ".xlsx"}:
        raise CatalogFileError(
            _("Không nhận dạng được định dạng tệp %(name)s (dùng .yaml, .yml, .json hoặc .xlsx).")
            % {"name": path.name}
        )
    if not path.is_file():
        raise CatalogFileError(_("Không tìm thấy tệp %(path)s.") % {"path": path})
    if suffix == ".xlsx":
        from .spreadsheet import read_workbook

        return read_workbook(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if suffix == ".json" else yaml.load(text, Loader=_LineLoader)  # noqa: S506
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogFileError(
            _("Không đọc được tệp %(path)s: %(error)s") % {"path": path, "error": exc}
        ) from exc
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise CatalogFileError(
            _("Tệp %(name)s không đúng cú pháp: %(error)s") % {"name": path.name, "error": exc}
        ) from exc
    return _from_document(data, path.name, with_lines=suffix != ".json")


def _from_document(data: Any, filename: str, *, with_lines: bool) -> tuple[list[dict], list[RowError]]:
    records = data.get("procedures") if isinstance(data, dict) else data
    if not isinstance(records, list):
        raise CatalogFileError(
            _("Tệp %(name)s phải có danh sách 'procedures' (mỗi phần tử là một thủ tục).")
            % {"name": filename}
        )
    errors: list[RowError] = []
    declared = data.get("count") if isinstance(data, dict) else None
    if isinstance(declared, int) and declared != len(records):
        errors.append(
            RowError(
                filename,
                None,
                "count",
                _("Tệp ghi có %(declared)s thủ tục nhưng danh sách có %(actual)s; tệp có thể bị cắt cụt.")
                % {"declared": declared, "actual": len(records)},
            )
        )
    out: list[dict] = []
    for index, raw in enumerate(records, start=1):
        row = getattr(raw, "line", None) if with_lines else index
        if not isinstance(raw, dict):
            errors.append(
                RowError(
                    _("bản ghi %(n)s") % {"n": index},
                    row,
                    "",
                    _("Mỗi thủ tục phải là một bảng khóa: giá trị."),
                )
            )
            continue
        source = str(raw.get("id") or raw.get("code") or _("bản ghi %(n)s") % {"n": index})
        loc = Loc(source, row)
        record = dict(raw)
        record[LOC] = loc
        for key in NESTED:
            record[key] = _nested(raw.get(key), key, loc, with_lines)
        record["process"] = _processes(raw.get("process"), loc, with_lines)
        out.append(record)
    return out, errors


def _nested(items: Any, key: str, loc: Loc, with_lines: bool) -> Any:
    if not isinstance(items, list):
        return items
    out: list[Any] = []
    for index, item in enumerate(items):
        if isinstance(item, dict):
            line = getattr(item, "line", None) if with_lines else None
            item = {**item, LOC: loc.child(f"{key}[{index}].", line)}
        out.append(item)
    return out


def _processes(value: Any, loc: Loc, with_lines: bool) -> Any:
    if value is None:
        return []
    items = [value] if isinstance(value, dict) else value
    if not isinstance(items, list):
        return value
    out: list[Any] = []
    for index, item in enumerate(items):
        if isinstance(item, dict):
            line = getattr(item, "line", None) if with_lines else None
            ploc = loc.child(f"process[{index}].", line)
            item = {
                **item,
                LOC: ploc,
                "steps": _nested(item.get("steps"), "steps", ploc, with_lines),
            }
        out.append(item)
    return out


def plain(value: Any) -> Any:
    """Spreadsheet cells come as datetimes for dates; keep the date (or the time) only."""
    if isinstance(value, datetime):
        return value.time() if value.date() == date(1899, 12, 30) else value.date()
    if isinstance(value, time | date):
        return value
    if isinstance(value, str):
        return value.strip() or None
    return value
