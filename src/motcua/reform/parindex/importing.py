"""Reading a criteria tree (YAML or Excel) and survey scores (Excel or CSV) into plain rows.

Nothing here writes: the parsers return rows or raise ``InvalidInput`` whose ``details["errors"]``
lists every bad row in Vietnamese ("Dòng 4: …"), so that an import is all or nothing and the
person fixes the whole file at once.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from motcua.dossiers.errors import InvalidInput

FRAMEWORKS_DIR = Path(__file__).resolve().parent / "frameworks"
CODE_RE = re.compile(r"^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$")


@dataclass
class CriterionRow:
    code: str
    title: str
    parent_code: str = ""
    max_points: Decimal | None = None
    rule: str = ""
    evidence: str = ""
    survey: bool = False
    kind: str = "normal"
    verified: bool = False
    note: str = ""
    source: str = ""
    metric: str = ""
    measure_rule: dict | None = None
    line: int = 0


@dataclass
class TreeFile:
    framework: dict = field(default_factory=dict)
    groups: list[str] = field(default_factory=list)
    rows: list[CriterionRow] = field(default_factory=list)


def template_files() -> list[tuple[str, str]]:
    """(file name, framework name) of the templates shipped with the app."""
    out = []
    for path in sorted(FRAMEWORKS_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        out.append((path.name, (data.get("framework") or {}).get("name", path.stem)))
    return out


def read_template(name: str) -> TreeFile:
    path = FRAMEWORKS_DIR / Path(name).name
    if not path.is_file():
        raise InvalidInput(_("Không có mẫu bộ chỉ số “%(n)s”.") % {"n": name})
    return parse_yaml(path.read_bytes())


def fail(errors: list[str]) -> None:
    if errors:
        shown = errors[:20]
        more = len(errors) - len(shown)
        text = " ".join(shown) + (_(" … và %(n)d lỗi khác.") % {"n": more} if more else "")
        raise InvalidInput(
            _("Tệp có %(n)d lỗi, chưa nhập gì: %(e)s") % {"n": len(errors), "e": text},
            details={"errors": errors},
        )


def _points(value, where: str, errors: list[str]) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        errors.append(_("%(w)s: điểm “%(v)s” không phải là số.") % {"w": where, "v": value})
        return None


def _flag(value) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in {"1", "x", "có", "co", "true", "yes", "đúng"}


def _metric(value) -> tuple[str, str]:
    """(metric, note): one metric id is the criterion's; several are kept only as a suggestion."""
    if not value:
        return "", ""
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if len(value) == 1:
        return value[0], ""
    return "", _("Có thể đo từ hệ thống (gợi ý): %(m)s.") % {"m": ", ".join(value)}


def parse_yaml(data: bytes) -> TreeFile:
    """The tree shape of par-index.yaml: code, title/title_vi, max_points, rule, survey, …, children."""
    try:
        doc = yaml.safe_load(data.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InvalidInput(_("Tệp YAML không đọc được: %(e)s") % {"e": exc}) from exc
    if isinstance(doc, list):
        doc = {"tree": doc}
    if not isinstance(doc, dict) or not isinstance(doc.get("tree"), list):
        raise InvalidInput(_("Tệp YAML phải có danh sách “tree” các lĩnh vực, tiêu chí."))
    errors: list[str] = []
    rows: list[CriterionRow] = []

    def walk(nodes, parent: str, path: str) -> None:
        for i, node in enumerate(nodes, 1):
            where = _("Mục %(p)s") % {"p": f"{path}{i}"}
            if not isinstance(node, dict):
                errors.append(_("%(w)s: không phải là một tiêu chí.") % {"w": where})
                continue
            code = str(node.get("code") or "").strip()
            title = str(node.get("title_vi") or node.get("title") or "").strip()
            if code:
                where = _("Tiêu chí %(c)s") % {"c": code}
            if not code:
                errors.append(_("%(w)s: thiếu mã tiêu chí.") % {"w": where})
            if not title:
                errors.append(_("%(w)s: thiếu tên tiêu chí.") % {"w": where})
            metric, metric_note = _metric(node.get("measurable_from_system"))
            note = " ".join(x for x in [str(node.get("note") or "").strip(), metric_note] if x)
            rows.append(
                CriterionRow(
                    code=code,
                    title=title,
                    parent_code=parent,
                    max_points=_points(node.get("max_points"), where, errors),
                    rule=str(node.get("rule") or ""),
                    evidence=str(node.get("evidence") or ""),
                    survey=node.get("survey") is True,
                    kind="bonus_penalty" if node.get("kind") == "bonus_penalty" else "normal",
                    verified=node.get("verified") is True,
                    note=note,
                    source=str(node.get("source") or ""),
                    metric=metric,
                    measure_rule=node.get("measure_rule"),
                )
            )
            walk(node.get("children") or [], code, f"{path}{i}.")

    walk(doc["tree"], "", "")
    check_rows(rows, errors)
    fail(errors)
    groups = [str(g) for g in doc.get("groups") or []]
    return TreeFile(framework=doc.get("framework") or {}, groups=groups, rows=rows)


# Column headers of the Excel template, Vietnamese or English, matched without accents or case.
HEADERS = {
    "code": {"ma", "ma tieu chi", "code"},
    "parent": {"ma cha", "ma muc cha", "parent", "parent code"},
    "title": {"ten", "ten tieu chi", "noi dung", "title"},
    "max_points": {"diem toi da", "max points", "max_points"},
    "rule": {"cach cham", "cach cham diem", "rule"},
    "evidence": {"tai lieu kiem chung", "evidence"},
    "survey": {"dieu tra xhh", "dieu tra xa hoi hoc", "survey"},
    "metric": {"chi so do tu he thong", "chi so he thong", "metric"},
    "agency": {"co quan", "don vi", "ma dinh danh", "agency"},
    "points": {"diem", "points"},
    "criterion": {"ma tieu chi", "tieu chi", "criterion"},
}


def _plain(text) -> str:
    text = unicodedata.normalize("NFD", str(text or "").strip().lower()).replace("đ", "d")
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


def _table(data: bytes, filename: str) -> list[list]:
    """Rows of the first sheet of an .xlsx, or of a .csv (UTF-8, comma or semicolon)."""
    if filename.lower().endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InvalidInput(_("Tệp CSV phải mã hóa UTF-8.")) from exc
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;")
        return [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    if not filename.lower().endswith(".xlsx"):
        raise InvalidInput(_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV."))
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise InvalidInput(_("Tệp Excel không đọc được.")) from exc
    return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


def _columns(header: list, wanted: tuple[str, ...], required: tuple[str, ...]) -> dict[str, int]:
    found = {}
    for i, cell in enumerate(header):
        name = _plain(cell)
        for key in wanted:
            if key not in found and name in HEADERS[key]:
                found[key] = i
                break
    missing = [k for k in required if k not in found]
    if missing:
        raise InvalidInput(
            _("Dòng tiêu đề thiếu cột: %(c)s.") % {"c": ", ".join(missing)}, details={"missing": missing}
        )
    return found


def _cell(row: list, cols: dict[str, int], key: str) -> str:
    i = cols.get(key)
    if i is None or i >= len(row) or row[i] is None:
        return ""
    value = row[i]
    if isinstance(value, float) and value.is_integer() and key in {"code", "parent", "criterion"}:
        value = int(value)
    return str(value).strip()


def parse_xlsx(data: bytes, filename: str = "tieu-chi.xlsx") -> TreeFile:
    """One row per criterion: code, parent code (or a dotted code), title, max points, rule, …"""
    table = _table(data, filename)
    if not table:
        raise InvalidInput(_("Tệp không có dòng nào."))
    cols = _columns(
        table[0],
        ("code", "parent", "title", "max_points", "rule", "evidence", "survey", "metric"),
        ("code", "title", "max_points"),
    )
    errors: list[str] = []
    rows: list[CriterionRow] = []
    for n, raw in enumerate(table[1:], 2):
        if not any(str(c or "").strip() for c in raw):
            continue
        where = _("Dòng %(n)d") % {"n": n}
        code, title = _cell(raw, cols, "code"), _cell(raw, cols, "title")
        parent = _cell(raw, cols, "parent")
        if not parent and "." in code:
            parent = code.rsplit(".", 1)[0]
        if not code:
            errors.append(_("%(w)s: thiếu mã tiêu chí.") % {"w": where})
        if not title:
            errors.append(_("%(w)s: thiếu tên tiêu chí.") % {"w": where})
        metric, note = _metric(_cell(raw, cols, "metric"))
        rows.append(
            CriterionRow(
                code=code,
                title=title,
                parent_code=parent,
                max_points=_points(_cell(raw, cols, "max_points"), where, errors),
                rule=_cell(raw, cols, "rule"),
                evidence=_cell(raw, cols, "evidence"),
                survey=_flag(_cell(raw, cols, "survey")),
                metric=metric,
                note=note,
                line=n,
            )
        )
    check_rows(rows, errors)
    fail(errors)
    return TreeFile(rows=rows)


def check_rows(rows: list[CriterionRow], errors: list[str]) -> None:
    """Codes unique and well-formed, parents known and listed before their children, metrics known."""
    from .measuring import METRICS

    seen: set[str] = set()
    for row in rows:
        where = _("Dòng %(n)d") % {"n": row.line} if row.line else _("Tiêu chí %(c)s") % {"c": row.code}
        if row.code and not CODE_RE.match(row.code):
            errors.append(_("%(w)s: mã “%(c)s” không hợp lệ.") % {"w": where, "c": row.code})
        if row.code in seen:
            errors.append(_("%(w)s: mã “%(c)s” bị trùng.") % {"w": where, "c": row.code})
        if row.parent_code and row.parent_code not in seen:
            errors.append(
                _("%(w)s: mục cha “%(p)s” không có trong tệp (hoặc đứng sau mục con).")
                % {"w": where, "p": row.parent_code}
            )
        if row.max_points is not None and row.max_points < 0 and row.kind != "bonus_penalty":
            errors.append(_("%(w)s: điểm tối đa không được âm.") % {"w": where})
        if row.metric and row.metric not in METRICS:
            errors.append(_("%(w)s: chỉ số “%(m)s” không có trong hệ thống.") % {"w": where, "m": row.metric})
        seen.add(row.code)


@dataclass
class SurveyRow:
    agency: str
    criterion: str
    points: Decimal
    line: int


def parse_survey(data: bytes, filename: str) -> list[SurveyRow]:
    """Columns: cơ quan (identifier code or name), mã tiêu chí, điểm. Checked further by the service."""
    table = _table(data, filename)
    if not table:
        raise InvalidInput(_("Tệp không có dòng nào."))
    cols = _columns(table[0], ("agency", "criterion", "points"), ("agency", "criterion", "points"))
    errors: list[str] = []
    rows: list[SurveyRow] = []
    for n, raw in enumerate(table[1:], 2):
        if not any(str(c or "").strip() for c in raw):
            continue
        where = _("Dòng %(n)d") % {"n": n}
        agency, code, value = (
            _cell(raw, cols, "agency"),
            _cell(raw, cols, "criterion"),
            _cell(raw, cols, "points"),
        )
        if not agency:
            errors.append(_("%(w)s: thiếu cơ quan.") % {"w": where})
        if not code:
            errors.append(_("%(w)s: thiếu mã tiêu chí.") % {"w": where})
        points = _points(value, where, errors)
        if points is None and value == "":
            errors.append(_("%(w)s: thiếu điểm.") % {"w": where})
        rows.append(SurveyRow(agency, code, points if points is not None else Decimal(0), n))
    fail(errors)
    return rows
