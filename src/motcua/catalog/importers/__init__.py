"""Nhập danh mục thủ tục: procedures.yaml / JSON, or the catalogue spreadsheet (.xlsx).

An import is all or nothing: every record is checked, every problem is reported with its
place in the file, and nothing is written unless there is none. Importing the same file again
changes nothing.
"""

from pathlib import Path

from django.utils.translation import gettext as _

from .readers import read_file
from .records import ProcedureData, parse_record
from .report import CatalogFileError, ImportReport, RowError
from .writer import write

__all__ = ["CatalogFileError", "ImportReport", "RowError", "import_catalog"]


def import_catalog(path: str | Path, *, dry_run: bool = False) -> ImportReport:
    """Import a catalogue file; raises ``CatalogFileError`` when the file cannot be read at all."""
    raw_records, errors = read_file(Path(path))
    report = ImportReport(errors=list(errors), dry_run=dry_run)
    records: list[ProcedureData] = []
    for raw in raw_records:
        data, problems = parse_record(raw)
        report.errors.extend(problems)
        if data is not None:
            records.append(data)
    _check_duplicates(records, report)
    # Records that passed are still written (then rolled back) so database-side problems, such
    # as an unknown agency, are reported in the same run as the file's own mistakes.
    write(records, report)
    return report


def _check_duplicates(records: list[ProcedureData], report: ImportReport) -> None:
    for attribute, key, message in (
        ("source_id", "id", _("Định danh «%(value)s» đã dùng cho bản ghi khác trong tệp.")),
        ("code", "code", _("Mã thủ tục «%(value)s» đã dùng cho bản ghi khác trong tệp.")),
    ):
        seen: set[str] = set()
        for data in records:
            value = getattr(data, attribute)
            if value and value in seen:
                report.errors.append(data.loc.error(key, message % {"value": value}))
            seen.add(value)
